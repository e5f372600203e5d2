/** One gateway's own suppressed table: its facts counted, then suppressed. */
import type { Queryable } from '../store/db.ts';
import { exactCounts, type MemberProperties } from './counts.ts';
import type { StatisticsQuestion } from './question.ts';
import { suppressedTable, type StatisticsTable, type TableSettings } from './table.ts';

export async function countTable(db: Queryable, question: StatisticsQuestion, memberOf: (id: string) => MemberProperties | undefined, settings: TableSettings): Promise<StatisticsTable> {
  return suppressedTable(question, await exactCounts(db, question, memberOf), settings);
}
