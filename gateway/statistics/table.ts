/**
 * A statistics answer: a suppressed table with all its margins, and what was suppressed and why.
 * The only shape in which counts leave the gateway (GraphQL, CSV, JSON, `nrx stats`, peers).
 */
import { NrxError } from '../../lib/errors.ts';
import { fillCounts, makeCube, mapCells } from './cube.ts';
import type { ExactCounts } from './counts.ts';
import type { Dimension, Measure } from './dimensions.ts';
import type { StatisticsQuestion } from './question.ts';
import { publishedCount, suppressTable, type SuppressionSettings } from './suppress.ts';

/** Why a cell carries no count. `peer`: a gateway whose table was combined suppressed its part. */
export type CellSuppression = 'primary' | 'secondary' | 'peer';

export interface TableCell {
  /** One value per dimension, in the question's order; `*` is the total over that dimension. */
  values: string[];
  /** Null when suppressed. */
  count: number | null;
  suppressed?: CellSuppression;
}

export interface StatisticsTable {
  measure: Measure;
  dimensions: Dimension[];
  from: string | null;
  to: string | null;
  /** Each dimension's categories, in the cells' order. */
  categories: string[][];
  cells: TableCell[];
  suppression: {
    k: number;
    rounding: number | null;
    method: string;
    primary: number;
    secondary: number;
    peer: number;
  };
  /** A federated table: the gateways asked and whether each answered. */
  sources?: { gateway: string; answered: boolean; error?: string }[];
}

export const SUPPRESSION_METHOD =
  'primary below k; complementary suppression so that no line holds a single suppressed cell; linear-programming audit (Cox 1981) that every suppressed cell\'s feasible interval is at least k wide';

export interface TableSettings extends SuppressionSettings {
  /** The largest table (cells, margins included) answered. */
  maxCells: number;
}

export async function suppressedTable(question: StatisticsQuestion, exact: ExactCounts, settings: TableSettings): Promise<StatisticsTable> {
  const categories = question.dimensions.map((_, d) => [...new Set([...exact.values()].map((c) => c.values[d]!))].sort());
  const cube = makeCube(categories);
  if (cube.size > settings.maxCells) {
    throw new NrxError('STATISTICS_TABLE_TOO_LARGE', `the table would have ${cube.size} cells, more than the ${settings.maxCells} this gateway answers (statistics.maxCells)`);
  }
  const counts = fillCounts(cube, exact.values());
  const { reasons } = await suppressTable(cube, counts, settings);
  const cells = mapCells(cube, (values, cell): TableCell => {
    const reason = reasons.get(cell);
    return reason ? { values, count: null, suppressed: reason } : { values, count: publishedCount(counts[cell]!, settings.rounding) };
  });
  return tableOf(question, categories, cells, {
    k: settings.k,
    rounding: settings.rounding && settings.rounding > 1 ? settings.rounding : null,
    method: SUPPRESSION_METHOD,
  });
}

/** A table as every answer carries it: the question it answers, its cells, and a tally of what they withhold. */
export function tableOf(
  question: StatisticsQuestion,
  categories: string[][],
  cells: TableCell[],
  suppression: Pick<StatisticsTable['suppression'], 'k' | 'rounding' | 'method'>,
  sources?: StatisticsTable['sources'],
): StatisticsTable {
  const tally = (reason: CellSuppression) => cells.filter((c) => c.suppressed === reason).length;
  return {
    measure: question.measure,
    dimensions: question.dimensions,
    from: question.from ?? null,
    to: question.to ?? null,
    categories,
    cells,
    suppression: { ...suppression, primary: tally('primary'), secondary: tally('secondary'), peer: tally('peer') },
    ...(sources ? { sources } : {}),
  };
}
