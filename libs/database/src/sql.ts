/**
 * `($1, $2, $3), ($4, $5, $6)` for a multi-row INSERT of `rows` rows of `columns` values each,
 * with the values flattened in the same order.
 */
export function valuesPlaceholders(rows: number, columns: number): string {
  return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`).join(', ');
}
