// @ts-check
/**
 * What the gateway withheld from an answer (`extensions.nrx.withheld`), by path, with the reason in
 * words from the message files (`withheld.<CODE>`).
 */
import { html } from './html.js';
import { t } from './i18n.js';

/**
 * The withheld entries whose path starts with `prefix`, keyed by the rest of the path ("person.givenName").
 * @param {import('./api.js').Withheld[]} withheld
 * @param {Array<string | number>} prefix
 * @returns {Map<string, import('./api.js').Withheld>}
 */
export function withheldUnder(withheld, prefix) {
  /** @type {Map<string, import('./api.js').Withheld>} */
  const found = new Map();
  for (const entry of withheld) {
    const path = /** @type {Array<string | number>} */ (/** @type {unknown} */ (entry.path));
    if (prefix.every((part, i) => path[i] === part)) found.set(path.slice(prefix.length).join('.'), entry);
  }
  return found;
}

/** @param {{ entry: import('./api.js').Withheld }} props */
export function WithheldMark({ entry }) {
  const groups = /** @type {{ fieldGroups?: string[] } | undefined} */ (entry.release)?.fieldGroups;
  return html`<span class="withheld"><span class="withheld-mark">${t('withheld.label')}</span> ${t(`withheld.${entry.reason}`)}${groups?.length ? ` ${t('withheld.groups', { groups: groups.join(', ') })}` : ''}</span>`;
}

/**
 * The entries below one key of a map made by withheldUnder, keyed by the rest of their path.
 * @param {Map<string, import('./api.js').Withheld>} withheld
 * @param {string} key
 */
export function withheldWithin(withheld, key) {
  return new Map([...withheld].filter(([path]) => path.startsWith(`${key}.`)).map(([path, entry]) => [path.slice(key.length + 1), entry]));
}
