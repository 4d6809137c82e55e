import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live re-plans. `overrun_ends_at` holds a running appointment's chair, nurse and patient past
 * its planned end while its session overruns (the slot engine reads it; the exclusion
 * constraints keep the planned times, because the next appointment on the chair stays where it is
 * until it is re-planned). `replan_proposal` keeps each proposed alternative and what became of it.
 */
export class Replans1796460000000 implements MigrationInterface {
  name = 'Replans1796460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "appointment" ADD "overrun_ends_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`CREATE TABLE "replan_proposal" (
      "id" uuid NOT NULL,
      "location_id" uuid NOT NULL,
      "appointment_id" uuid NOT NULL,
      "appointment_version" integer NOT NULL,
      "cause" text NOT NULL,
      "cause_id" uuid NOT NULL,
      "status" text NOT NULL,
      "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "chair_id" uuid NOT NULL,
      "nurse_id" uuid NOT NULL,
      "previous_starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "previous_chair_id" uuid NOT NULL,
      "previous_nurse_id" uuid NOT NULL,
      "delay_minutes" integer NOT NULL,
      "version" integer NOT NULL,
      "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "decided_at" TIMESTAMP WITH TIME ZONE,
      "decided_by" text,
      CONSTRAINT "PK_replan_proposal" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "replan_proposal_location_start_idx" ON "replan_proposal" ("location_id", "previous_starts_at")`);
    await q.query(`CREATE INDEX "replan_proposal_appointment_idx" ON "replan_proposal" ("appointment_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "replan_proposal"`);
    await q.query(`ALTER TABLE "appointment" DROP COLUMN "overrun_ends_at"`);
  }
}
