import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS_HASH } from '../audit-chain.js';

/**
 * The audit trail every service has: `audit_record`, append-only, hash-chained through the single
 * row of `audit_chain` (its head and the anchor retention moves). Listed in each service's migrations.
 *
 * Append-only is held by a trigger, which binds the table's owner too (short of dropping it): no
 * UPDATE, no TRUNCATE, and a DELETE only of a record older than the retention on the chain head (the
 * purge). Where the runtime role `chairside_runtime` exists it also loses UPDATE, DELETE and TRUNCATE.
 */
export class AuditTrail1796300000000 implements MigrationInterface {
  name = 'AuditTrail1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit_record" (
      "seq" bigint NOT NULL,
      "record_id" uuid NOT NULL,
      "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "actor_subject" text,
      "actor_roles" text[] NOT NULL,
      "organisation_id" text,
      "actor_client" text,
      "resource_type" text NOT NULL,
      "resource_id" text,
      "patient_id" text,
      "action" text NOT NULL,
      "outcome" text NOT NULL,
      "status" integer NOT NULL,
      "ip" text,
      "user_agent" text,
      "correlation_id" text,
      "route" text NOT NULL,
      "prev_hash" text NOT NULL,
      "hash" text NOT NULL,
      CONSTRAINT "PK_audit_record" PRIMARY KEY ("seq"),
      CONSTRAINT "UQ_audit_record_record_id" UNIQUE ("record_id")
    )`);
    await q.query(
      `CREATE INDEX "audit_record_patient_idx" ON "audit_record" ("patient_id", "occurred_at") WHERE patient_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "audit_record_actor_idx" ON "audit_record" ("actor_subject", "occurred_at")`);
    await q.query(`CREATE INDEX "audit_record_resource_idx" ON "audit_record" ("resource_type", "resource_id", "occurred_at")`);
    await q.query(`CREATE INDEX "audit_record_occurred_idx" ON "audit_record" ("occurred_at")`);
    await q.query(`CREATE TABLE "audit_chain" (
      "id" smallint NOT NULL,
      "seq" bigint NOT NULL,
      "hash" text NOT NULL,
      "prev_hash" text NOT NULL,
      "anchor_seq" bigint NOT NULL,
      "anchor_prev_hash" text NOT NULL,
      "retention_days" integer NOT NULL,
      CONSTRAINT "PK_audit_chain" PRIMARY KEY ("id"),
      CONSTRAINT "audit_chain_single_row" CHECK ("id" = 1),
      CONSTRAINT "audit_chain_retention_floor" CHECK ("retention_days" >= 30)
    )`);
    await q.query(`INSERT INTO "audit_chain" VALUES (1, 0, '${GENESIS_HASH}', '${GENESIS_HASH}', 1, '${GENESIS_HASH}', 2190)`);
    await q.query(`CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.occurred_at < now() - make_interval(days => (SELECT retention_days FROM audit_chain WHERE id = 1)) THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON "audit_record" FOR EACH ROW EXECUTE FUNCTION audit_record_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON "audit_record" FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only()`,
    );
    await q.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chairside_runtime') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON "audit_record" FROM chairside_runtime;
      END IF;
    END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_record"`);
    await q.query(`DROP FUNCTION audit_record_append_only()`);
    await q.query(`DROP TABLE "audit_chain"`);
  }
}
