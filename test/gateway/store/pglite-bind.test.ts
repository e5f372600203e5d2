import { protocol } from '@electric-sql/pglite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindAndRun } from '../../../gateway/store/pglite-prepared.ts';

/** What PGlite's own serialisers send for a prepared statement: Bind, Describe, Execute, Sync. */
function pglites(statement: string, values: (string | Uint8Array | null)[]): Buffer {
  const { serialize } = protocol;
  const parts = [serialize.bind({ statement, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()];
  return Buffer.concat(parts.map((part) => Buffer.from(part)));
}

describe('bindAndRun', () => {
  it('writes the same bytes as PGlite for text, NULL, binary and non-ASCII values', () => {
    const cases: [string, (string | Uint8Array | null)[]][] = [
      ['nrx_1', []],
      ['nrx_2', ['']],
      ['nrx_3', ['é☃ 𝄞 \u0000 x', null, new Uint8Array([0, 1, 255])]],
      ['nrx_400', ['x'.repeat(70_000), '{"a":"\\u0001"}']],
    ];
    for (const [statement, values] of cases) expect(Buffer.from(bindAndRun(statement, values))).toEqual(pglites(statement, values));
  });

  it('agrees with PGlite on any mix of values', () => {
    const value = fc.oneof(fc.string({ unit: 'binary' }), fc.constant(null), fc.uint8Array({ maxLength: 64 }));
    fc.assert(
      fc.property(fc.stringMatching(/^nrx_[0-9]{1,6}$/), fc.array(value, { maxLength: 12 }), (statement, values) => {
        expect(Buffer.from(bindAndRun(statement, values))).toEqual(pglites(statement, values));
      }),
      { numRuns: 300 },
    );
  });
});
