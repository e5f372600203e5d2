/**
 * How the console picks the staff's language from the browser's: through the message files' tags
 * and aliases, whole tags first, then without their last subtags; and the list it picks from, as the
 * gateway serves it before anyone signs in.
 */
import { describe, expect, it } from 'vitest';
import { consoleLanguages } from '../../gateway/server/console-languages.ts';

// The browser's module, type-checked by the console's own project (console/tsconfig.json).
type ChooseLanguage = (preferred: readonly string[], available: ReadonlyArray<{ tag: string; aliases?: string[] }>, fallback?: string) => string;
const { chooseLanguage } = (await import(new URL('../../console/lib/language-choice.js', import.meta.url).href)) as { chooseLanguage: ChooseLanguage };

const available = consoleLanguages();

describe('the staff language', () => {
  it('lists every message file with its direction and aliases, English first', () => {
    expect(available[0]).toMatchObject({ tag: 'en', dir: 'ltr' });
    expect(available.find((l) => l.tag === 'sr-Latn')).toMatchObject({ name: 'Srpski (latinica)', aliases: ['sr'] });
    expect(available.map((l) => l.tag)).toEqual(expect.arrayContaining(['sr-Cyrl', 'ro', 'uk', 'ru', 'sq', 'bg']));
  });

  it('resolves a plain tag through an alias, and a longer tag by its shorter forms', () => {
    expect(chooseLanguage(['sr'], available)).toBe('sr-Latn');
    expect(chooseLanguage(['sr-RS'], available)).toBe('sr-Latn');
    expect(chooseLanguage(['sr-Cyrl-RS'], available)).toBe('sr-Cyrl');
    expect(chooseLanguage(['SR-latn'], available)).toBe('sr-Latn');
    expect(chooseLanguage(['ro-MD'], available)).toBe('ro');
  });

  it('takes the first of the browser\'s languages there is a file for, English when none', () => {
    expect(chooseLanguage(['de-AT', 'uk', 'en'], available)).toBe('uk');
    expect(chooseLanguage(['de', 'fr'], available)).toBe('en');
    expect(chooseLanguage([], available)).toBe('en');
  });

  it('answers a file a translator adds, by its own aliases', () => {
    const withArabic = [...available, { tag: 'ar', name: 'العربية', dir: 'rtl' as const, aliases: ['ar-EG'] }];
    expect(chooseLanguage(['ar-EG'], withArabic)).toBe('ar');
  });
});
