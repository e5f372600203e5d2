// @ts-check
/** The data-sharing agreements this gateway enforces that were in force on a chosen day. */
import { useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t } from '../../lib/i18n.js';
import { graphql } from '../../lib/api.js';
import { useAsync } from '../../lib/use-async.js';
import { ErrorLine, Loading } from '../../lib/widgets.js';
import { OFFICER_STYLES, useStylesheet } from './stylesheet.js';
import { dataOrThrow, TextField } from './fields.js';

const QUERY = `query InForce($at: String) { agreementsInForce(at: $at) { id version title validFrom validTo parties clauses } }`;
const today = () => new Date().toISOString().slice(0, 10);

/** @param {unknown} party */
const partyName = (party) => {
  const p = /** @type {Record<string, unknown>} */ (party ?? {});
  return typeof p.member === 'string' ? p.member : Object.entries(p).map(([k, v]) => `${k}=${String(v)}`).join(', ');
};

export function AgreementsInForce() {
  useStylesheet(OFFICER_STYLES);
  const [draft, setDraft] = useState(today);
  const [at, setAt] = useState(today);
  const list = useAsync(async () => dataOrThrow(await graphql(QUERY, { at: at || null })).agreementsInForce, [at]);
  return html`
    <section>
      <h1>${t('officer.agreements.title')}</h1>
      <form class="officer-filters" aria-label=${t('officer.agreements.when')} onSubmit=${(/** @type {Event} */ e) => (e.preventDefault(), setAt(draft))}>
        <${TextField} id="agreements-at" label=${t('officer.agreements.at')} type="date" value=${draft} onInput=${setDraft} required=${true} />
        <div class="actions"><button type="submit">${t('officer.apply')}</button></div>
      </form>
      <${ErrorLine} error=${list.error} />
      <${Loading} loading=${list.loading} />
      ${list.value && (list.value.length === 0
        ? html`<p>${t('officer.agreements.none', { date: at })}</p>`
        : html`
        <table class="records" data-testid="agreements">
          <caption>${t('officer.agreements.caption', { date: at })}</caption>
          <thead><tr><th scope="col">${t('officer.agreements.agreement')}</th><th scope="col">${t('officer.agreements.valid')}</th><th scope="col">${t('officer.agreements.parties')}</th><th scope="col">${t('officer.agreements.clauses')}</th></tr></thead>
          <tbody>
            ${list.value.map((/** @type {any} */ a) => html`
              <tr>
                <td>${a.title} <span class="code">${a.id}@${a.version}</span></td>
                <td>${a.validFrom} – ${a.validTo ?? t('officer.agreements.open')}</td>
                <td><ul class="tags">${(a.parties ?? []).map((/** @type {unknown} */ p) => html`<li class="code">${partyName(p)}</li>`)}</ul></td>
                <td>${a.clauses.join(', ')}</td>
              </tr>`)}
          </tbody>
        </table>`)}
    </section>`;
}
