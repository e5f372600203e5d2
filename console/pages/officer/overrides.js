// @ts-check
/**
 * Overrides awaiting review: disclosures made on a legal basis other than her consent, oldest
 * first, each with what went to whom and why, and a review the officer records with a note.
 */
import { useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t } from '../../lib/i18n.js';
import { graphql, mutate } from '../../lib/api.js';
import { codelist } from '../../lib/spec.js';
import { useAsync } from '../../lib/use-async.js';
import { CodeLabel, ErrorLine, Loading } from '../../lib/widgets.js';
import { OFFICER_STYLES, useStylesheet } from './stylesheet.js';
import { dataOrThrow } from './fields.js';

const QUERY = `{ auditOverridesAwaitingReview(limit: 100) { seq at recipient purpose subject user fields { path decision fieldGroup bases } } }`;
const REVIEW = `mutation Review($entry: Int!, $note: String!) { reviewOverride(entry: $entry, note: $note) { entrySeq reviewSeq reviewedAt } }`;

/** @param {{ entry: any, groups: import('../../lib/spec.js').Code[], onReviewed: (seq: number) => void }} props */
function Override({ entry, groups, onReviewed }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // Every basis the release needed: the agreement clause and the legal basis that stood without her consent.
  const bases = [...new Set(entry.fields.flatMap((/** @type {any} */ f) => f.bases ?? []))];
  const released = [...new Set(entry.fields.filter((/** @type {any} */ f) => f.decision !== 'withheld').map((/** @type {any} */ f) => f.fieldGroup ?? '—'))];
  const noteId = `review-note-${entry.seq}`;
  /** @param {Event} e */
  async function review(e) {
    e.preventDefault();
    if (!note.trim()) return setError(t('officer.overrides.noteRequired'));
    setBusy(true);
    try {
      await mutate(REVIEW, { entry: entry.seq, note });
      onReviewed(entry.seq);
    } catch (err) {
      setError(String(/** @type {Error} */ (err).message));
      setBusy(false);
    }
  }
  return html`
    <li class="section" data-testid="override">
      <h2>${t('officer.overrides.entry', { seq: entry.seq, recipient: entry.recipient })}</h2>
      <dl class="kv">
        <dt>${t('officer.when')}</dt><dd>${new Date(entry.at).toLocaleString()}</dd>
        <dt>${t('list.purpose')}</dt><dd>${entry.purpose}</dd>
        <dt>${t('officer.subject')}</dt><dd class="code">${entry.subject}</dd>
        <dt>${t('officer.basis')}</dt><dd>${bases.join(', ')}</dd>
        <dt>${t('officer.released')}</dt><dd><ul class="tags">${released.map((g) => html`<li><${CodeLabel} code=${g} codes=${groups} /></li>`)}</ul></dd>
      </dl>
      <form class="review" onSubmit=${review}>
        <label for=${noteId}>${t('officer.overrides.note')}</label>
        <textarea id=${noteId} value=${note} aria-describedby=${`${noteId}-help`} aria-invalid=${error ? 'true' : undefined} onInput=${(/** @type {any} */ e) => setNote(e.currentTarget.value)}></textarea>
        <p class="help" id=${`${noteId}-help`}>${t('officer.overrides.noteHelp')}</p>
        <${ErrorLine} error=${error} />
        <div><button type="submit" disabled=${busy}>${t('officer.overrides.review')}</button></div>
      </form>
    </li>`;
}

export function OverridesAwaitingReview() {
  useStylesheet(OFFICER_STYLES);
  const [reviewed, setReviewed] = useState(/** @type {number[]} */ ([]));
  const groups = useAsync(() => codelist('field-group'), []);
  const list = useAsync(async () => dataOrThrow(await graphql(QUERY)).auditOverridesAwaitingReview, []);
  const waiting = (list.value ?? []).filter((/** @type {any} */ e) => !reviewed.includes(e.seq));
  return html`
    <section>
      <h1>${t('officer.overrides.title')}</h1>
      <p class="help">${t('officer.overrides.help')}</p>
      <${ErrorLine} error=${list.error} />
      <${Loading} loading=${list.loading} />
      ${reviewed.length > 0 && html`<p class="ok" role="status">${t('officer.overrides.done', { count: reviewed.length })}</p>`}
      ${list.value && (waiting.length === 0
        ? html`<p>${t('officer.overrides.none')}</p>`
        : html`<ul class="override-list">${waiting.map((/** @type {any} */ e) => html`<${Override} key=${e.seq} entry=${e} groups=${groups.value ?? []} onReviewed=${(/** @type {number} */ seq) => setReviewed([...reviewed, seq])} />`)}</ul>`)}
    </section>`;
}
