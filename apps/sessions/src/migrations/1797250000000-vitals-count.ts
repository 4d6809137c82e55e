import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many vital-signs readings each session has, kept on the session row so the write that adds
 * one can refuse the reading past MAX_VITALS_PER_SESSION in the same statement: the row's lock
 * serialises concurrent readings of one session, which a count of vital_signs would not.
 */
export class VitalsCount1797250000000 implements MigrationInterface {
  name = 'VitalsCount1797250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "session" ADD "vitals_count" integer NOT NULL DEFAULT 0`);
    await q.query(
      `UPDATE "session" s SET "vitals_count" = v.n FROM (SELECT session_id, count(*)::int AS n FROM vital_signs GROUP BY 1) v WHERE v.session_id = s.appointment_id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "session" DROP COLUMN "vitals_count"`);
  }
}
