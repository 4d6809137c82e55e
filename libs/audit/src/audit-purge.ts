import type { RunQuery } from './audit-chain.js';

/** Records removed per pass; a long backlog goes over several passes rather than one long lock. */
export const PURGE_BATCH = 5_000;

/**
 * Removes the oldest records past retention, as a prefix of the chain, and moves the chain's anchor
 * to the oldest record kept, so verification still starts from a known hash. The work is the
 * function `audit_purge_expired` (migration AuditPurgeFunction1796300100000), which runs as the
 * table's owner: the service's runtime role may not DELETE audit records itself. The append-only
 * trigger lets a DELETE through only for records older than the retention on the chain head.
 */
export async function purgeExpiredAuditRecords(query: RunQuery, retentionDays: number, batch = PURGE_BATCH): Promise<number> {
  const [row] = await query('SELECT audit_purge_expired($1, $2) AS removed', [retentionDays, batch]);
  return Number(row?.removed ?? 0);
}
