// @ts-check
/** What a worker does on a referral: accept or decline it (recipient), post a status update. */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { mutate } from '../lib/api.js';
import { currentSession } from '../lib/session.js';
import { specVersion } from '../lib/spec.js';
import { CodePicker, ErrorLine } from '../lib/widgets.js';

const RESPOND = `mutation Respond($id: ID!, $decision: ReferralDecision!, $reasons: [ReferralDeclineReason!], $note: String) {
  respondToReferral(id: $id, decision: $decision, reasons: $reasons, note: $note) { id status }
}`;

const POST_UPDATE = `mutation PostUpdate($referralId: ID!, $document: ReferralStatusUpdateInput!) {
  postStatusUpdate(referralId: $referralId, document: $document) { id status }
}`;

/** A referral the recipient has not answered yet can be accepted or declined. */
const OPEN_STATUSES = new Set(['sent', 'received']);
/** Statuses an update may set after the answer. */
const UPDATE_STATUSES = ['in-progress', 'on-hold', 'completed', 'failed'];

/** @param {{ referral: any, declineReasons: import('../lib/spec.js').Code[], onDone: () => void }} props */
export function Respond({ referral, declineReasons, onDone }) {
  const [reasons, setReasons] = useState(/** @type {string[]} */ ([]));
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (!OPEN_STATUSES.has(referral.status)) return null;

  /** @param {'accept' | 'decline'} decision */
  async function respond(decision) {
    if (decision === 'decline' && !reasons.length) return setError(t('respond.reasonRequired'));
    setBusy(true);
    setError('');
    try {
      await mutate(RESPOND, { id: referral.id, decision, ...(decision === 'decline' ? { reasons } : {}), ...(note ? { note } : {}) });
      onDone();
    } catch (e) {
      setError(String(/** @type {Error} */ (e).message));
    } finally {
      setBusy(false);
    }
  }
  /** @param {string} code @param {boolean} on */
  const toggle = (code, on) => setReasons((list) => (on ? [...list, code] : list.filter((c) => c !== code)));
  return html`
    <form class="section" aria-labelledby="respond-title" onSubmit=${(/** @type {Event} */ e) => e.preventDefault()}>
      <h2 id="respond-title">${t('respond.title')}</h2>
      <div class="field">
        <label for="respond-note">${t('respond.note')}</label>
        <textarea id="respond-note" value=${note} maxLength=${1000} onInput=${(/** @type {any} */ e) => setNote(e.currentTarget.value)} aria-describedby="respond-note-help"></textarea>
        <p id="respond-note-help" class="help">${t('respond.noteHelp')}</p>
      </div>
      <fieldset>
        <legend>${t('respond.reasons')}</legend>
        ${declineReasons.map((reason) => html`
          <div><label><input type="checkbox" checked=${reasons.includes(reason.code)} onChange=${(/** @type {any} */ e) => toggle(reason.code, e.currentTarget.checked)} /> ${reason.label}</label></div>`)}
      </fieldset>
      <${ErrorLine} error=${error} />
      <button type="button" disabled=${busy} onClick=${() => respond('accept')}>${t('respond.accept')}</button>
      ${' '}<button type="button" class="danger" disabled=${busy} onClick=${() => respond('decline')}>${t('respond.decline')}</button>
    </form>`;
}

/** @param {{ referral: any, statuses: import('../lib/spec.js').Code[], onDone: () => void }} props */
export function StatusUpdateForm({ referral, statuses, onDone }) {
  const [status, setStatus] = useState('in-progress');
  const [nextStep, setNextStep] = useState('');
  const [reasonText, setReasonText] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const session = currentSession();
  if (OPEN_STATUSES.has(referral.status) || !session || referral.recipient !== session.member) return null;

  async function post() {
    if (!session) return;
    setError('');
    setDone('');
    const document = {
      kind: 'referral-status-update',
      specVersion: await specVersion(),
      id: crypto.randomUUID(),
      referralId: referral.id,
      sequence: referral.statusHistory.length + 1,
      status,
      previousStatus: referral.status,
      from: session.member,
      to: referral.sender,
      at: new Date().toISOString(),
      ...(nextStep ? { nextStep: { text: nextStep } } : {}),
      ...(reasonText ? { reasonText } : {}),
    };
    try {
      await mutate(POST_UPDATE, { referralId: referral.id, document });
      setDone(t('update.posted'));
      setNextStep('');
      setReasonText('');
      onDone();
    } catch (e) {
      setError(String(/** @type {Error} */ (e).message));
    }
  }
  return html`
    <form class="section" aria-labelledby="update-title" onSubmit=${(/** @type {Event} */ e) => (e.preventDefault(), post())}>
      <h2 id="update-title">${t('update.title')}</h2>
      <${CodePicker} id="update-status" label=${t('list.status')} codes=${statuses.filter((s) => UPDATE_STATUSES.includes(s.code))} value=${status} onChange=${setStatus} />
      <div class="field">
        <label for="update-next">${t('update.nextStep')}</label>
        <input id="update-next" value=${nextStep} maxLength=${500} onInput=${(/** @type {any} */ e) => setNextStep(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="update-reason">${t('update.reasonText')}</label>
        <input id="update-reason" value=${reasonText} maxLength=${500} onInput=${(/** @type {any} */ e) => setReasonText(e.currentTarget.value)} aria-describedby="update-reason-help" />
        <p id="update-reason-help" class="help">${t('respond.noteHelp')}</p>
      </div>
      <${ErrorLine} error=${error} />
      ${done && html`<p class="ok" role="status">${done}</p>`}
      <button type="submit">${t('update.post')}</button>
    </form>`;
}
