// @ts-check
/**
 * Translations: one message file per language (console/messages/<lang>.json), a flat map of keys to
 * texts with ICU-like `{name}` placeholders. A key missing from a language falls back to English.
 * The file's `$meta` says how the language is written (`dir`) and which other tags mean it.
 */
import { chooseLanguage } from './language-choice.js';

/** @typedef {{ $meta?: { dir?: string } } & Record<string, any>} MessageFile */

/** @type {MessageFile} */
let english = {};
/** @type {MessageFile} */
let current = {};
let language = 'en';

/** @param {string} lang */
async function fetchMessages(lang) {
  const response = await fetch(`/console/app/messages/${encodeURIComponent(lang)}.json`);
  if (!response.ok) throw new Error(`no messages for ${lang}`);
  return /** @type {MessageFile} */ (await response.json());
}

/**
 * The message file for the browser's languages, through the files' tags and aliases as the gateway
 * lists them (GET /console/api/languages); English when none fits or the list cannot be had.
 * @param {readonly string[]} preferred
 */
export async function staffLanguage(preferred) {
  const response = await fetch('/console/api/languages', { headers: { accept: 'application/json' } }).catch(() => undefined);
  if (!response?.ok) return 'en';
  return chooseLanguage(preferred, await response.json());
}

/** Loads a language (English is always loaded, as the fallback) and sets the page's lang and dir from its file. */
export async function loadLanguage(/** @type {string} */ lang) {
  if (!Object.keys(english).length) english = await fetchMessages('en');
  current = lang === 'en' ? english : await fetchMessages(lang).catch(() => english);
  language = current === english ? 'en' : lang;
  document.documentElement.lang = language;
  document.documentElement.dir = current.$meta?.dir === 'rtl' ? 'rtl' : 'ltr';
}

export const currentLanguage = () => language;

/**
 * The text of a key, with `{name}` placeholders filled from `params`.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params) {
  const own = current[key];
  const text = typeof own === 'string' ? own : typeof english[key] === 'string' ? english[key] : key;
  return params ? text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole)) : text;
}
