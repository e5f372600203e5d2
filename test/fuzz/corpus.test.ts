/** Replays every document of the regression corpus (test/fixtures/corpus/manifest.json). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createValidator } from '../../lib/validator/index.ts';
import * as hostile from '../fixtures/hostile-documents.ts';

const corpusDir = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const manifest = JSON.parse(readFileSync(`${corpusDir}manifest.json`, 'utf8')) as {
  documents: Array<{ name: string; file?: string; generate?: [string, ...unknown[]]; firstKeyword: string | null }>;
};
const validator = createValidator();

export function corpusDocument(entry: { file?: string; generate?: [string, ...unknown[]] }): Buffer {
  if (entry.file) return readFileSync(`${corpusDir}${entry.file}`);
  const [name, ...args] = entry.generate!;
  const make = (hostile as unknown as Record<string, (...a: unknown[]) => string>)[name];
  if (!make) throw new Error(`the corpus names a generator that does not exist: ${name}`);
  return Buffer.from(make(...args));
}

describe('the regression corpus of documents', () => {
  it.each(manifest.documents.map((d) => [d.name, d] as const))('%s: invalid, with a clear first issue, no throw', (_name, entry) => {
    const result = validator.validateBytes(corpusDocument(entry));
    expect(result.valid).toBe(false);
    expect(result.issues.length).toBeGreaterThan(0);
    expect(result.issues.length).toBeLessThanOrEqual(validator.maxIssues);
    if (entry.firstKeyword) expect(result.issues[0]!.keyword).toBe(entry.firstKeyword);
    for (const issue of result.issues) expect(issue.message.length).toBeLessThan(2000);
  });
});
