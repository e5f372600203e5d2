import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { isFullDate } from '../../lib/validator/formats.ts';

const original = (fullFormats.date as { validate: (s: string) => boolean }).validate;

describe('the fast date format', () => {
  it('agrees with ajv-formats on edge cases', () => {
    for (const s of ['2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-12-31', '2024-1-01', '2024-01-01\n', ' 2024-01-01', '2024/01/01', '２０２４-01-01', '']) {
      expect(isFullDate(s), s).toBe(original(s));
    }
  });

  it('agrees with ajv-formats on any date-shaped or arbitrary string', () => {
    const dateLike = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(fc.property(fc.oneof(dateLike, fc.string({ maxLength: 12 })), (s) => isFullDate(s) === original(s)), { numRuns: 20_000 });
  });
});
