// @ts-check
/**
 * Translations: one message file per language (console/messages/<lang>.json), a flat map of keys to
 * texts with ICU-like `{name}` placeholders. A key missing from a language falls back to English.
 */

/** Languages written right to left; the page's `dir` follows the chosen language. */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur']);

/** @type {Record<string, string>} */
let english = {};
/** @type {Record<string, string>} */
let current = {};
let language = 'en';

/** @param {string} lang */
async function fetchMessages(lang) {
  const response = await fetch(`/console/app/messages/${encodeURIComponent(lang)}.json`);
  if (!response.ok) throw new Error(`no messages for ${lang}`);
  return /** @type {Record<string, string>} */ (await response.json());
}

/** Loads a language (English is always loaded, as the fallback) and sets the page's lang and dir. */
export async function loadLanguage(/** @type {string} */ lang) {
  if (!Object.keys(english).length) english = await fetchMessages('en');
  current = lang === 'en' ? english : await fetchMessages(lang).catch(() => english);
  language = current === english ? 'en' : lang;
  document.documentElement.lang = language;
  document.documentElement.dir = RIGHT_TO_LEFT.has(language.split('-')[0] ?? '') ? 'rtl' : 'ltr';
}

export const currentLanguage = () => language;

/**
 * The text of a key, with `{name}` placeholders filled from `params`.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params) {
  const text = current[key] ?? english[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole)) : text;
}
