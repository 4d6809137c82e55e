import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shifts can be edited and removed (a sick call) and chair outages cancelled. A nurse's events are
 * numbered by `shift_events` (her shift changes so far) rather than by counting her shifts, which
 * a removal would reuse; a cancelled outage is kept, marked.
 */
export class StaffingEdits1796306500000 implements MigrationInterface {
  name = 'StaffingEdits1796306500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nurse" ADD "shift_events" integer NOT NULL DEFAULT 0`);
    await q.query(`UPDATE "nurse" n SET "shift_events" = (SELECT count(*) FROM "nurse_shift" s WHERE s."nurse_id" = n."id")`);
    await q.query(`ALTER TABLE "chair_outage" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "chair_outage" ADD "cancellation_reason" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "chair_outage" DROP COLUMN "cancellation_reason"`);
    await q.query(`ALTER TABLE "chair_outage" DROP COLUMN "cancelled_at"`);
    await q.query(`ALTER TABLE "nurse" DROP COLUMN "shift_events"`);
  }
}
