// @ts-check
/**
 * The disclosure preview (`disclosurePreview` query): for one recipient and purpose, exactly which
 * of her fields would go, in which form, on which basis, and what is withheld and why.
 */
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { graphql } from '../lib/api.js';
import { useAsync } from '../lib/use-async.js';
import { ErrorLine, Loading } from '../lib/widgets.js';

const PREVIEW = `query Preview($recipient: ID!, $subject: String!, $purpose: Purpose!) {
  disclosurePreview(recipient: $recipient, subject: $subject, purpose: $purpose) {
    recipient purpose crossBorder overrides
    fields { pointer description decision transform legalBasis consent agreement reason explanation }
  }
}`;

/**
 * Rows of the preview: the field, whether it goes and in which form, and why.
 * @param {{ caption: string, rows: any[] }} props
 */
function PreviewTable({ caption, rows }) {
  if (!rows.length) return null;
  return html`
    <table class="records">
      <caption>${caption}</caption>
      <thead><tr><th scope="col">${t('preview.field')}</th><th scope="col">${t('preview.decision')}</th><th scope="col">${t('preview.why')}</th></tr></thead>
      <tbody>
        ${rows.map((f) => html`
          <tr>
            <td>${f.description || f.pointer} <span class="code">${f.pointer}</span></td>
            <td class=${f.decision}>${t(`preview.decision.${f.decision}`)}${f.transform ? ` (${f.transform})` : ''}</td>
            <td>${f.decision === 'withhold' ? (f.explanation ?? t(`withheld.${f.reason}`)) : [f.consent && t('preview.byConsent', { consent: f.consent }), f.agreement && t('preview.byAgreement', { agreement: f.agreement }), f.legalBasis && f.legalBasis !== 'consent' && t('preview.byLegalBasis', { basis: f.legalBasis })].filter(Boolean).join('; ')}</td>
          </tr>`)}
      </tbody>
    </table>`;
}

/**
 * The JSON Pointers of a document's values, list positions written as `*` as the preview writes them.
 * @param {any} value
 * @param {string} [at]
 * @returns {string[]}
 */
export function valuePointers(value, at = '') {
  if (Array.isArray(value)) return value.flatMap((item) => valuePointers(item, `${at}/*`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, v]) => valuePointers(v, `${at}/${key}`));
  return [at];
}

/**
 * The preview for a recipient and purpose; given the document about to be sent, only the fields it
 * carries (a field of hers it does not carry goes nowhere).
 * @param {{ recipient: string, subject: string, purpose: string, document?: any, round?: number }} props
 */
export function DisclosurePreview({ recipient, subject, purpose, document, round = 0 }) {
  const preview = useAsync(async () => {
    const result = await graphql(PREVIEW, { recipient, subject, purpose });
    const preview = result.data?.disclosurePreview;
    if (!preview) throw new Error(result.errors[0]?.message ?? t('preview.unavailable'));
    if (!document) return preview;
    const carried = new Set(valuePointers(document.sections ?? {}, '/sections'));
    return { ...preview, fields: preview.fields.filter((/** @type {any} */ f) => carried.has(f.pointer)) };
  }, [recipient, subject, purpose, round]);
  const p = preview.value;
  const released = p ? p.fields.filter((/** @type {any} */ f) => f.decision !== 'withhold').length : 0;
  return html`
    <section class="preview" aria-labelledby="preview-title" data-testid="disclosure-preview">
      <h2 id="preview-title">${t('preview.title', { recipient })}</h2>
      <${ErrorLine} error=${preview.error} />
      <${Loading} loading=${preview.loading} />
      ${p && html`
        <p data-testid="preview-summary">${t('preview.summary', { released, withheld: p.fields.length - released, purpose: p.purpose })}</p>
        ${p.crossBorder && html`<p class="notice">${t('preview.crossBorder')}</p>`}
        ${p.overrides.length ? html`<p class="notice">${t('preview.overrides', { bases: p.overrides.join(', ') })}</p>` : null}
        <${PreviewTable} caption=${t('preview.goes')} rows=${p.fields.filter((/** @type {any} */ f) => f.decision !== 'withhold')} />
        <details open=${!!document}>
          <summary>${t('preview.withheldFields', { count: p.fields.length - released })}</summary>
          <${PreviewTable} caption=${t('preview.withheldFields', { count: p.fields.length - released })} rows=${p.fields.filter((/** @type {any} */ f) => f.decision === 'withhold')} />
        </details>`}
    </section>`;
}
