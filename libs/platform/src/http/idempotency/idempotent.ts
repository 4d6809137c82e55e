import { createHash } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { Finished, PreparedWrite, SqlStatement } from '@chairside/database';
import { ProblemException, problemType } from '../problem.js';

export interface IdempotencyRequest {
  /** The client's Idempotency-Key header. */
  key: string;
  scope: string;
  /** The request body (and anything else that must match on a retry). */
  request: unknown;
}

export type IdempotentOutcome<T> =
  { replayed: false; status: number; body: T } | { replayed: true; status: number; body: unknown };

/** What idempotent() needs of a transaction (libs/messaging's Transaction is one). */
export interface IdempotencyTransaction {
  readonly manager: { query(sql: string, parameters?: unknown[]): Promise<unknown> };
  queryTogether(statements: ReadonlyArray<SqlStatement>): Promise<unknown[][]>;
  prepare(statements: ReadonlyArray<SqlStatement>): PreparedWrite;
  send<R>(write: PreparedWrite<R>): Promise<R>;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs `work` at most once per (scope, key), inside the caller's transaction. A concurrent
 * duplicate waits on the key's unique index until the first commits, then replays its response;
 * if the first fails (and rolls back), the duplicate does the work itself.
 *
 * The stored response is the transaction's final write (given back unsent, for the unit of
 * work to send with its COMMIT); the work's own final write, if any, is sent before it.
 */
export async function idempotent<T>(
  tx: IdempotencyTransaction,
  idempotency: IdempotencyRequest,
  status: number,
  work: () => Promise<Finished<T>>,
  toBody: (result: T) => unknown,
): Promise<Finished<IdempotentOutcome<T>>> {
  if (!KEY.test(idempotency.key))
    throw ProblemException.validation([{ field: 'Idempotency-Key', reason: 'must be 1 to 200 visible ASCII characters' }]);
  const fingerprint = createHash('sha256').update(JSON.stringify(idempotency.request)).digest('hex');
  // Usually the transaction's first statement: sent together, its BEGIN rides along.
  const [inserted] = (await tx.queryTogether([
    {
      sql: `INSERT INTO idempotency_key (scope, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      parameters: [idempotency.scope, idempotency.key, fingerprint],
    },
  ])) as [unknown[]];
  if (!inserted.length) {
    const [earlier] = (await tx.manager.query(
      `SELECT fingerprint, response_status, response_body FROM idempotency_key WHERE scope = $1 AND key = $2`,
      [idempotency.scope, idempotency.key],
    )) as Array<{ fingerprint: string; response_status: number; response_body: unknown }>;
    if (earlier!.fingerprint !== fingerprint) {
      throw new ProblemException({
        type: problemType('idempotency-key-reused'),
        title: 'Idempotency key reused',
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail: 'This Idempotency-Key was used with a different request.',
        errors: [{ field: 'Idempotency-Key', reason: 'was used with a different request body' }],
      });
    }
    return { result: { replayed: true, status: earlier!.response_status, body: earlier!.response_body } };
  }
  const { result, finalWrite } = await work();
  if (finalWrite) await tx.send(finalWrite);
  return {
    result: { replayed: false, status, body: result },
    finalWrite: tx.prepare([
      {
        sql: `UPDATE idempotency_key SET response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
        parameters: [idempotency.scope, idempotency.key, status, JSON.stringify(toBody(result))],
      },
    ]),
  };
}

/**
 * A creating POST (201): at most once per Idempotency-Key when the client sent one, otherwise
 * simply done. The one place the five creating use cases share, so none repeats the branch.
 */
export function createdOnce<T>(
  tx: IdempotencyTransaction,
  idempotency: IdempotencyRequest | undefined,
  create: () => Promise<T>,
  toBody: (result: T) => unknown,
): Promise<Finished<IdempotentOutcome<T>>> {
  if (idempotency) return idempotent(tx, idempotency, 201, async () => ({ result: await create() }), toBody);
  return create().then((body) => ({ result: { replayed: false as const, status: 201, body } }));
}

/**
 * The controller's half of a creating POST: the command's `idempotency` when the client sent an
 * Idempotency-Key, scoped to the organisation and the route so one key cannot replay another
 * organisation's or another endpoint's answer.
 */
export function idempotencyOf(
  key: string | undefined,
  organisationId: string,
  route: string,
  request: unknown,
): { idempotency?: IdempotencyRequest } {
  return key === undefined ? {} : { idempotency: { key, scope: `${organisationId}:${route}`, request } };
}

/** What answerOnce needs of the HTTP response (express's Response is one). */
export interface ReplayableResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

/**
 * The answer to a creating POST: a replay gets the first answer's status and body (stored as the
 * view) with `Idempotent-Replayed: true`; a first request gets the view of what it created.
 */
export function answerOnce<T, V>(outcome: IdempotentOutcome<T>, res: ReplayableResponse, view: (result: T) => V): V {
  if (!outcome.replayed) return view(outcome.body);
  res.status(outcome.status);
  res.setHeader('Idempotent-Replayed', 'true');
  return outcome.body as V;
}
