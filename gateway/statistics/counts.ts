/**
 * The exact counts behind a table: one GROUP BY over the facts table (migration 009), then the
 * sender's member properties (class, agency type, country) looked up from the trust list and the
 * groups merged by them. Never leaves the statistics module unsuppressed.
 */
import type { Queryable } from '../store/db.ts';
import { DIMENSIONS, UNKNOWN } from './dimensions.ts';
import type { StatisticsQuestion } from './question.ts';

export interface MemberProperties {
  memberClass: string;
  agencyType: string;
  country: string;
}

/** Counts by the question's dimensions, in its order; combinations that do not occur are absent. */
export type ExactCounts = Map<string, { values: string[]; count: number }>;

export const cellKey = (values: readonly string[]) => values.join('\u0000');

export async function exactCounts(db: Queryable, question: StatisticsQuestion, memberOf: (id: string) => MemberProperties | undefined): Promise<ExactCounts> {
  const columns: string[] = [];
  const columnOf = (sql: string) => {
    const at = columns.indexOf(sql);
    return at >= 0 ? at : columns.push(sql) - 1;
  };
  const readers = question.dimensions.map((name) => {
    const source = DIMENSIONS[name].source;
    if ('sql' in source) {
      const at = columnOf(source.sql);
      return (row: string[]) => row[at]!;
    }
    const at = columnOf('sender');
    return (row: string[]) => memberOf(row[at]!)?.[source.member] ?? UNKNOWN;
  });
  const params: unknown[] = [question.measure];
  const where = ['measure = $1'];
  if (question.from) where.push(`month >= $${params.push(question.from)}`);
  if (question.to) where.push(`month <= $${params.push(question.to)}`);
  const select = columns.map((sql, i) => `${sql} AS c${i}`);
  const groupBy = columns.length ? ` GROUP BY ${columns.map((_, i) => i + 1).join(', ')}` : '';
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${[...select, 'count(*)::int AS n'].join(', ')} FROM stat_facts WHERE ${where.join(' AND ')}${groupBy}`,
    params,
  );
  const counts: ExactCounts = new Map();
  for (const row of rows) {
    const n = Number(row.n);
    if (n === 0) continue;
    const raw = columns.map((_, i) => String(row[`c${i}`]));
    const values = readers.map((read) => read(raw));
    const key = cellKey(values);
    const cell = counts.get(key);
    if (cell) cell.count += n;
    else counts.set(key, { values, count: n });
  }
  return counts;
}
