// @ts-check
/** Small pieces every page uses: a labelled code picker, loading and error lines. */
import { html } from './html.js';
import { t } from './i18n.js';

/**
 * A select of codes with their labels; the empty choice when `emptyLabel` is given.
 * @param {{ id: string, label: string, codes: import('./spec.js').Code[], value: string, onChange: (value: string) => void, emptyLabel?: string, required?: boolean, describedBy?: string }} props
 */
export function CodePicker({ id, label, codes, value, onChange, emptyLabel, required, describedBy }) {
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} value=${value} required=${required} aria-describedby=${describedBy} onChange=${(/** @type {any} */ e) => onChange(e.currentTarget.value)}>
        ${emptyLabel !== undefined && html`<option value="">${emptyLabel}</option>`}
        ${codes.map((c) => html`<option value=${c.code} title=${c.definition}>${c.label}</option>`)}
      </select>
    </div>`;
}

/** @param {{ error: string }} props */
export const ErrorLine = ({ error }) => (error ? html`<p class="error" role="alert">${error}</p>` : null);

/** @param {{ loading: boolean }} props */
export const Loading = ({ loading }) => (loading ? html`<p class="loading" role="status">${t('common.loading')}</p>` : null);

/**
 * A code shown by its label, the code itself kept for those who know it.
 * @param {{ code: string, codes?: import('./spec.js').Code[] }} props
 */
export function CodeLabel({ code, codes }) {
  const found = codes?.find((c) => c.code === code);
  return html`<span title=${found?.definition ?? ''}>${found?.label ?? code}</span>`;
}
