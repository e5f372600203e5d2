/**
 * Small-cell suppression of a table with all its margins, always applied:
 *
 * 1. Primary: a cell counting more than 0 and fewer than k people is suppressed.
 * 2. Secondary (complementary): no line (a row, a column, any one-dimensional slice with its total)
 *    may hold exactly one suppressed cell, or that cell would be its total minus the rest; the
 *    smallest non-zero published cell of such a line is suppressed with it, until no line has one.
 * 3. Audit: for every suppressed cell the linear-programming audit (interval-audit.ts) computes the
 *    interval an attacker can narrow it to from everything published. A cell whose interval is
 *    narrower than k (for example two small cells whose sum is published) gets one more
 *    complementary cell, the smallest published one on its lines, and the audit runs again.
 *
 * Steps 1 and 2 are the classic heuristic of statistical offices (Hundepool et al., Statistical
 * Disclosure Control, Wiley 2012, 4.2 and 5.2); step 3 makes it safe for tables of several
 * dimensions, where line-by-line rules alone can leave a cell recoverable across lines. Zero cells
 * are published: they count nobody. Rounding, when configured, is applied to the published cells
 * afterwards and only widens what an attacker can infer.
 */
import { isMargin, type Cube, type Line, lines as cubeLines } from './cube.ts';
import { feasibleIntervals, type Interval } from './interval-audit.ts';

export type SuppressionReason = 'primary' | 'secondary';

export interface SuppressionSettings {
  /** The smallest count published (default 11). */
  k: number;
  /** Published counts are rounded to a multiple of this, when above 1. */
  rounding?: number;
}

export interface Suppression {
  /** Why each suppressed cell is suppressed. */
  reasons: Map<number, SuppressionReason>;
  /** The audit's interval of each suppressed cell, for the final pattern. */
  intervals: Map<number, Interval>;
}

/** The lines through each cell. */
function linesByCell(cube: Cube, all: readonly Line[]): Line[][] {
  const by: Line[][] = Array.from({ length: cube.size }, () => []);
  for (const line of all) {
    for (const part of line.parts) by[part]!.push(line);
    by[line.total]!.push(line);
  }
  return by;
}

const cellsOf = (line: Line) => [...line.parts, line.total];

export async function suppressTable(cube: Cube, counts: ArrayLike<number>, settings: SuppressionSettings): Promise<Suppression> {
  const all = cubeLines(cube);
  const through = linesByCell(cube, all);
  const reasons = new Map<number, SuppressionReason>();
  for (let cell = 0; cell < cube.size; cell++) if (counts[cell]! > 0 && counts[cell]! < settings.k) reasons.set(cell, 'primary');

  /** The published cell to suppress next to `cell`: the smallest non-zero one on its lines (zero ones last, interior before margins). */
  const complement = (candidates: Iterable<number>): number | undefined => {
    let best: number | undefined;
    const rank = (c: number) => [counts[c]! > 0 ? 0 : 1, counts[c]!, isMargin(cube, c) ? 1 : 0];
    for (const c of candidates) {
      if (reasons.has(c)) continue;
      if (best === undefined) { best = c; continue; }
      const [a, b] = [rank(c), rank(best)];
      if (a[0]! < b[0]! || (a[0] === b[0] && (a[1]! < b[1]! || (a[1] === b[1] && a[2]! < b[2]!)))) best = c;
    }
    return best;
  };

  const lineRule = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of all) {
        const cells = cellsOf(line);
        if (cells.filter((c) => reasons.has(c)).length !== 1) continue;
        const next = complement(cells);
        if (next === undefined) continue;
        reasons.set(next, 'secondary');
        changed = true;
      }
    }
  };

  // Suppressing one more cell only widens every interval, so a cell that passed the audit
  // stays safe: each round audits the cells that are new or were still too narrow.
  const intervals = new Map<number, Interval>();
  let audit = new Set(reasons.keys());
  for (;;) {
    lineRule();
    for (const cell of reasons.keys()) if (!intervals.has(cell)) audit.add(cell);
    const found = await feasibleIntervals({ lines: all, counts, suppressed: new Set(reasons.keys()), audit });
    for (const [cell, interval] of found) intervals.set(cell, interval);
    const exposed = [...found].filter(([, { low, high }]) => high - low < settings.k).map(([cell]) => cell);
    if (exposed.length === 0) return { reasons, intervals };
    let added = false;
    // One new cell per line a round: a second exposed cell on a line that just gained one is audited again first.
    const widened = new Set<Line>();
    for (const cell of exposed) {
      if (through[cell]!.some((line) => widened.has(line))) continue;
      const next = complement(through[cell]!.flatMap(cellsOf)) ?? complement(Array.from({ length: cube.size }, (_, c) => c));
      if (next === undefined) continue;
      reasons.set(next, 'secondary');
      for (const line of through[next]!) widened.add(line);
      added = true;
    }
    // Everything is suppressed and a cell is still narrow: only possible when the whole table counts fewer than k.
    if (!added) return { reasons, intervals };
    audit = new Set(exposed);
  }
}

/** A published count as the answer gives it: rounded to the configured base, when any. */
export function publishedCount(count: number, rounding: number | undefined): number {
  return rounding && rounding > 1 ? Math.round(count / rounding) * rounding : count;
}
