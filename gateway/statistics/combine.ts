/**
 * A federated table: the same question answered by several gateways, each with its own suppressed
 * table, combined into one. A combined cell is published only when every gateway published its
 * part (a category a gateway's table does not list counts zero there: its margins say so); when any
 * gateway suppressed its part, the combined cell is suppressed too (`peer`), never summed as if the
 * suppressed part were zero. Every published combined cell is then a sum of cells the gateways
 * published, so the combination reveals nothing their own tables did not: each suppressed part keeps
 * the protection its gateway's audit proved, and the combined table is suppressed as a whole.
 */
import { makeCube, mapCells } from './cube.ts';
import { cellKey } from './counts.ts';
import type { StatisticsQuestion } from './question.ts';
import { tableOf, type StatisticsTable, type TableCell } from './table.ts';

export type PeerTable = { gateway: string; table: StatisticsTable } | { gateway: string; error: string };

/** Whether a peer's answer is a table for this very question. */
function answersQuestion(table: StatisticsTable, question: StatisticsQuestion): boolean {
  return (
    !!table && table.measure === question.measure && Array.isArray(table.cells) && Array.isArray(table.categories) &&
    JSON.stringify(table.dimensions) === JSON.stringify(question.dimensions) &&
    (table.from ?? null) === (question.from ?? null) && (table.to ?? null) === (question.to ?? null)
  );
}

export function combineTables(question: StatisticsQuestion, parts: readonly PeerTable[]): StatisticsTable {
  const answered: { gateway: string; table: StatisticsTable; cells: Map<string, TableCell> }[] = [];
  const sources: NonNullable<StatisticsTable['sources']> = [];
  for (const part of parts) {
    if ('error' in part) {
      sources.push({ gateway: part.gateway, answered: false, error: part.error });
    } else if (!answersQuestion(part.table, question)) {
      sources.push({ gateway: part.gateway, answered: false, error: 'PEER_BAD_ANSWER' });
    } else {
      sources.push({ gateway: part.gateway, answered: true });
      answered.push({ gateway: part.gateway, table: part.table, cells: new Map(part.table.cells.map((c) => [cellKey(c.values), c])) });
    }
  }
  const categories = question.dimensions.map((_, d) => [...new Set(answered.flatMap((a) => a.table.categories[d] ?? []))].sort());
  const cube = makeCube(categories);
  const cells = mapCells(cube, (values): TableCell => {
    const key = cellKey(values);
    let count = 0;
    let suppressed = false;
    for (const a of answered) {
      const part = a.cells.get(key);
      if (!part) continue;
      if (part.count === null) suppressed = true;
      else count += part.count;
    }
    return suppressed ? { values, count: null, suppressed: 'peer' } : { values, count };
  });
  const first = answered[0]?.table.suppression;
  return tableOf(question, categories, cells, {
    k: Math.max(0, ...answered.map((a) => a.table.suppression.k)),
    rounding: first?.rounding ?? null,
    method: `each gateway suppresses its own table (${first?.method ?? 'see docs/statistics.md'}); a combined cell is published only when every gateway published its part`,
  }, sources);
}
