// @ts-check
/**
 * The disclosure matrix as a chart: recipients by field group, each cell a bar split into the
 * fields released, released transformed and withheld. The chart is an HTML table whose cells hold
 * a small SVG bar (hidden from assistive technology) and the counts in words, so a screen reader
 * reads the same figures the eye sees; no charting library is needed for it.
 */
import { useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t } from '../../lib/i18n.js';
import { graphql } from '../../lib/api.js';
import { codelist } from '../../lib/spec.js';
import { useAsync } from '../../lib/use-async.js';
import { CodeLabel, ErrorLine, Loading } from '../../lib/widgets.js';
import { OFFICER_STYLES, useStylesheet } from './stylesheet.js';
import { dataOrThrow, TextField } from './fields.js';

const QUERY = `query Matrix($from: String, $to: String) { auditDisclosureMatrix(from: $from, to: $to) { recipient fieldGroup released transformed withheld } }`;
const DECISIONS = /** @type {const} */ (['released', 'transformed', 'withheld']);
const BAR_WIDTH = 72;
const BAR_HEIGHT = 14;

/** @typedef {{ recipient: string, fieldGroup: string, released: number, transformed: number, withheld: number }} Cell */

/** @param {{ cell: Cell }} props */
function Bar({ cell }) {
  const total = cell.released + cell.transformed + cell.withheld;
  let x = 0;
  return html`
    <svg width=${BAR_WIDTH} height=${BAR_HEIGHT} viewBox=${`0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`} aria-hidden="true" focusable="false">
      ${DECISIONS.map((d) => {
        const width = total ? (cell[d] / total) * BAR_WIDTH : 0;
        const rect = html`<rect class=${`bar-${d}`} x=${x} y="0" width=${width} height=${BAR_HEIGHT} />`;
        x += width;
        return rect;
      })}
    </svg>`;
}

/** @param {{ decision: string }} props */
const Swatch = ({ decision }) => html`<svg width="14" height="14" aria-hidden="true" focusable="false"><rect class=${`bar-${decision}`} width="14" height="14" /></svg>`;

export function DisclosureMatrix() {
  useStylesheet(OFFICER_STYLES);
  const [draft, setDraft] = useState({ from: '', to: '' });
  const [period, setPeriod] = useState({ from: '', to: '' });
  const groups = useAsync(() => codelist('field-group'), []);
  const matrix = useAsync(async () => {
    const variables = Object.fromEntries(Object.entries(period).filter(([, v]) => v));
    return /** @type {Cell[]} */ (dataOrThrow(await graphql(QUERY, variables)).auditDisclosureMatrix);
  }, [period]);
  const cells = matrix.value ?? [];
  const recipients = [...new Set(cells.map((c) => c.recipient))].sort();
  const columns = [...new Set(cells.map((c) => c.fieldGroup))].sort();
  const at = new Map(cells.map((c) => [`${c.recipient}\u0000${c.fieldGroup}`, c]));
  return html`
    <section>
      <h1>${t('officer.matrix.title')}</h1>
      <form class="officer-filters" aria-label=${t('officer.period')} onSubmit=${(/** @type {Event} */ e) => (e.preventDefault(), setPeriod(draft))}>
        <${TextField} id="matrix-from" label=${t('officer.from')} type="date" value=${draft.from} onInput=${(/** @type {string} */ from) => setDraft({ ...draft, from })} />
        <${TextField} id="matrix-to" label=${t('officer.to')} type="date" value=${draft.to} onInput=${(/** @type {string} */ to) => setDraft({ ...draft, to })} />
        <div class="actions"><button type="submit">${t('officer.apply')}</button></div>
      </form>
      <ul class="legend">
        ${DECISIONS.map((d) => html`<li><${Swatch} decision=${d} />${t(`officer.${d}`)}</li>`)}
      </ul>
      <p class="help">${t('officer.matrix.help')}</p>
      <${ErrorLine} error=${matrix.error} />
      <${Loading} loading=${matrix.loading} />
      ${matrix.value && (cells.length === 0
        ? html`<p>${t('officer.matrix.empty')}</p>`
        : html`
        <div class="matrix-scroll" tabindex="0" role="region" aria-label=${t('officer.matrix.title')}>
          <table class="matrix" data-testid="disclosure-matrix">
            <caption class="visually-hidden">${t('officer.matrix.title')}</caption>
            <thead><tr><th scope="col">${t('officer.recipient')}</th>${columns.map((g) => html`<th scope="col"><${CodeLabel} code=${g} codes=${groups.value} /></th>`)}</tr></thead>
            <tbody>
              ${recipients.map((r) => html`
                <tr>
                  <th scope="row" class="code">${r}</th>
                  ${columns.map((g) => {
                    const cell = at.get(`${r}\u0000${g}`);
                    return cell
                      ? html`<td><${Bar} cell=${cell} /><span aria-hidden="true">${cell.released} / ${cell.transformed} / ${cell.withheld}</span><span class="visually-hidden">${t('officer.matrix.cell', cell)}</span></td>`
                      : html`<td><span class="visually-hidden">${t('officer.matrix.none')}</span></td>`;
                  })}
                </tr>`)}
            </tbody>
          </table>
        </div>`)}
    </section>`;
}
