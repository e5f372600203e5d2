// @ts-check
/** What the officer's pages share: a labelled text field, and a GraphQL result's data or its error. */
import { html } from '../../lib/html.js';

/**
 * @param {{ id: string, label: string, value: string, onInput: (value: string) => void, type?: string, autocomplete?: string, required?: boolean }} props
 */
export function TextField({ id, label, value, onInput, type = 'text', autocomplete, required }) {
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} type=${type} value=${value} autocomplete=${autocomplete} required=${required} onInput=${(/** @type {any} */ e) => onInput(e.currentTarget.value)} />
    </div>`;
}

/**
 * The data of a result whose every error fails the page (the officer's reads are all-or-nothing).
 * @param {import('../../lib/api.js').GraphqlResult} result
 */
export function dataOrThrow(result) {
  if (result.errors.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.data;
}
