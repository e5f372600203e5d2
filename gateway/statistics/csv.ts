/** A statistics table as CSV: one row per cell, `*` for a margin, an empty count where suppressed and the reason beside it. */
import { stringify } from 'csv-stringify/sync';
import type { StatisticsTable } from './table.ts';

export function tableCsv(table: StatisticsTable): string {
  const header = [...table.dimensions, 'count', 'suppressed'];
  const rows = table.cells.map((c) => [...c.values, c.count === null ? '' : String(c.count), c.suppressed ?? '']);
  return stringify([header, ...rows]);
}
