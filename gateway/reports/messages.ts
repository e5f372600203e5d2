/**
 * The words shown to her and to the people who help her, one message file per language
 * (`console/messages/<tag>.json`, edited by translators; see console/messages/README.md). The
 * subject access report reads them here; the console reads the same files in the browser.
 *
 * A file maps flat keys to texts with `{name}` placeholders, and names its language in `$meta`:
 * the name in its own words, the locale for dates, the writing direction, and other tags that
 * mean the same language (`sr` for `sr-Latn`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const MESSAGES_DIR = fileURLToPath(new URL('../../console/messages/', import.meta.url));
/** The language every other is checked against, and whose words stand in for a missing key. */
export const SOURCE_LANGUAGE = 'en';

export interface LanguageMeta {
  name: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  aliases?: string[];
}

export interface Messages {
  tag: string;
  meta: LanguageMeta;
  /** The text of `key` with its placeholders filled; the source language's text when this file lacks it. */
  t(key: string, values?: Readonly<Record<string, string | number>>): string;
  has(key: string): boolean;
}

type Catalogue = ReadonlyMap<string, { meta: LanguageMeta; texts: Readonly<Record<string, string>> }>;
let catalogue: Catalogue | undefined;

/** Fills `{name}` placeholders; a placeholder without a value stays as written, so a gap shows. */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{([A-Za-z][\w-]*)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/** The placeholders a text uses, sorted: a translation must use the same ones. */
export const placeholdersOf = (template: string): string[] => [...new Set([...template.matchAll(/\{([A-Za-z][\w-]*)\}/g)].map((m) => m[1]!))].sort();

/** Every message file, read once. */
export function readCatalogue(dir: string = MESSAGES_DIR): Catalogue {
  if (dir === MESSAGES_DIR && catalogue) return catalogue;
  const read = new Map<string, { meta: LanguageMeta; texts: Record<string, string> }>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const { $meta, ...texts } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { $meta: LanguageMeta } & Record<string, string>;
    read.set(file.slice(0, -'.json'.length), { meta: $meta, texts });
  }
  if (dir === MESSAGES_DIR) catalogue = read;
  return read;
}

/** The language tags there are message files for, the source language first. */
export function languages(dir: string = MESSAGES_DIR): string[] {
  const tags = [...readCatalogue(dir).keys()];
  return [SOURCE_LANGUAGE, ...tags.filter((tag) => tag !== SOURCE_LANGUAGE)];
}

/** The message file's tag for a requested tag (exact, an alias, or differing only in case), or undefined. */
export function resolveLanguage(requested: unknown, dir: string = MESSAGES_DIR): string | undefined {
  if (typeof requested !== 'string') return undefined;
  const wanted = requested.toLowerCase();
  for (const [tag, { meta }] of readCatalogue(dir)) {
    if (tag.toLowerCase() === wanted || meta.aliases?.some((alias) => alias.toLowerCase() === wanted)) return tag;
  }
  return undefined;
}

export function messagesFor(tag: string, dir: string = MESSAGES_DIR): Messages {
  const all = readCatalogue(dir);
  const file = all.get(tag);
  if (!file) throw new RangeError(`no message file for language '${tag}'`);
  const source = all.get(SOURCE_LANGUAGE)?.texts ?? {};
  const text = (key: string) => (Object.hasOwn(file.texts, key) ? file.texts[key] : Object.hasOwn(source, key) ? source[key] : undefined);
  return {
    tag,
    meta: file.meta,
    t: (key, values) => fillPlaceholders(text(key) ?? key, values),
    has: (key) => text(key) !== undefined,
  };
}
