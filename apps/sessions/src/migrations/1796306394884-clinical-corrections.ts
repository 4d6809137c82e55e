import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Entered in error (FHIR `entered-in-error`): a step of the session's log or a set of vital signs
 * that was wrong is marked here, with who, when and why. The original rows are never changed.
 */
export class ClinicalCorrections1796306394884 implements MigrationInterface {
  name = 'ClinicalCorrections1796306394884';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "session_step_error" ("session_id" uuid NOT NULL, "seq" integer NOT NULL, "reason" text NOT NULL, "actor_id" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_session_step_error" PRIMARY KEY ("session_id", "seq"))`,
    );
    await q.query(
      `CREATE TABLE "vital_signs_error" ("vital_signs_id" uuid NOT NULL, "session_id" uuid NOT NULL, "reason" text NOT NULL, "actor_id" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_vital_signs_error" PRIMARY KEY ("vital_signs_id"))`,
    );
    await q.query(`CREATE INDEX "vital_signs_error_session_idx" ON "vital_signs_error" ("session_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "vital_signs_error"`);
    await q.query(`DROP TABLE "session_step_error"`);
  }
}
