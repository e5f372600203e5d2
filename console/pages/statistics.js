// @ts-check
/**
 * Statistics, for a session whose purpose is `statistics`: a measure and up to four dimensions from
 * the gateway's vocabulary, a period, this gateway's table or the federation's. The table is shown
 * as the officer's disclosure matrix is: an HTML table whose rows carry a small SVG bar (hidden from
 * assistive technology) beside the count in words, so eye and screen reader get the same figures. A
 * suppressed cell says so and why, never zero. The CSV and JSON downloads carry only the question
 * (measure, dimensions, period): no personal data is ever in their address.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { graphql } from '../lib/api.js';
import { currentSession, touch } from '../lib/session.js';
import { saveAs } from '../lib/save-file.js';
import { useAsync } from '../lib/use-async.js';
import { ErrorLine, Loading } from '../lib/widgets.js';
import { OFFICER_STYLES, useStylesheet } from './officer/stylesheet.js';
import { dataOrThrow } from './officer/fields.js';

const VOCABULARY = `query Vocabulary { statisticsVocabulary { measures { code description } dimensions { code description } } }`;
const TABLE = `query Table($measure: StatisticsMeasure!, $dimensions: [StatisticsDimension!], $from: String, $to: String, $federated: Boolean) {
  statistics(measure: $measure, dimensions: $dimensions, from: $from, to: $to, federated: $federated) {
    measure dimensions from to categories cells { values count suppressed }
    suppression { k rounding primary secondary peer } sources { gateway answered error } } }`;
const MAX_DIMENSIONS = 4;
const BAR_WIDTH = 160;
const BAR_HEIGHT = 14;
const TOTAL = '*';

/**
 * @typedef {{ code: string, description: string }} Entry
 * @typedef {{ values: string[], count: number | null, suppressed: string | null }} Cell
 * @typedef {{ measure: string, dimensions: string[], categories: string[][], cells: Cell[], suppression: { k: number, rounding: number | null, primary: number, secondary: number, peer: number },
 *   sources: Array<{ gateway: string, answered: boolean, error: string | null }> | null }} Table
 * @typedef {{ measure: string, dimensions: string[], from: string, to: string, federated: boolean }} Question
 */

/** The question as variables and as a download's query string: codes and months only, never a person. @param {Question} q */
function variablesOf(q) {
  return { measure: q.measure, dimensions: q.dimensions, ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), federated: q.federated };
}
/** @param {Question} q */
function downloadQuery(q) {
  // Written out rather than by URLSearchParams, which would hide the dimensions' commas as %2C.
  const params = [`measure=${encodeURIComponent(q.measure)}`];
  if (q.dimensions.length) params.push(`dimensions=${q.dimensions.map(encodeURIComponent).join(',')}`);
  if (q.from) params.push(`from=${encodeURIComponent(q.from)}`);
  if (q.to) params.push(`to=${encodeURIComponent(q.to)}`);
  if (q.federated) params.push('federated=true');
  return params.join('&');
}

/** Rows in the order of each dimension's categories, its total last. @param {Table} table */
function orderedCells(table) {
  const rank = (/** @type {string} */ value, /** @type {number} */ d) => (value === TOTAL ? Number.MAX_SAFE_INTEGER : (table.categories[d] ?? []).indexOf(value));
  return [...table.cells].sort((a, b) => {
    for (let d = 0; d < a.values.length; d++) {
      const diff = rank(a.values[d] ?? '', d) - rank(b.values[d] ?? '', d);
      if (diff) return diff;
    }
    return 0;
  });
}

/** @param {{ count: number, max: number }} props */
function Bar({ count, max }) {
  const width = max ? (count / max) * BAR_WIDTH : 0;
  return html`<svg width=${BAR_WIDTH} height=${BAR_HEIGHT} viewBox=${`0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`} aria-hidden="true" focusable="false"><rect class="bar-count" x="0" y="0" width=${width} height=${BAR_HEIGHT} /></svg>`;
}

/** @param {{ cell: Cell, k: number }} props */
function Count({ cell, k }) {
  if (cell.count !== null) return html`<span>${cell.count}</span>`;
  return html`<span class="suppressed" data-testid="suppressed">${t('statistics.suppressed')}<span class="why"> (${t(`statistics.why.${cell.suppressed ?? 'primary'}`, { k })})</span></span>`;
}

