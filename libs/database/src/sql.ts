import pg from 'pg';
import { type DataSource, type EntityManager, QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { prepareValue } from './pg-values.js';

/**
 * `($1, $2, $3), ($4, $5, $6)` for a multi-row INSERT of `rows` rows of `columns` values each,
 * with the values flattened in the same order; `after` shifts the numbering past earlier parameters.
 */
export function valuesPlaceholders(rows: number, columns: number, after = 0): string {
  return Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${after + r * columns + c + 1}`).join(', ')})`,
  ).join(', ');
}

/** A parameterised statement, e.g. from a query builder's `getQueryAndParameters()`. */
export interface SqlStatement {
  sql: string;
  parameters: unknown[];
}

/**
 * The statement as plain text, each `$n` replaced by its parameter as a quoted literal rendered
 * exactly as the driver would have sent it (`prepareValue`): an untyped literal resolves like an
 * untyped parameter. Lets several statements share one simple-protocol round trip.
 */
export function inlineParameters({ sql, parameters }: SqlStatement): string {
  let text = '';
  for (const part of template(sql)) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    if (part < 1 || part > parameters.length)
      throw new Error(`Placeholder $${part} has no parameter (${parameters.length} given)`);
    const value = prepareValue(parameters[part - 1]);
    if (value !== null && typeof value !== 'string') throw new Error(`Parameter $${part} cannot be sent as text`);
    // PostgreSQL text cannot hold NUL; inlined, it would cut the statement short on the wire (a protocol
    // error that looks like a lost connection). Refused here as PostgreSQL refuses it as a parameter: 22021.
    if (value?.includes('\u0000')) throw new NulInParameterError(part);
    text += value === null ? 'NULL' : pg.escapeLiteral(value);
  }
  return text;
}

/** A value with a NUL byte: permanent (SQLSTATE 22021, as PostgreSQL answers for a parameter), never retried. */
export class NulInParameterError extends Error {
  readonly code = '22021';
  constructor(parameter: number) {
    super(`Parameter $${parameter} contains a NUL byte, which PostgreSQL text cannot hold`);
    this.name = 'NulInParameterError';
  }
}

/** A statement's text split at its placeholders (their numbers); the same few statements recur on every request. */
const templates = new Map<string, Array<string | number>>();

function template(sql: string): Array<string | number> {
  let parts = templates.get(sql);
  if (!parts) {
    parts = [];
    let last = 0;
    for (const { index, end, number } of placeholders(sql)) {
      parts.push(sql.slice(last, index), number);
      last = end;
    }
    parts.push(sql.slice(last));
    if (templates.size >= 1_000) templates.clear();
    templates.set(sql, parts);
  }
  return parts;
}

const IDENTIFIER_CHAR = /[\w$]/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;

/**
 * The `$n` placeholders of a statement, skipping what holds none: quoted strings (plain, E'…' with
 * backslash escapes), quoted identifiers, line comments, block comments (which nest in PostgreSQL:
 * a comment opened inside a comment needs its own close) and dollar-quoted bodies; a `$` inside a
 * name (`a$1`) is not one.
 * A scanner rather than a regular expression, because nesting cannot be matched by one.
 */
export function* placeholders(sql: string): Generator<{ index: number; end: number; number: number }> {
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    const afterName = i > 0 && IDENTIFIER_CHAR.test(sql[i - 1]!);
    if ((c === 'E' || c === 'e') && next === "'" && !afterName) {
      i += 2;
      while (i < n && sql[i] !== "'") i += sql[i] === '\\' ? 2 : 1;
      // '' inside an E-string is an escaped quote: keep scanning the same string.
      while (sql[i] === "'" && sql[i + 1] === "'") {
        i += 2;
        while (i < n && sql[i] !== "'") i += sql[i] === '\\' ? 2 : 1;
      }
      i++;
    } else if (c === "'" || c === '"') {
      i = closingQuote(sql, i + 1, c);
    } else if (c === '-' && next === '-') {
      const newline = sql.indexOf('\n', i);
      i = newline < 0 ? n : newline + 1;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
    } else if (c === '$' && !afterName) {
      const digits = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (digits) {
        yield { index: i, end: i + digits[0].length, number: Number(digits[1]) };
        i += digits[0].length;
        continue;
      }
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 70));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
      } else i++;
    } else i++;
  }
}

/** The index after the quote that closes a string or identifier opened before `from` (a doubled quote is kept). */
function closingQuote(sql: string, from: number, quote: string): number {
  let i = from;
  for (;;) {
    const close = sql.indexOf(quote, i);
    if (close < 0) return sql.length;
    if (sql[close + 1] !== quote) return close + 1;
    i = close + 2;
  }
}

/** A connection that can run a plain-text query of several statements (node-postgres's client). */
interface PlainTextClient {
  query(text: string): Promise<{ rows: unknown[] } | Array<{ rows: unknown[] }>>;
}

/**
 * Runs statements one after another in a single round trip on the manager's connection and
 * returns each one's rows. Each statement takes its own snapshot, so under READ COMMITTED a
 * read after a lock sees what was committed while the lock was awaited. An error stops the rest
 * (and, inside a transaction, aborts it) and comes back as TypeORM's `QueryFailedError`.
 */
export async function queryTogether(
  manager: EntityManager,
  statements: ReadonlyArray<SqlStatement | string>,
): Promise<unknown[][]> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('queryTogether needs a manager bound to one connection (inside a transaction)');
  if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
  const text = statements.map((s) => (typeof s === 'string' ? s : inlineParameters(s))).join(';\n');
  const client = (await runner.connect()) as PlainTextClient;
  try {
    const result = await client.query(text);
    return (Array.isArray(result) ? result : [result]).map((r) => r.rows);
  } catch (error) {
    throw new QueryFailedError(text, [], error as Error);
  }
}

/**
 * Runs statements in one round trip and ONE transaction on a connection of the pool: PostgreSQL
 * runs a simple-protocol query of several statements as a transaction of its own, committed after
 * the last statement (one WAL flush for all) or rolled back entirely at the first error. Not for a
 * caller already inside a transaction (its statements would not be part of it).
 */
export async function querySeveral(dataSource: DataSource, statements: ReadonlyArray<SqlStatement>): Promise<unknown[][]> {
  const runner = dataSource.createQueryRunner();
  try {
    return await queryTogether(runner.manager, statements);
  } finally {
    await runner.release();
  }
}
