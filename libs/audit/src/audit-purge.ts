import type { RunQuery } from './audit-chain.js';

/** Records removed per pass; a long backlog goes over several passes rather than one long lock. */
export const PURGE_BATCH = 5_000;

/**
 * Removes the oldest records past retention, as a prefix of the chain, and moves the chain's anchor
 * to the oldest record kept, so verification still starts from a known hash. The append-only
 * trigger lets a DELETE through only for records older than the retention on the chain head.
 * Runs in one transaction holding the chain head, so no append interleaves.
 */
export async function purgeExpiredAuditRecords(
  transaction: <T>(work: (query: RunQuery) => Promise<T>) => Promise<T>,
  retentionDays: number,
  batch = PURGE_BATCH,
): Promise<number> {
  return transaction(async (query) => {
    await query('UPDATE audit_chain SET retention_days = $1 WHERE id = 1', [retentionDays]);
    // The first record still inside retention bounds the prefix: every record before it is older.
    const deleted = await query(
      `WITH kept AS (
         SELECT coalesce(min(seq), (SELECT seq + 1 FROM audit_chain WHERE id = 1)) AS seq
           FROM audit_record WHERE occurred_at >= now() - make_interval(days => $1)
       ), doomed AS (
         SELECT seq FROM audit_record WHERE seq < (SELECT seq FROM kept) ORDER BY seq LIMIT $2
       )
       DELETE FROM audit_record WHERE seq IN (SELECT seq FROM doomed) RETURNING seq`,
      [retentionDays, batch],
    );
    if (!deleted.length) return 0;
    await query(
      `UPDATE audit_chain c
          SET anchor_seq = coalesce((SELECT seq FROM audit_record ORDER BY seq LIMIT 1), c.seq + 1),
              anchor_prev_hash = coalesce((SELECT prev_hash FROM audit_record ORDER BY seq LIMIT 1), c.hash)
        WHERE c.id = 1`,
    );
    return deleted.length;
  });
}