/** @param {{ table: Table }} props */
function TableChart({ table }) {
  const cells = orderedCells(table);
  // Bars compare the cells that are not totals (a total's bar would dwarf them); totals have none.
  const max = Math.max(0, ...cells.filter((c) => !c.values.includes(TOTAL)).map((c) => c.count ?? 0));
  const label = (/** @type {string} */ value) => (value === TOTAL ? t('statistics.total') : value);
  return html`
    <div class="matrix-scroll" tabindex="0" role="region" aria-label=${t('statistics.table', { measure: table.measure })}>
      <table class="matrix statistics" data-testid="statistics-table">
        <caption>${t('statistics.table', { measure: table.measure })}</caption>
        <thead><tr>${table.dimensions.map((d) => html`<th scope="col">${d}</th>`)}<th scope="col">${t('statistics.count')}</th><th scope="col"><span class="visually-hidden">${t('statistics.chart')}</span></th></tr></thead>
        <tbody>
          ${cells.map((cell) => html`
            <tr class=${cell.values.includes(TOTAL) ? 'margin' : undefined}>
              ${cell.values.map((v, d) => (d === 0 ? html`<th scope="row">${label(v)}</th>` : html`<td>${label(v)}</td>`))}
              <td class="count"><${Count} cell=${cell} k=${table.suppression.k} /></td>
              <td>${cell.count !== null && !cell.values.includes(TOTAL) && html`<${Bar} count=${cell.count} max=${max} />`}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>`;
}

/** @param {{ table: Table }} props */
function Protection({ table }) {
  const s = table.suppression;
  return html`
    <p class="help" data-testid="suppression">${t('statistics.protection', { largest: s.k - 1, primary: s.primary, secondary: s.secondary, peer: s.peer })}${s.rounding ? ` ${t('statistics.rounding', { rounding: s.rounding })}` : ''}</p>
    ${table.sources && html`
      <ul class="sources" aria-label=${t('statistics.sources')}>
        ${table.sources.map((src) => html`<li>${src.answered ? t('statistics.sourceAnswered', { gateway: src.gateway }) : t('statistics.sourceSilent', { gateway: src.gateway, error: src.error ?? '' })}</li>`)}
      </ul>`}`;
}

export function StatisticsPage() {
  useStylesheet(OFFICER_STYLES);
  const vocabulary = useAsync(async () => /** @type {{ measures: Entry[], dimensions: Entry[] }} */ (dataOrThrow(await graphql(VOCABULARY)).statisticsVocabulary), []);
  const [draft, setDraft] = useState(/** @type {Question} */ ({ measure: 'referrals', dimensions: [], from: '', to: '', federated: false }));
  const [asked, setAsked] = useState(/** @type {Question | null} */ (null));
  const [downloadError, setDownloadError] = useState('');
  const table = useAsync(async () => (asked ? /** @type {Table} */ (dataOrThrow(await graphql(TABLE, variablesOf(asked))).statistics) : null), [asked]);
  const measures = vocabulary.value?.measures ?? [];
  const dimensions = vocabulary.value?.dimensions ?? [];
  const measure = measures.find((m) => m.code === draft.measure);

  /** @param {'csv' | 'json'} format */
  async function download(format) {
    const session = currentSession();
    if (!session || !asked) return;
    setDownloadError('');
    touch();
    try {
      const response = await fetch(`/stats/table.${format}?${downloadQuery(asked)}`, { headers: { authorization: `Bearer ${session.token}` } });
      if (!response.ok) throw new Error((await response.json().catch(() => ({}))).errors?.[0]?.message ?? String(response.status));
      saveAs(await response.blob(), `nrx-${asked.measure}${asked.dimensions.length ? `-by-${asked.dimensions.join('-')}` : ''}.${format}`);
    } catch (error) {
      setDownloadError(String(/** @type {Error} */ (error).message));
    }
  }

  return html`
    <section>
      <h1>${t('statistics.title')}</h1>
      <p class="help">${t('statistics.help')}</p>
      <${ErrorLine} error=${vocabulary.error} />
      <form onSubmit=${(/** @type {Event} */ e) => (e.preventDefault(), setAsked({ ...draft }))}>
        <div class="field">
          <label for="stats-measure">${t('statistics.measure')}</label>
          <select id="stats-measure" value=${draft.measure} aria-describedby="stats-measure-help" onChange=${(/** @type {any} */ e) => setDraft({ ...draft, measure: e.currentTarget.value })}>
            ${measures.map((m) => html`<option value=${m.code}>${m.code}</option>`)}
          </select>
          <p id="stats-measure-help" class="help">${measure?.description ?? ''}</p>
        </div>
        <fieldset>
          <legend>${t('statistics.dimensions', { max: MAX_DIMENSIONS })}</legend>
          <div class="choices">
            ${dimensions.map((d) => html`<label title=${d.description}><input type="checkbox" checked=${draft.dimensions.includes(d.code)}
              disabled=${!draft.dimensions.includes(d.code) && draft.dimensions.length >= MAX_DIMENSIONS}
              onChange=${(/** @type {any} */ e) => setDraft({ ...draft, dimensions: e.currentTarget.checked ? [...draft.dimensions, d.code] : draft.dimensions.filter((x) => x !== d.code) })} /> ${d.code}</label>`)}
          </div>
        </fieldset>
        <div class="officer-filters">
          <div class="field"><label for="stats-from">${t('statistics.from')}</label><input id="stats-from" type="month" value=${draft.from} onInput=${(/** @type {any} */ e) => setDraft({ ...draft, from: e.currentTarget.value })} /></div>
          <div class="field"><label for="stats-to">${t('statistics.to')}</label><input id="stats-to" type="month" value=${draft.to} onInput=${(/** @type {any} */ e) => setDraft({ ...draft, to: e.currentTarget.value })} /></div>
        </div>
        <p><label><input type="checkbox" checked=${draft.federated} onChange=${(/** @type {any} */ e) => setDraft({ ...draft, federated: e.currentTarget.checked })} /> ${t('statistics.federated')}</label></p>
        <button type="submit">${t('statistics.show')}</button>
      </form>
      <${ErrorLine} error=${table.error || downloadError} />
      <${Loading} loading=${Boolean(asked) && table.loading} />
      ${table.value && html`
        <${Protection} table=${table.value} />
        <${TableChart} table=${table.value} />
        <p class="downloads">
          <button type="button" class="secondary" onClick=${() => download('csv')}>${t('statistics.downloadCsv')}</button>
          <button type="button" class="secondary" onClick=${() => download('json')}>${t('statistics.downloadJson')}</button>
        </p>
        <p class="help">${t('statistics.downloadHelp')} <span class="code" data-testid="download-address">/stats/table.csv?${asked ? downloadQuery(asked) : ''}</span></p>`}
    </section>`;
}
