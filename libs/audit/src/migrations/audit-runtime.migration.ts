import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { RuntimeGrants } from '@chairside/database';

/**
 * The purge as a function the owner defines and the runtime role may only call: the service's
 * process has no DELETE on `audit_record` and may change only the head columns of `audit_chain`
 * (appending), so removing records past retention and moving the chain's anchor happen here, as the
 * owner (SECURITY DEFINER), always as a prefix of the chain and never inside the retention floor of
 * 30 days (the trigger and the chain head's check hold that too).
 */
export class AuditPurgeFunction1796300100000 implements MigrationInterface {
  name = 'AuditPurgeFunction1796300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION audit_purge_expired(retention integer, batch integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE removed integer;
      BEGIN
        -- Holds the chain head for the whole purge: no append interleaves with moving the anchor.
        UPDATE audit_chain SET retention_days = retention WHERE id = 1;
        WITH kept AS (
          SELECT coalesce(min(seq), (SELECT seq + 1 FROM audit_chain WHERE id = 1)) AS seq
            FROM audit_record WHERE occurred_at >= now() - make_interval(days => retention)
        ), doomed AS (
          SELECT seq FROM audit_record WHERE seq < (SELECT seq FROM kept) ORDER BY seq LIMIT batch
        )
        DELETE FROM audit_record WHERE seq IN (SELECT seq FROM doomed);
        GET DIAGNOSTICS removed = ROW_COUNT;
        IF removed > 0 THEN
          UPDATE audit_chain c
             SET anchor_seq = coalesce((SELECT seq FROM audit_record ORDER BY seq LIMIT 1), c.seq + 1),
                 anchor_prev_hash = coalesce((SELECT prev_hash FROM audit_record ORDER BY seq LIMIT 1), c.hash)
           WHERE c.id = 1;
        END IF;
        RETURN removed;
      END $$`);
    await q.query(`REVOKE EXECUTE ON FUNCTION audit_purge_expired(integer, integer) FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_purge_expired(integer, integer)`);
  }
}

/**
 * What every service's runtime role gets of the audit tables (its runtime-role migration passes
 * these to grantRuntimeRole): records may be read and appended, never changed or removed; of the
 * chain head only what an append moves; the purge only through its function.
 */
export const AUDIT_RUNTIME_GRANTS = {
  appendOnly: ['audit_record'],
  columnUpdates: { audit_chain: ['seq', 'prev_hash', 'hash'] },
  functions: ['audit_purge_expired(integer, integer)'],
} satisfies Omit<RuntimeGrants, 'service'>;
