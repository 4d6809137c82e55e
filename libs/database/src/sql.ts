import pg from 'pg';
import { type EntityManager, QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
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
 * Quoted strings (plain and E'…'), quoted identifiers, comments and dollar-quoted bodies, which
 * hold no placeholders, and the `$n` placeholders themselves (not a `$` inside a name such as `a$1`).
 */
const TOKENS =
  /[Ee]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|\$(?<tag>[A-Za-z_]\w*)?\$[\s\S]*?\$\k<tag>\$|(?<![\w$])\$(\d+)/g;

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
    text += value === null ? 'NULL' : pg.escapeLiteral(value);
  }
  return text;
}

/** A statement's text split at its placeholders (their numbers); the same few statements recur on every request. */
const templates = new Map<string, Array<string | number>>();

function template(sql: string): Array<string | number> {
  let parts = templates.get(sql);
  if (!parts) {
    parts = [];
    let last = 0;
    for (const match of sql.matchAll(TOKENS)) {
      const index = match[2];
      if (index === undefined) continue;
      parts.push(sql.slice(last, match.index), Number(index));
      last = match.index + match[0].length;
    }
    parts.push(sql.slice(last));
    if (templates.size >= 1_000) templates.clear();
    templates.set(sql, parts);
  }
  return parts;
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
