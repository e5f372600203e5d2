// @ts-check
/**
 * Her consents: find them by her reference, review each, withdraw one the member recorded, record a
 * new one (form generated from the spec's consent-record schema, checked by the validator), and
 * see what a recipient would receive now.
 */
import { useMemo, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { graphql, mutate, validateDocument } from '../lib/api.js';
import { selectionOf } from '../lib/selection.js';
import { formModel, pruned } from '../lib/schema-model.js';
import { IssueSummary, ObjectFields, issuesByPointer, setIn } from '../lib/schema-form.js';
import { specVersion } from '../lib/spec.js';
import { currentSession } from '../lib/session.js';
import { useAsync } from '../lib/use-async.js';
import { ErrorLine, Loading } from '../lib/widgets.js';
import { ConsentView } from './consent-view.js';
import { DisclosurePreview } from './disclosure-preview.js';
import { RecipientPicker } from './recipient-picker.js';

const WITHDRAW = `mutation Withdraw($id: ID!) { withdrawConsent(id: $id) { id withdrawn } }`;
const RECORD = `mutation Record($document: ConsentRecordInput!) { recordConsent(document: $document) { id } }`;
const SET_BY_CONSOLE = ['kind', 'specVersion', 'id', 'subject', 'recordedBy', 'withdrawal', 'supersedes'];

/** @param {string} subject */
async function consentsOf(subject) {
  const selection = await selectionOf('ConsentRecord', 5);
  const result = await graphql(`query Consents($subject: String!) { subjectCase(subject: $subject) { consents { id recordedBy recorded withdrawn withdrawnAt document ${selection} } } }`, { subject });
  if (!result.data?.subjectCase) throw new Error(result.errors[0]?.message ?? t('consent.notFound'));
  return /** @type {any[]} */ (result.data.subjectCase.consents);
}

/** @param {{ subject: string, onRecorded: () => void }} props */
function RecordConsent({ subject, onRecorded }) {
  const session = currentSession();
  const model = useAsync(() => formModel('/spec/v1/consent-record.schema.json'), []);
  const id = useMemo(() => crypto.randomUUID(), [subject]);
  const [value, setValue] = useState(/** @type {Record<string, any>} */ ({}));
  const [issues, setIssues] = useState(/** @type {Map<string, string>} */ (new Map()));
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  async function record() {
    setError('');
    setDone('');
    const document = { kind: 'consent-record', specVersion: await specVersion(), id, subject, recordedBy: { member: session?.member }, ...(pruned(value) ?? {}) };
    const checked = await validateDocument(document, 'consent-record');
    const found = issuesByPointer(checked.issues ?? []);
    setIssues(found);
    if (!checked.valid) return;
    try {
      await mutate(RECORD, { document });
      setDone(t('consent.recorded'));
      setValue({});
      onRecorded();
    } catch (e) {
      setError(String(/** @type {Error} */ (e).message));
    }
  }
  return html`
    <details class="section">
      <summary>${t('consent.recordTitle')}</summary>
      <${Loading} loading=${model.loading} />
      ${model.value && html`
        <form onSubmit=${(/** @type {Event} */ e) => (e.preventDefault(), record())} novalidate>
          <${IssueSummary} issues=${issues} message=${t('new.problems', { count: issues.size })} />
          <${ObjectFields} node=${model.value} value=${value} pointer="" path=${[]} issues=${issues} exclude=${SET_BY_CONSOLE} onChange=${(/** @type {any[]} */ path, /** @type {any} */ v) => setValue((doc) => setIn(doc, path, v))} />
          <${ErrorLine} error=${error} />
          ${done && html`<p class="ok" role="status">${done}</p>`}
          <button type="submit">${t('consent.record')}</button>
        </form>`}
    </details>`;
}

export function ConsentsPage() {
  const session = currentSession();
  const [draft, setDraft] = useState('');
  const [subject, setSubject] = useState('');
  const [recipient, setRecipient] = useState('');
  const [round, setRound] = useState(0);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const consents = useAsync(() => (subject ? consentsOf(subject) : Promise.resolve(null)), [subject, round]);

  /** @param {string} id */
  async function withdraw(id) {
    setBusy(true);
    setError('');
    try {
      await mutate(WITHDRAW, { id });
      setRound((r) => r + 1);
    } catch (e) {
      setError(String(/** @type {Error} */ (e).message));
    } finally {
      setBusy(false);
    }
  }
  return html`
    <section>
      <h1>${t('consent.title')}</h1>
      <form role="search" class="filters" onSubmit=${(/** @type {Event} */ e) => (e.preventDefault(), setSubject(draft.trim()))}>
        <div class="field">
          <label for="consent-subject">${t('list.subject')}</label>
          <input id="consent-subject" autocomplete="off" value=${draft} onInput=${(/** @type {any} */ e) => setDraft(e.currentTarget.value)} />
        </div>
        <div class="field"><span aria-hidden="true"> </span><button type="submit">${t('consent.find')}</button></div>
      </form>
      <${ErrorLine} error=${consents.error || error} />
      <${Loading} loading=${consents.loading && !!subject} />
      ${subject && consents.value && html`
        <h2>${t('consent.ofHer', { subject, count: consents.value.length })}</h2>
        ${consents.value.map((entry) => html`<${ConsentView} entry=${entry} busy=${busy} onWithdraw=${entry.recordedBy === session?.member ? () => withdraw(entry.id) : undefined} />`)}
        <${RecordConsent} subject=${subject} onRecorded=${() => setRound((r) => r + 1)} />
        <h2>${t('consent.previewTitle')}</h2>
        <${RecipientPicker} value=${recipient} onChange=${setRecipient} />
        ${recipient && session && html`<${DisclosurePreview} recipient=${recipient} subject=${subject} purpose=${session.purpose} round=${round} />`}`}
    </section>`;
}
