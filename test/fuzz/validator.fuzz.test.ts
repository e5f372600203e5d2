/**
 * Property-based fuzzing of the validator: whatever the bytes, validation returns a verdict (never
 * throws), lists a bounded number of issues with bounded messages at positions inside the text,
 * and takes time in proportion to the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createValidator, DEFAULT_MAX_DEPTH, type ValidationResult } from '../../lib/validator/index.ts';
import { fullReferral } from '../fixtures/hostile-documents.ts';
import { runs, timeout } from './settings.ts';

const validator = createValidator();
const referral = fullReferral();
const referralText = JSON.stringify(referral, null, 2);

function wellFormed(result: ValidationResult, text?: string): void {
  expect(typeof result.valid).toBe('boolean');
  if (result.valid) expect(result.issues).toEqual([]);
  else expect(result.issues.length).toBeGreaterThan(0);
  expect(result.issues.length).toBeLessThanOrEqual(validator.maxIssues);
  const lines = text === undefined ? Infinity : text.split('\n').length;
  for (const issue of result.issues) {
    expect(typeof issue.message).toBe('string');
    expect(issue.message.length).toBeLessThan(2000);
    expect(typeof issue.pointer).toBe('string');
    if (issue.line !== undefined) {
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.line).toBeLessThanOrEqual(lines);
    }
  }
}

/** A JSON value of any shape, with unicode strings and names, up to a few levels deep. */
const anyJson = fc.jsonValue({ maxDepth: 4 });
/** Where in the referral a mutation lands: a pointer to an existing object or array. */
const containers: string[][] = [];
(function collect(value: unknown, path: string[]) {
  if (value === null || typeof value !== 'object') return;
  containers.push(path);
  for (const [key, child] of Object.entries(value)) collect(child, [...path, key]);
})(referral, []);

function mutate(path: string[], key: string, value: unknown): any {
  const doc = structuredClone(referral);
  let target = doc;
  for (const segment of path) target = target[segment];
  if (Array.isArray(target)) target[Number(key.length % (target.length + 1))] = value;
  else target[key] = value;
  return doc;
}

describe('the validator under fuzzed input', () => {
  it('a referral with any value put anywhere: a well-formed verdict', () => {
    fc.assert(
      fc.property(fc.constantFrom(...containers), fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('kind', 'id', 'note', 'sections', '__proto__', 'constructor')), anyJson, (path, key, value) => {
        const doc = mutate(path, key, value);
        const text = JSON.stringify(doc, null, Math.random() < 0.5 ? 2 : undefined);
        wellFormed(validator.validateText(text), text);
        wellFormed(validator.validateValue(doc));
      }),
      runs(600),
    );
  });

  it('arbitrary bytes, truncations, BOMs and binary: a verdict, never a throw', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.nat({ max: referralText.length }).map((n) => Buffer.from(referralText.slice(0, n))),
      fc.tuple(fc.nat({ max: referralText.length }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, noise]) =>
        Buffer.concat([Buffer.from(referralText.slice(0, at)), noise, Buffer.from(referralText.slice(at))])),
      fc.string({ unit: 'binary', maxLength: 500 }).map((s) => Buffer.from(`\ufeff${s}`)),
      fc.array(fc.constantFrom('[', ']', '{', '}', '"', ':', ',', '\\', 'a', '1', ' ', '\n', '\ufeff'), { maxLength: 400 }).map((a) => Buffer.from(a.join(''))),
    );
    fc.assert(
      fc.property(bytes, (input) => {
        wellFormed(validator.validateBytes(input));
      }),
      runs(1000),
    );
  });

  it('duplicate keys, wide objects and deep nesting: the depth issue exactly past the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('[', '{'), fc.integer({ min: 0, max: 300 }), (depth, opener, width) => {
        const nested = opener === '[' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
        const extra = Array.from({ length: width }, (_, i) => `"kind":"referral","w${i}":${i}`).join(',');
        const text = `${referralText.slice(0, -2)},"nested":${nested}${extra ? `,${extra}` : ''}}`;
        const result = validator.validateText(text);
        wellFormed(result, text);
        expect(result.valid).toBe(false);
        // The referral itself nests a few levels; "nested" adds its own below the top.
        expect(result.issues[0]!.keyword === 'depth').toBe(depth + 1 > DEFAULT_MAX_DEPTH);
      }),
      runs(300),
    );
  });

  it('time grows in proportion to the number of errors (a ratio, not an absolute time)', () => {
    const time = (text: string) => {
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        validator.validateText(text);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    fc.assert(
      fc.property(fc.constantFrom('unknown', 'code', 'type'), fc.integer({ min: 2000, max: 4000 }), (shape, n) => {
        const make = (count: number) => {
          const doc = structuredClone(referral);
          if (shape === 'unknown') for (let i = 0; i < count; i++) doc[`u${i}`] = i;
          if (shape === 'code') doc.sections.needs = Array.from({ length: count }, (_, i) => ({ ...referral.sections.needs[0], category: `c${i}` }));
          if (shape === 'type') doc.sections.needs = Array.from({ length: count }, () => ({ ...referral.sections.needs[0], id: 7, assessedOn: [] }));
          return JSON.stringify(doc);
        };
        const small = make(n);
        const large = make(n * 8);
        time(small);
        // 8 times the errors: about 8 times the time if linear, 64 if quadratic; 32 leaves room for a loaded machine.
        expect(time(large) / time(small)).toBeLessThan(32);
      }),
      runs(4),
    );
  }, timeout(60_000));
});
