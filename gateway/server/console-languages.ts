/**
 * The languages the console's words are translated into, with what the browser needs to choose one
 * before anyone signs in: each message file's tag, its name in its own words, its writing direction
 * and the other tags that mean it (`sr` for `sr-Latn`). Served at GET /console/api/languages.
 */
import { languages, readCatalogue } from '../reports/messages.ts';

export interface ConsoleLanguage {
  tag: string;
  name: string;
  dir: 'ltr' | 'rtl';
  aliases: string[];
}

export function consoleLanguages(): ConsoleLanguage[] {
  const catalogue = readCatalogue();
  return languages().map((tag) => {
    const meta = catalogue.get(tag)!.meta;
    return { tag, name: meta.name, dir: meta.dir === 'rtl' ? 'rtl' : 'ltr', aliases: meta.aliases ?? [] };
  });
}
