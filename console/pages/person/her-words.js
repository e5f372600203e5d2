// @ts-check
/**
 * Her language, apart from the console's: the pages shown or given to her are in the language she
 * chooses, whatever language the staff member works in. Reads the same message files
 * (console/messages/<tag>.json, their `person.*` words) and says which languages there are.
 */
import { html } from '../../lib/html.js';
import { t } from '../../lib/i18n.js';
import { graphql } from '../../lib/api.js';

/** @typedef {{ tag: string, name: string, dir: 'ltr' | 'rtl' }} Language */
/** @typedef {{ lang: string, dir: 'ltr' | 'rtl', t: (key: string, params?: Record<string, string | number>) => string, has: (key: string) => boolean }} HerWords */

/** @type {Map<string, Promise<Record<string, any>>>} */
const files = new Map();

/** @param {string} tag */
function messageFile(tag) {
  let file = files.get(tag);
  if (!file) {
    file = fetch(`/console/app/messages/${encodeURIComponent(tag)}.json`).then((r) => {
      if (!r.ok) throw new Error(`no messages for ${tag}`);
      return r.json();
    });
    files.set(tag, file);
  }
  return file;
}

/** The languages there are message files for, each named in its own words. @returns {Promise<Language[]>} */
export async function herLanguages() {
  const result = await graphql('{ messageLanguages { tag name dir } }');
  if (result.errors.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.data.messageLanguages;
}

/**
 * Her words in a language; a word its file lacks is said in English.
 * @param {string} tag
 * @returns {Promise<HerWords>}
 */
export async function herWords(tag) {
  const [english, own] = await Promise.all([messageFile('en'), messageFile(tag)]);
  const text = (/** @type {string} */ key) => (typeof own[key] === 'string' ? own[key] : typeof english[key] === 'string' ? english[key] : undefined);
  return {
    lang: tag,
    dir: own.$meta?.dir === 'rtl' ? 'rtl' : 'ltr',
    t: (key, params) => (text(key) ?? key).replace(/\{(\w+)\}/g, (whole, name) => (params && name in params ? String(params[name]) : whole)),
    has: (key) => text(key) !== undefined,
  };
}

/**
 * The language picker of her pages: each language named in its own words, in its own direction.
 * @param {{ id: string, languages: Language[], value: string, onChange: (tag: string) => void }} props
 */
export function LanguagePicker({ id, languages, value, onChange }) {
  return html`
    <div class="field">
      <label for=${id}>${t('person.language')}</label>
      <select id=${id} value=${value} onChange=${(/** @type {any} */ e) => onChange(e.currentTarget.value)}>
        ${languages.map((l) => html`<option value=${l.tag} lang=${l.tag} dir=${l.dir}>${l.name}</option>`)}
      </select>
    </div>`;
}
