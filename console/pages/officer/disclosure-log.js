// @ts-check
/**
 * The disclosure log: every field decision the gateway recorded, newest first, narrowed by
 * subject, recipient, field group, purpose and period. Filters live in the page's state (never in
 * the URL: her reference is personal data).
 */
import { useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t } from '../../lib/i18n.js';
import { graphql } from '../../lib/api.js';
import { codelist } from '../../lib/spec.js';
import { useAsync } from '../../lib/use-async.js';
import { CodeLabel, CodePicker, ErrorLine, Loading } from '../../lib/widgets.js';
import { OFFICER_STYLES, useStylesheet } from './stylesheet.js';
import { dataOrThrow, TextField } from './fields.js';

const QUERY = `query Disclosures($subject: String, $recipient: String, $fieldGroup: FieldGroup, $purpose: Purpose, $from: String, $to: String) {
  auditDisclosures(subject: $subject, recipient: $recipient, fieldGroup: $fieldGroup, purpose: $purpose, from: $from, to: $to, limit: 200) {
    seq at type recipient purpose subject user fields { path decision fieldGroup basis reason transform }
  }
}`;

/** @typedef {{ subject: string, recipient: string, fieldGroup: string, purpose: string, from: string, to: string }} Filter */
const NO_FILTER = { subject: '', recipient: '', fieldGroup: '', purpose: '', from: '', to: '' };

/** Only the conditions given, as the API's arguments. @param {Filter} filter */
const variablesOf = (filter) => Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== ''));

/** @param {{ fields: Array<{ decision: string, fieldGroup: string | null }> }} entry */
function groupsByDecision(entry) {
  /** @type {Record<string, Set<string>>} */
  const by = { released: new Set(), transformed: new Set(), withheld: new Set() };
  for (const f of entry.fields) by[f.decision]?.add(f.fieldGroup ?? '—');
  return by;
}

export function DisclosureLog() {
  useStylesheet(OFFICER_STYLES);
  const [draft, setDraft] = useState(/** @type {Filter} */ (NO_FILTER));
  const [filter, setFilter] = useState(/** @type {Filter} */ (NO_FILTER));
  const codes = useAsync(() => Promise.all([codelist('field-group'), codelist('purpose')]), []);
  const log = useAsync(async () => dataOrThrow(await graphql(QUERY, variablesOf(filter))).auditDisclosures, [filter]);
  const [groups, purposes] = codes.value ?? [[], []];
  /** @param {keyof Filter} key */
  const set = (key) => (/** @type {string} */ value) => setDraft({ ...draft, [key]: value });
  return html`
    <section>
      <h1>${t('officer.log.title')}</h1>
      <form class="officer-filters" role="search" aria-label=${t('officer.log.filters')} onSubmit=${(/** @type {Event} */ e) => (e.preventDefault(), setFilter(draft))}>
        <${TextField} id="log-subject" label=${t('officer.subject')} value=${draft.subject} onInput=${set('subject')} autocomplete="off" />
        <${TextField} id="log-recipient" label=${t('officer.recipient')} value=${draft.recipient} onInput=${set('recipient')} />
        <${CodePicker} id="log-group" label=${t('officer.fieldGroup')} codes=${groups} value=${draft.fieldGroup} onChange=${set('fieldGroup')} emptyLabel=${t('list.any')} />
        <${CodePicker} id="log-purpose" label=${t('list.purpose')} codes=${purposes} value=${draft.purpose} onChange=${set('purpose')} emptyLabel=${t('list.any')} />
        <${TextField} id="log-from" label=${t('officer.from')} type="date" value=${draft.from} onInput=${set('from')} />
        <${TextField} id="log-to" label=${t('officer.to')} type="date" value=${draft.to} onInput=${set('to')} />
        <div class="actions"><button type="submit">${t('officer.apply')}</button></div>
      </form>
      <${ErrorLine} error=${log.error} />
      <${Loading} loading=${log.loading} />
      ${log.value && (log.value.length === 0
        ? html`<p>${t('officer.log.empty')}</p>`
        : html`
        <table class="records" data-testid="disclosure-log">
          <caption>${t('officer.log.caption', { count: log.value.length })}</caption>
          <thead><tr>
            <th scope="col">${t('officer.entry')}</th><th scope="col">${t('officer.when')}</th><th scope="col">${t('officer.recipient')}</th>
            <th scope="col">${t('list.purpose')}</th><th scope="col">${t('officer.subject')}</th>
            <th scope="col">${t('officer.released')}</th><th scope="col">${t('officer.transformed')}</th><th scope="col">${t('officer.withheld')}</th>
          </tr></thead>
          <tbody>
            ${log.value.map((/** @type {any} */ e) => {
              const by = groupsByDecision(e);
              const list = (/** @type {Set<string>} */ set, /** @type {string} */ decision) =>
                html`<ul class=${`tags decision-${decision}`}>${[...set].map((g) => html`<li><${CodeLabel} code=${g} codes=${groups} /></li>`)}</ul>`;
              return html`
                <tr>
                  <td>${e.seq}${e.type === 'override' ? html` <strong>${t('officer.override')}</strong>` : ''}</td>
                  <td>${new Date(e.at).toLocaleString()}</td>
                  <td class="code">${e.recipient}</td>
                  <td><${CodeLabel} code=${e.purpose} codes=${purposes} /></td>
                  <td class="code">${e.subject}</td>
                  <td>${list(by.released, 'released')}</td>
                  <td>${list(by.transformed, 'transformed')}</td>
                  <td>${list(by.withheld, 'withheld')}</td>
                </tr>`;
            })}
          </tbody>
        </table>`)}
    </section>`;
}
