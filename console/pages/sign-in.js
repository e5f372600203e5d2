// @ts-check
/**
 * Sign-in: the purpose of use is chosen explicitly for each session (no default), then a demo
 * member and role with one click when the gateway offers demo sign-in.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { completeProviderSignIn, fetchSignInOffer, sessionEndReason, signInDemo, signInWithProvider } from '../lib/session.js';
import { navigate } from '../lib/router.js';

export function SignIn() {
  const [offer, setOffer] = useState(/** @type {import('../lib/session.js').SignInOffer | null} */ (null));
  const [purpose, setPurpose] = useState('');
  const [role, setRole] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // Back from the identity provider: the gateway holds the session for this browser.
    if (location.hash === '#/signed-in') completeProviderSignIn().then(() => navigate('/'), (e) => setError(String(e.message ?? e)));
    fetchSignInOffer().then((o) => {
      setOffer(o);
      setRole(o.oidc?.roles[0] ?? o.demo?.roles[0] ?? '');
    }, (e) => setError(String(e.message ?? e)));
  }, []);
  const roles = offer ? [...new Set([...(offer.oidc?.roles ?? []), ...(offer.demo?.roles ?? [])])] : [];
  const ended = sessionEndReason();

  /** @param {{ id: string, name: string }} member */
  async function choose(member) {
    if (!purpose) return setError(t('signIn.choosePurpose'));
    setBusy(true);
    setError('');
    try {
      await signInDemo({ member: member.id, memberName: member.name, role, purpose });
      navigate('/');
    } catch (e) {
      setError(String(/** @type {Error} */ (e).message));
    } finally {
      setBusy(false);
    }
  }

  return html`
    <section class="sign-in">
      <h1>${t('signIn.title')}</h1>
      ${ended && html`<p class="notice" role="status">${t(`signIn.ended.${ended}`)}</p>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
      ${offer && html`
        <div class="field">
          <label for="purpose">${t('signIn.purpose')}</label>
          <select id="purpose" required value=${purpose} onChange=${(/** @type {any} */ e) => setPurpose(e.currentTarget.value)} aria-describedby="purpose-help">
            <option value="">${t('signIn.purposeNone')}</option>
            ${offer.purposes.map((p) => html`<option value=${p.code}>${p.label} (${p.code})</option>`)}
          </select>
          <p id="purpose-help" class="help">${t('signIn.purposeHelp')}</p>
        </div>
        ${roles.length > 0 && html`
          <div class="field">
            <label for="role">${t('signIn.role')}</label>
            <select id="role" value=${role} onChange=${(/** @type {any} */ e) => setRole(e.currentTarget.value)}>
              ${roles.map((r) => html`<option value=${r}>${t(`role.${r}`)}</option>`)}
            </select>
          </div>`}
        ${offer.oidc && html`
          <p><button type="button" onClick=${() => (purpose ? signInWithProvider({ role, purpose }) : setError(t('signIn.choosePurpose')))}>${t('signIn.withProvider', { name: offer.oidc.name })}</button></p>`}
        ${offer.demo ? html`
          <h2>${t('signIn.demoMembers')}</h2>
          <p class="help">${t('signIn.demoHelp')}</p>
          <ul class="members">
            ${offer.demo.members.map((m) => html`<li><button type="button" disabled=${busy} onClick=${() => choose(m)}>${t('signIn.as', { name: m.name })} <span class="code">${m.id}</span></button></li>`)}
          </ul>` : !offer.oidc && html`<p>${t('signIn.noMethod')}</p>`}`}
    </section>`;
}
