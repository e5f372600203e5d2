/**
 * A table with every margin: each dimension's categories plus a total, every combination a cell.
 * The cells are one flat array (strides as in a row-major array) so that the additive relations
 * that suppression must respect, "the categories of a line add up to its total", are cheap to walk.
 */

/** The coordinate value that stands for all categories of a dimension (a margin). */
export const TOTAL = '*';

export interface Cube {
  /** Each dimension's categories, sorted; the total comes after them (index = categories.length). */
  readonly categories: readonly (readonly string[])[];
  readonly strides: readonly number[];
  readonly size: number;
}

export function makeCube(categories: readonly (readonly string[])[]): Cube {
  const strides: number[] = [];
  let size = 1;
  for (let d = categories.length - 1; d >= 0; d--) {
    strides[d] = size;
    size *= categories[d]!.length + 1;
  }
  return { categories, strides, size };
}

/** The cells' coordinates (category index per dimension; categories.length = total). */
export function coordinates(cube: Cube, cell: number): number[] {
  return cube.strides.map((stride, d) => Math.floor(cell / stride) % (cube.categories[d]!.length + 1));
}

export function cellValues(cube: Cube, cell: number): string[] {
  return coordinates(cube, cell).map((c, d) => cube.categories[d]![c] ?? TOTAL);
}

/** One entry per cell, in the cells' order, made from its values and its index. */
export function mapCells<T>(cube: Cube, make: (values: string[], cell: number) => T): T[] {
  const out: T[] = [];
  for (let cell = 0; cell < cube.size; cell++) out.push(make(cellValues(cube, cell), cell));
  return out;
}

export function isMargin(cube: Cube, cell: number): boolean {
  return coordinates(cube, cell).some((c, d) => c === cube.categories[d]!.length);
}

/** One additive relation: the categories' cells add up to the total cell. */
export interface Line {
  readonly parts: readonly number[];
  readonly total: number;
}

/** Every line of the cube: along each dimension, for each setting of the other coordinates. */
export function lines(cube: Cube): Line[] {
  const out: Line[] = [];
  cube.categories.forEach((cats, d) => {
    const stride = cube.strides[d]!;
    for (let cell = 0; cell < cube.size; cell++) {
      if (Math.floor(cell / stride) % (cats.length + 1) !== 0) continue;
      out.push({ parts: cats.map((_, i) => cell + i * stride), total: cell + cats.length * stride });
    }
  });
  return out;
}

/** The counts of every cell, margins included, from the interior counts by category values. */
export function fillCounts(cube: Cube, interior: Iterable<{ values: readonly string[]; count: number }>): Float64Array {
  const counts = new Float64Array(cube.size);
  const index = cube.categories.map((cats) => new Map(cats.map((c, i) => [c, i])));
  for (const { values, count } of interior) {
    let cell = 0;
    values.forEach((v, d) => (cell += index[d]!.get(v)! * cube.strides[d]!));
    counts[cell]! += count;
  }
  // Lines come dimension by dimension, so the totals a later line adds up are summed before it.
  for (const line of lines(cube)) {
    let sum = 0;
    for (const part of line.parts) sum += counts[part]!;
    counts[line.total] = sum;
  }
  return counts;
}
