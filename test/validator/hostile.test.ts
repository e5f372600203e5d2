import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createValidator, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ISSUES } from '../../lib/validator/index.ts';
import { documentLines } from '../../lib/validator/report.ts';
import { badCodes, deepNesting, fullReferral, hugeName, hugeString, unknownProperties } from '../fixtures/hostile-documents.ts';

const validator = createValidator();

/**
 * How time grows when the input grows `factor` times: about `factor` for linear work, its square
 * for quadratic. Compared as a ratio, never as an absolute time, and each size's fastest of nine
 * runs, interleaved, so that a loaded machine slows both alike and a burst does not count.
 */
function growth(make: (n: number) => string, n: number, factor: number): number {
  const small = make(n);
  const large = make(n * factor);
  validator.validateText(small);
  validator.validateText(large);
  const time = (text: string) => {
    const start = performance.now();
    validator.validateText(text);
    return performance.now() - start;
  };
  let fastSmall = Infinity;
  let fastLarge = Infinity;
  for (let round = 0; round < 9; round++) {
    fastSmall = Math.min(fastSmall, time(small));
    fastLarge = Math.min(fastLarge, time(large));
  }
  return fastLarge / fastSmall;
}

describe('validation time is linear in the number of errors', () => {
  // Quadratic reporting grew 64 times for 8 times the errors; linear grows about 8 times (32 leaves room for a loaded machine).
  it.each([
    ['unknown properties', unknownProperties, 2000],
    ['bad codes in a list', badCodes, 1000],
  ] as const)('for %s', (_name, make, n) => {
    expect(growth(make, n, 8)).toBeLessThan(32);
  });

  it('for multi-megabyte strings, with a bounded rendering and no suggestion for a huge word', () => {
    expect(growth((n) => hugeString('note', n), 512 * 1024, 8)).toBeLessThan(32);
    const doc = fullReferral();
    doc.sections.needs[0].category = 'y'.repeat(4 * 1024 * 1024);
    const result = validator.validateText(JSON.stringify(doc));
    const issue = result.issues.find((i) => i.pointer === '/sections/needs/0/category')!;
    expect(issue.message).toMatch(/^'y{37}\.\.\.' is not a code of the codelist/);
    expect(issue.suggestion).toBeUndefined();
    expect(validator.validateText(hugeName(4 * 1024 * 1024)).issues[0]!.message).toBe(`unknown property '${'k'.repeat(37)}...'`);
  });
});

describe('a cap on the issues listed per document', () => {
  it('lists the first issues in document order and counts the rest', () => {
    const result = validator.validateText(unknownProperties(33_000));
    expect(result.valid).toBe(false);
    expect(result.issues).toHaveLength(DEFAULT_MAX_ISSUES);
    expect(result.omittedIssues).toBe(33_000 - DEFAULT_MAX_ISSUES);
    expect(result.issues[0]!.message).toBe("unknown property 'x0'");
    expect(result.issues.at(-1)!.message).toBe(`unknown property 'x${DEFAULT_MAX_ISSUES - 1}'`);
    expect(documentLines('doc.json', result).at(-1)).toBe(`doc.json: ... and ${33_000 - DEFAULT_MAX_ISSUES} more issues not listed (the first ${DEFAULT_MAX_ISSUES} are)`);
  });

  it('places each listed issue at its line and column', () => {
    const text = unknownProperties(3);
    const result = validator.validateText(text);
    for (const issue of result.issues) {
      const name = issue.message.match(/'(x\d+)'/)![1]!;
      expect(issue.line).toBe(1);
      expect(text.slice(issue.column! - 1).startsWith(`"${name}"`)).toBe(true);
    }
  });

  it('is configurable', () => {
    const few = createValidator({ maxIssues: 5 });
    expect(few.validateText(unknownProperties(8))).toMatchObject({ omittedIssues: 3, issues: { length: 5 } });
    expect(few.validateText(unknownProperties(5)).omittedIssues).toBeUndefined();
  });
});

describe('deep nesting', () => {
  it.each([100_000, 1_000_000])('%i levels: a clear issue of its own, no stack overflow', (depth) => {
    const result = validator.validateText(deepNesting(depth));
    expect(result.valid).toBe(false);
    expect(result.issues[0]).toMatchObject({ keyword: 'depth', line: 1, message: `the document is nested more than ${DEFAULT_MAX_DEPTH} levels deep (objects and arrays inside one another); no document of the standard comes near that` });
    expect(result.issues.some((i) => i.message === "unknown property 'nested'")).toBe(true);
  });

  it('deep objects, deep malformed text and deep values alike', () => {
    expect(validator.validateText(deepNesting(100_000, '{')).issues[0]!.keyword).toBe('depth');
    const truncated = deepNesting(100_000).slice(0, -1000);
    expect(validator.validateText(truncated).issues).toMatchObject([{ keyword: 'depth' }]);
    const value = fullReferral();
    let inner: unknown[] = [];
    value.note = inner;
    for (let i = 0; i < 100_000; i++) inner.push((inner = []));
    expect(validator.validateValue(value).issues[0]!.keyword).toBe('depth');
  });

  it('a document within the limit is only as invalid as its content', () => {
    const result = validator.validateText(deepNesting(DEFAULT_MAX_DEPTH - 2));
    expect(result.issues.map((i) => i.keyword)).toEqual(['additionalProperties']);
  });
});

describe('nrx validate on hostile files', () => {
  const bin = fileURLToPath(new URL('../../bin/nrx.js', import.meta.url));
  /** Runs the real command on a fresh directory holding `files`. */
  const validateFiles = (files: Record<string, string | Buffer>) => {
    const dir = mkdtempSync(join(tmpdir(), 'nrx-hostile-'));
    try {
      for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
      const run = spawnSync(process.execPath, [bin, 'validate', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('exits 1 for 100,000 levels of nesting and still reports the rest of a directory and of an NDJSON file', () => {
    const result = validateFiles({
      'a-deep.json': deepNesting(100_000),
      'b-good.json': JSON.stringify(fullReferral()),
      'c-lines.ndjson': `${deepNesting(100_000)}\n${JSON.stringify(fullReferral())}\n`,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('a-deep.json:1:');
    expect(result.stdout).toContain(`the document is nested more than ${DEFAULT_MAX_DEPTH} levels deep`);
    expect(result.stdout).toContain('b-good.json: valid referral');
    expect(result.stdout).toContain('c-lines.ndjson: invalid: 2 records, 1 valid, 1 invalid');
  });

  it('reports the true size of a file over the limit', () => {
    const result = validateFiles({
      'just-over.json': Buffer.alloc(10 * 1024 * 1024 + 20_000, 0x20),
      'far-over.json': Buffer.alloc(50 * 1024 * 1024, 0x20),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`just-over.json: the document is ${10 * 1024 * 1024 + 20_000} bytes, over the limit of ${10 * 1024 * 1024} bytes`);
    expect(result.stdout).toContain('far-over.json: the document is 50 MiB, over the limit of 10 MiB');
  });
});
