/**
 * `($1, $2, $3), ($4, $5, $6)` for a multi-row INSERT of `rows` rows of `columns` values each,
 * with the values flattened in the same order; `after` shifts the numbering past earlier parameters.
 */
export function valuesPlaceholders(rows: number, columns: number, after = 0): string {
  return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${after + r * columns + c + 1}`).join(', ')})`).join(', ');
}

/** A parameterised statement, e.g. from a query builder's `getQueryAndParameters()`. */
export interface SqlStatement {
  sql: string;
  parameters: unknown[];
}
