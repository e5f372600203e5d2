/**
 * The attacker's view of a suppressed table: for a suppressed cell, the smallest and largest value
 * it can take given every published cell and every additive relation of the table (each line's
 * categories add up to its total, no count is negative). This is the linear-programming audit of
 * cell suppression (Cox, "Linear sensitivity measures in statistical disclosure control", Journal
 * of Statistical Planning and Inference 5, 1981; Hundepool et al., "Statistical Disclosure
 * Control", Wiley 2012, section 5.2), solved with HiGHS. Only the lines that connect suppressed
 * cells to one another matter, so each cell's problem holds only its connected part.
 */
import * as highsPackage from 'highs';
import type { Highs } from 'highs';
import { NrxError } from '../../lib/errors.ts';
import type { Line } from './cube.ts';

export interface Interval {
  low: number;
  /** Infinity when nothing bounds the cell from above. */
  high: number;
}

export interface AuditProblem {
  readonly lines: readonly Line[];
  readonly counts: ArrayLike<number>;
  readonly suppressed: ReadonlySet<number>;
  /** The suppressed cells to audit (all when absent). */
  readonly audit?: ReadonlySet<number>;
}

/** The suppressed cells grouped by the lines that tie them together, with those lines' equations. */
function components(problem: AuditProblem) {
  const { lines, counts, suppressed } = problem;
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const cell of suppressed) parent.set(cell, cell);
  const equations: { cells: [number, number][]; constant: number }[] = [];
  for (const line of lines) {
    const cells: [number, number][] = [];
    let constant = 0;
    for (const part of line.parts) {
      if (suppressed.has(part)) cells.push([part, 1]);
      else constant -= counts[part]!;
    }
    if (suppressed.has(line.total)) cells.push([line.total, -1]);
    else constant += counts[line.total]!;
    if (cells.length === 0) continue;
    equations.push({ cells, constant });
    for (const [cell] of cells.slice(1)) parent.set(find(cell), find(cells[0]![0]));
  }
  const byRoot = new Map<number, typeof equations>();
  for (const eq of equations) {
    const root = find(eq.cells[0]![0]);
    const list = byRoot.get(root);
    if (list) list.push(eq);
    else byRoot.set(root, [eq]);
  }
  return { byRoot };
}

// The package ships an ES module under CommonJS typings: the loader is the namespace's default at
// run time, and the default's default to the type checker.
const defaultOf = (m: unknown) => (m as { default: unknown }).default;
const loadHighs = (typeof defaultOf(highsPackage) === 'function' ? defaultOf(highsPackage) : defaultOf(defaultOf(highsPackage))) as () => Promise<Highs>;

let loading: Promise<Highs> | undefined;
/** HiGHS, compiled to WebAssembly, loaded once when the first table is audited. */
export const highs = () => (loading ??= loadHighs());

/**
 * The feasible interval of every suppressed cell (or those of `audit`). Each connected part is one HiGHS model, built
 * once; each of its cells is then a change of objective and a warm-started re-solve.
 */
export async function feasibleIntervals(problem: AuditProblem): Promise<Map<number, Interval>> {
  const { byRoot } = components(problem);
  const solver = await highs();
  const { objectiveSense, modelStatus } = solver.constants;
  const out = new Map<number, Interval>();
  const constrained = new Set<number>();
  const wanted = problem.audit ?? problem.suppressed;
  for (const equations of byRoot.values()) {
    if (!equations.some((eq) => eq.cells.some(([cell]) => wanted.has(cell)))) continue;
    const columns = [...new Set(equations.flatMap((eq) => eq.cells.map(([cell]) => cell)))];
    const column = new Map(columns.map((cell, i) => [cell, i]));
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const eq of equations) {
      for (const [cell, sign] of eq.cells) (indices.push(column.get(cell)!), values.push(sign));
      starts.push(indices.length);
    }
    const constants = equations.map((eq) => eq.constant);
    using model = solver.createModel({
      numCols: columns.length,
      numRows: equations.length,
      colCost: columns.map(() => 0),
      colLower: columns.map(() => 0),
      colUpper: columns.map(() => solver.infinity),
      rowLower: constants,
      rowUpper: constants,
      matrix: { format: 'csr', numRows: equations.length, numCols: columns.length, starts, indices, values },
    });
    model.options.set({ output_flag: false });
    const bound = (col: number, sense: 'minimize' | 'maximize') => {
      model.changeObjectiveSense(objectiveSense[sense]);
      const { modelStatus: status } = model.run();
      if (status === modelStatus.unbounded || status === modelStatus.unboundedOrInfeasible) return sense === 'maximize' ? Infinity : 0;
      if (status !== modelStatus.optimal) throw new NrxError('INTERNAL', `the suppression audit's linear programme ended with HiGHS model status ${status}`);
      return Math.round(model.getObjectiveValue() * 1e6) / 1e6;
    };
    columns.forEach((cell, col) => {
      if (!(problem.audit ?? problem.suppressed).has(cell)) return;
      model.changeColCost(col, 1);
      out.set(cell, { low: bound(col, 'minimize'), high: bound(col, 'maximize') });
      model.changeColCost(col, 0);
      constrained.add(cell);
    });
  }
  // A suppressed cell on no line at all (a table of no dimension) is unconstrained.
  for (const cell of problem.audit ?? problem.suppressed) if (!constrained.has(cell)) out.set(cell, { low: 0, high: Infinity });
  return out;
}
