// @ts-check
/**
 * A new referral, its form generated from the spec's referral schema: the recipient from the
 * members directory or a service of the service directory, the sections she agreed to share,
 * inline validation with the validator's own messages (POST /validate), and, before sending, the
 * disclosure preview.
 */
import { useMemo, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { mutate, validateDocument } from '../lib/api.js';
import { formModel, pruned } from '../lib/schema-model.js';
import { IssueSummary, ObjectFields, issuesByPointer, setIn } from '../lib/schema-form.js';
import { specVersion } from '../lib/spec.js';
import { currentSession } from '../lib/session.js';
import { navigate } from '../lib/router.js';
import { useAsync } from '../lib/use-async.js';
import { fieldLabel } from '../lib/record-view.js';
import { ErrorLine, Loading } from '../lib/widgets.js';
import { DisclosurePreview } from './disclosure-preview.js';
import { RecipientPicker } from './recipient-picker.js';

/** Set by the console itself, not typed in: who sends, when, for which purpose, under which id. */
const SET_BY_CONSOLE = ['kind', 'specVersion', 'id', 'created', 'sender', 'recipient', 'purpose', 'sections'];

const SUBMIT = `mutation Submit($document: ReferralInput!) { submitReferral(document: $document) { id status } }`;

export function NewReferral() {
  const session = currentSession();
  const model = useAsync(() => formModel('/spec/v1/referral.schema.json'), []);
  const id = useMemo(() => crypto.randomUUID(), []);
  const [recipient, setRecipient] = useState('');
  const [envelope, setEnvelope] = useState(/** @type {Record<string, any>} */ ({}));
  const [sections, setSections] = useState(/** @type {Record<string, any>} */ ({}));
  const [included, setIncluded] = useState(/** @type {string[]} */ ([]));
  const [issues, setIssues] = useState(/** @type {Map<string, string>} */ (new Map()));
  const [checked, setChecked] = useState(/** @type {any} */ (null));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const root = model.value;
  // A recipient chosen from the service directory also names the service, where the schema has the field.
  const hasService = root?.kind === 'object' && root.fields.some((f) => f.name === 'recipientService');
  const sectionsNode = root?.kind === 'object' ? root.fields.find((f) => f.name === 'sections')?.node : undefined;
  // A section that names her (person.subject) names her as the envelope does: filled in, not typed twice.
  const namesHer = new Set(sectionsNode?.kind === 'object' ? sectionsNode.fields.filter((f) => f.node.kind === 'object' && f.node.fields.some((g) => g.name === 'subject')).map((f) => f.name) : []);
  const sectionFields = sectionsNode?.kind === 'object' ? sectionsNode.fields.map((f) => (f.node.kind === 'object' && namesHer.has(f.name) ? { ...f, node: { ...f.node, fields: f.node.fields.filter((g) => g.name !== 'subject') } } : f)) : [];

  async function documentNow() {
    const chosen = Object.fromEntries(included.map((name) => [name, namesHer.has(name) ? { ...sections[name], subject: envelope.subject } : sections[name]]));
    return {
      kind: 'referral', specVersion: await specVersion(), id, created: new Date().toISOString(),
      sender: session?.member, recipient, purpose: session?.purpose,
      ...(pruned(envelope) ?? {}),
      sections: pruned(chosen) ?? {},
    };
  }

  /** Validates with the gateway's validator; when valid, shows the preview for this exact document. */
  async function check() {
    setBusy(true);
    setError('');
    setChecked(null);
    try {
      const document = await documentNow();
      const result = await validateDocument(document, 'referral');
      const found = issuesByPointer(result.issues ?? [], (pointer) => (/^\/sections\/[^/]+\/subject$/.test(pointer) ? '/subject' : pointer));
      setIssues(found);
      if (!result.valid) return;
      setChecked(document);
    } catch (e) {
      setError(String(/** @type {Error} */ (e).message));
    } finally {
      setBusy(false);
    }
  }

  async function send() {
    setBusy(true);
    setError('');
    try {
      const sent = await mutate(SUBMIT, { document: checked });
      navigate('/referral', { id: sent.submitReferral.id });
    } catch (e) {
      setError(String(/** @type {Error} */ (e).message));
    } finally {
      setBusy(false);
    }
  }

  /** Any change means the preview no longer shows what would be sent. */
  const changed = (/** @type {() => void} */ apply) => (apply(), setChecked(null));
  return html`
    <section>
      <h1>${t('new.title')}</h1>
      <${ErrorLine} error=${model.error} />
      <${Loading} loading=${model.loading} />
      ${root && html`
        <form onSubmit=${(/** @type {Event} */ e) => (e.preventDefault(), check())} novalidate>
          <${IssueSummary} issues=${issues} message=${t('new.problems', { count: issues.size })} />
          <${RecipientPicker} required=${true} value=${recipient} onChange=${(/** @type {string} */ v) => changed(() => setRecipient(v))} problem=${issues.get('/recipient')}
            onService=${hasService ? (/** @type {string} */ v) => changed(() => setEnvelope((doc) => setIn(doc, ['recipientService'], v))) : undefined} />
          <p>${t('new.purpose', { purpose: session.purpose })}</p>
          <${ObjectFields} node=${root} value=${envelope} pointer="" path=${[]} issues=${issues} exclude=${SET_BY_CONSOLE}
            onChange=${(/** @type {any[]} */ path, /** @type {any} */ v) => changed(() => setEnvelope((doc) => setIn(doc, path, v)))} />
          <fieldset>
            <legend>${t('new.sections')}</legend>
            <p class="help">${t('new.sectionsHelp')}</p>
            <div class="choices">
              ${sectionFields.map((f) => html`
                <label><input type="checkbox" checked=${included.includes(f.name)} onChange=${(/** @type {any} */ e) => changed(() => setIncluded((list) => (e.currentTarget.checked ? [...list, f.name] : list.filter((n) => n !== f.name))))} /> ${fieldLabel(f.name)}</label>`)}
            </div>
          </fieldset>
          ${html`<${ObjectFields} node=${{ kind: 'object', fields: sectionFields.filter((f) => included.includes(f.name)) }} value=${sections} pointer="/sections" path=${[]} issues=${issues}
            onChange=${(/** @type {any[]} */ path, /** @type {any} */ v) => changed(() => setSections((doc) => setIn(doc, path, v)))} />`}
          <${ErrorLine} error=${error} />
          <button type="submit" disabled=${busy}>${t('new.check')}</button>
        </form>
        ${checked && html`
          <p class="ok" role="status">${t('new.valid')}</p>
          <${DisclosurePreview} recipient=${checked.recipient} subject=${checked.subject} purpose=${checked.purpose} document=${checked} />
          <button type="button" disabled=${busy} onClick=${send}>${t('new.send', { recipient: checked.recipient })}</button>`}
      `}
    </section>`;
}
