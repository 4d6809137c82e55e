import { createHash } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { ProblemException, problemType } from '@chairside/platform';
import type { Transaction, WriteOptions } from './unit-of-work.js';

export interface IdempotencyRequest {
  /** The client's Idempotency-Key header. */
  key: string;
  scope: string;
  /** The request body (and anything else that must match on a retry). */
  request: unknown;
}

export type IdempotentOutcome<T> =
  { replayed: false; status: number; body: T } | { replayed: true; status: number; body: unknown };

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs `work` at most once per (scope, key), inside the caller's transaction. A concurrent
 * duplicate waits on the key's unique index until the first commits, then replays its response;
 * if the first fails (and rolls back), the duplicate does the work itself.
 */
export async function idempotent<T>(
  tx: Transaction,
  idempotency: IdempotencyRequest,
  status: number,
  work: () => Promise<T>,
  toBody: (result: T) => unknown,
  options: WriteOptions = {},
): Promise<IdempotentOutcome<T>> {
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
    return { replayed: true, status: earlier!.response_status, body: earlier!.response_body };
  }
  const result = await work();
  const body = toBody(result);
  // With `last`, nothing follows the stored response: the COMMIT goes with it.
  await tx.queryTogether(
    [
      {
        sql: `UPDATE idempotency_key SET response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
        parameters: [idempotency.scope, idempotency.key, status, JSON.stringify(body)],
      },
    ],
    options,
  );
  return { replayed: false, status, body: result };
}
