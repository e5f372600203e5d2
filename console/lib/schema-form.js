// @ts-check
/**
 * Renders a form model (schema-model.js) as labelled, keyboard-usable controls, each with the
 * validator's message for its JSON Pointer shown beside it and announced (aria-invalid,
 * aria-describedby).
 */
import { html } from './html.js';
import { t } from './i18n.js';
import { fieldLabel } from './record-view.js';

/**
 * A copy of `value` with `path` set to `next` (undefined removes it).
 * @param {any} value
 * @param {Array<string | number>} path
 * @param {any} next
 * @returns {any}
 */
export function setIn(value, path, next) {
  if (!path.length) return next;
  const [head, ...rest] = /** @type {[string | number, ...Array<string | number>]} */ (path);
  const copy = Array.isArray(value) ? [...value] : { ...(value ?? {}) };
  const inner = setIn(copy[/** @type {any} */ (head)], rest, next);
  if (inner === undefined && !Array.isArray(copy)) delete copy[/** @type {any} */ (head)];
  else copy[/** @type {any} */ (head)] = inner;
  return copy;
}

/** An instant as a datetime-local input shows it, in the browser's time zone. */
const localInput = (/** @type {string} */ instant) => {
  const at = new Date(instant);
  return Number.isNaN(at.getTime()) ? '' : new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

const idOf = (/** @type {string} */ pointer) => `f${pointer.replace(/[^A-Za-z0-9]+/g, '-')}`;

/**
 * @typedef {{ value: any, pointer: string, issues: Map<string, string>, onChange: (path: Array<string | number>, value: any) => void }} Common
 */

/**
 * One field: its control, its description and its problem.
 * @param {Common & { field: import('./schema-model.js').Field, path: Array<string | number> }} props
 * @returns {any}
 */
function FieldControl({ field, value, pointer, path, issues, onChange }) {
  const node = field.node;
  const id = idOf(pointer);
  const problem = issues.get(pointer);
  const helpId = `${id}-help`;
  const problemId = `${id}-problem`;
  const describedBy = [field.description ? helpId : '', problem ? problemId : ''].filter(Boolean).join(' ') || undefined;
  const label = `${fieldLabel(field.name)}${field.required ? ` (${t('form.required')})` : ''}`;
  const help = field.description ? html`<p id=${helpId} class="help">${field.description}</p>` : null;
  const problemLine = problem ? html`<p id=${problemId} class="error">${problem}</p>` : null;
  const set = (/** @type {any} */ next) => onChange(path, next);
  if (node.kind === 'object') {
    return html`<fieldset aria-describedby=${describedBy}><legend>${label}</legend>${help}${problemLine}<${ObjectFields} node=${node} value=${value} pointer=${pointer} path=${path} issues=${issues} onChange=${onChange} /></fieldset>`;
  }
  if (node.kind === 'list') {
    const items = Array.isArray(value) ? value : [];
    return html`
      <fieldset aria-describedby=${describedBy}>
        <legend>${label}</legend>${help}${problemLine}
        ${items.map((item, i) => html`
          <div class="item">
            <${FieldControl} field=${{ name: `${field.name} ${i + 1}`, required: false, description: '', node: node.item }} value=${item} pointer=${`${pointer}/${i}`} path=${[...path, i]} issues=${issues} onChange=${onChange} />
            <button type="button" class="secondary" onClick=${() => set(items.filter((_, j) => j !== i))}>${t('form.remove', { name: `${fieldLabel(field.name)} ${i + 1}` })}</button>
          </div>`)}
        <button type="button" class="secondary" onClick=${() => set([...items, {}])}>${t('form.add', { name: fieldLabel(field.name) })}</button>
      </fieldset>`;
  }
  if (node.kind === 'codes') {
    const chosen = Array.isArray(value) ? value : [];
    return html`
      <fieldset aria-describedby=${describedBy}>
        <legend>${label}</legend>${help}${problemLine}
        <div class="choices">
          ${node.codes.map((code) => html`<label title=${code.definition}><input type="checkbox" checked=${chosen.includes(code.code)} onChange=${(/** @type {any} */ e) => set(e.currentTarget.checked ? [...chosen, code.code] : chosen.filter((c) => c !== code.code))} /> ${code.label}</label>`)}
        </div>
      </fieldset>`;
  }
  /** @type {any} */
  let control;
  const common = { id, 'aria-describedby': describedBy, 'aria-invalid': problem ? 'true' : undefined, 'aria-required': field.required ? 'true' : undefined };
  if (node.kind === 'code') {
    control = html`<select ...${common} value=${value ?? ''} onChange=${(/** @type {any} */ e) => set(e.currentTarget.value || undefined)}><option value="">${t('form.none')}</option>${node.codes.map((c) => html`<option value=${c.code} title=${c.definition}>${c.label}</option>`)}</select>`;
  } else if (node.kind === 'bool') {
    control = html`<select ...${common} value=${value === undefined ? '' : String(value)} onChange=${(/** @type {any} */ e) => set(e.currentTarget.value === '' ? undefined : e.currentTarget.value === 'true')}><option value="">${t('form.none')}</option><option value="true">${t('form.yes')}</option><option value="false">${t('form.no')}</option></select>`;
  } else if (node.kind === 'number') {
    control = html`<input ...${common} type="number" step=${node.integer ? 1 : 'any'} value=${value ?? ''} onInput=${(/** @type {any} */ e) => set(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))} />`;
  } else if (node.kind === 'texts') {
    control = html`<input ...${common} value=${Array.isArray(value) ? value.join(', ') : ''} onChange=${(/** @type {any} */ e) => set(e.currentTarget.value.split(',').map((/** @type {string} */ s) => s.trim()).filter(Boolean))} />`;
  } else if (node.kind === 'text' && node.multiline) {
    control = html`<textarea ...${common} maxLength=${node.maxLength} value=${value ?? ''} onInput=${(/** @type {any} */ e) => set(e.currentTarget.value)}></textarea>`;
  } else if (node.kind === 'text' && node.format === 'date-time') {
    // Entered in her local time, stored as the RFC 3339 instant the spec asks for.
    control = html`<input ...${common} type="datetime-local" value=${value ? localInput(value) : ''} onInput=${(/** @type {any} */ e) => set(e.currentTarget.value ? new Date(e.currentTarget.value).toISOString() : undefined)} />`;
  } else {
    const type = node.kind === 'text' && node.format === 'date' ? 'date' : 'text';
    control = html`<input ...${common} type=${type} maxLength=${node.kind === 'text' ? node.maxLength : undefined} value=${value ?? ''} onInput=${(/** @type {any} */ e) => set(e.currentTarget.value)} />`;
  }
  return html`<div class="field"><label for=${id}>${label}</label>${control}${help}${problemLine}</div>`;
}

/**
 * The fields of an object node, except those named in `exclude`.
 * @param {Common & { node: import('./schema-model.js').Node, path: Array<string | number>, exclude?: string[] }} props
 */
export function ObjectFields({ node, value, pointer, path, issues, onChange, exclude = [] }) {
  if (node.kind !== 'object') return null;
  return html`${node.fields.filter((f) => !exclude.includes(f.name)).map((field) => html`
    <${FieldControl} field=${field} value=${value?.[field.name]} pointer=${`${pointer}/${field.name}`} path=${[...path, field.name]} issues=${issues} onChange=${onChange} />`)}`;
}

/**
 * The validator's issues by the JSON Pointer of the field they are about; a missing required
 * property is put on that property's own field; `alias` moves an issue to the field that holds the value.
 * @param {Array<{ pointer?: string, keyword?: string, expected?: string, message: string }>} issues
 * @param {(pointer: string) => string} [alias]
 */
export function issuesByPointer(issues, alias = (/** @type {string} */ pointer) => pointer) {
  /** @type {Map<string, string>} */
  const found = new Map();
  for (const issue of issues) {
    const missing = issue.keyword === 'required' ? /property '([^']+)'/.exec(issue.expected ?? issue.message)?.[1] : undefined;
    const pointer = alias(missing ? `${issue.pointer ?? ''}/${missing}` : issue.pointer ?? '');
    const known = found.get(pointer);
    if (!known) found.set(pointer, issue.message);
    else if (!known.split('; ').includes(issue.message)) found.set(pointer, `${known}; ${issue.message}`);
  }
  return found;
}

/**
 * Every problem in one list at the top of the form, each linked to its field when it has one.
 * @param {{ issues: Map<string, string>, message: string }} props
 */
export function IssueSummary({ issues, message }) {
  if (!issues.size) return null;
  return html`
    <div class="issue-summary" role="alert">
      <p class="error">${message}</p>
      <ul>${[...issues].map(([pointer, text]) => html`<li><a href=${`#${idOf(pointer)}`} onClick=${(/** @type {Event} */ e) => (e.preventDefault(), document.getElementById(idOf(pointer))?.focus())}>${pointer || '/'}</a>: ${text}</li>`)}</ul>
    </div>`;
}
