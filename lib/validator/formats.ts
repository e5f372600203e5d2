import type { Ajv } from '../spec/ajv.ts';

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9];

/**
 * RFC 3339 full-date, exactly as ajv-formats checks it (`^(\d\d\d\d)-(\d\d)-(\d\d)$` plus the
 * day-of-month rule) but without a regular expression and its match array: profiling the
 * benchmark put ajv-formats' `date` at a quarter of validation time.
 */
export function isFullDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  for (const i of DIGIT_POSITIONS) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const n = (i: number) => text.charCodeAt(i) - 48;
  const year = n(0) * 1000 + n(1) * 100 + n(2) * 10 + n(3);
  const month = n(5) * 10 + n(6);
  const day = n(8) * 10 + n(9);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS[month]!);
}

/** Replaces ajv-formats' `date` with the equivalent above; its comparison for formatMinimum stays. */
export function useFastDateFormat(ajv: Ajv): void {
  const date = (ajv.formats as Record<string, any>).date;
  if (date && typeof date === 'object' && typeof date.validate === 'function') ajv.addFormat('date', { ...date, validate: isFullDate });
}
