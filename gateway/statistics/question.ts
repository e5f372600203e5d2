/** A statistics question: one measure, counted by up to four published dimensions, over a period of months. */
import { NrxError } from '../../lib/errors.ts';
import { DIMENSIONS, isDimension, isMeasure, MEASURES, type Dimension, type Measure } from './dimensions.ts';

export interface StatisticsQuestion {
  measure: Measure;
  dimensions: Dimension[];
  /** First month counted, YYYY-MM (inclusive). */
  from?: string;
  /** Last month counted, YYYY-MM (inclusive). */
  to?: string;
}

export const MAX_DIMENSIONS = 4;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function invalid(message: string): never {
  throw new NrxError('STATISTICS_QUESTION_INVALID', message);
}

/** Checks a question as a caller wrote it (GraphQL arguments, query string, command line). */
export function parseQuestion(input: { measure: unknown; dimensions?: unknown; from?: unknown; to?: unknown }): StatisticsQuestion {
  const measure = String(input.measure ?? '');
  if (!isMeasure(measure)) invalid(`unknown measure "${measure}"; the measures are ${Object.keys(MEASURES).join(', ')}`);
  const dimensions = Array.isArray(input.dimensions) ? input.dimensions.map(String) : [];
  for (const d of dimensions) if (!isDimension(d)) invalid(`unknown dimension "${d}"; the dimensions are ${Object.keys(DIMENSIONS).join(', ')}`);
  if (new Set(dimensions).size !== dimensions.length) invalid('a dimension is named twice');
  if (dimensions.length > MAX_DIMENSIONS) invalid(`at most ${MAX_DIMENSIONS} dimensions in one table`);
  const question: StatisticsQuestion = { measure, dimensions: dimensions as Dimension[] };
  for (const bound of ['from', 'to'] as const) {
    const value = input[bound];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || !MONTH.test(value)) invalid(`${bound} must be a month, YYYY-MM`);
    question[bound] = value;
  }
  if (question.from && question.to && question.from > question.to) invalid('from is after to');
  return question;
}
