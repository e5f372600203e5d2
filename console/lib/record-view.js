// @ts-check
/**
 * A spec object shown as nested definition lists: field names made readable, values as given, and
 * every withheld field marked with its reason where it would have been.
 */
import { html } from './html.js';
import { WithheldMark } from './withheld.js';
import { t } from './i18n.js';

/** "dateOfBirth" → "Date of birth" */
export const fieldLabel = (/** @type {string} */ name) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (c) => c.toUpperCase());

/**
 * A field of a referral named by its JSON Pointer, in the same words as the record's own labels:
 * "/sections/person/givenName" → "Person › Given name" (list positions left out).
 */
export const pointerLabel = (/** @type {string} */ pointer) =>
  pointer.split('/').slice(1).filter((part, i, all) => !(i === 0 && part === 'sections' && all.length > 1) && !/^(\d+|\*)$/.test(part)).map(fieldLabel).join(' › ');

/** A plain value as text: yes or no for a boolean. */
const shown = (/** @type {unknown} */ value) => (typeof value === 'boolean' ? t(value ? 'form.yes' : 'form.no') : String(value));

/**
 * @param {{ value: any, withheld: Map<string, import('./api.js').Withheld>, path?: string }} props
 * @returns {any}
 */
export function RecordView({ value, withheld, path = '' }) {
  const at = (/** @type {string | number} */ key) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(value)) {
    return html`<ol class="items">${value.map((item, i) => html`<li>${item !== null && typeof item === 'object' ? html`<${RecordView} value=${item} withheld=${withheld} path=${at(i)} />` : shown(item)}</li>`)}</ol>`;
  }
  const keys = Object.keys(value ?? {}).filter((key) => value[key] !== null || withheld.has(at(key)));
  if (!keys.length) return null;
  return html`
    <dl class="kv">
      ${keys.map((key) => {
        const entry = withheld.get(at(key));
        const item = value[key];
        return html`<dt>${fieldLabel(key)}</dt><dd>${entry ? html`<${WithheldMark} entry=${entry} />` : item !== null && typeof item === 'object' ? html`<${RecordView} value=${item} withheld=${withheld} path=${at(key)} />` : shown(item)}</dd>`;
      })}
    </dl>`;
}
