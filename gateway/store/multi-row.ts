/** The placeholders of a multi-row INSERT: `($1, $2), ($3, $4)` for two rows of two columns. */
export function valuesList(rows: number, columns: number): string {
  return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`).join(', ');
}
