// @ts-check
/**
 * Which message file answers the browser's languages: the first of the user's preferred tags
 * (in her browser's order) that a file's tag or one of its `$meta.aliases` names, trying each tag
 * whole and then without its last subtags (`sr-Latn-RS`, `sr-Latn`, `sr`), compared without case.
 * So a browser set to `sr` gets `sr-Latn` (its alias) and `ro-MD` gets `ro`.
 */

/** @typedef {{ tag: string, aliases?: string[] }} AvailableLanguage */

/**
 * @param {readonly string[]} preferred the browser's languages, most wanted first
 * @param {readonly AvailableLanguage[]} available the message files
 * @param {string} [fallback]
 * @returns {string} the tag of the message file to load
 */
export function chooseLanguage(preferred, available, fallback = 'en') {
  const byName = new Map();
  for (const language of available) {
    for (const name of [language.tag, ...(language.aliases ?? [])]) {
      if (!byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), language.tag);
    }
  }
  for (const wanted of preferred) {
    const subtags = wanted.toLowerCase().split('-');
    for (let length = subtags.length; length > 0; length--) {
      const found = byName.get(subtags.slice(0, length).join('-'));
      if (found) return found;
    }
  }
  return fallback;
}
