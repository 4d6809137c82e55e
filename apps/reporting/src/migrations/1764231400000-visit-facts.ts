import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The facts KPIs are computed from: visits, reactions, messages. */
export class VisitFacts1764231400000 implements MigrationInterface {
  name = 'VisitFacts1764231400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "visit_fact" ("appointment_id" uuid NOT NULL, "location_id" uuid NOT NULL, "patient_id" uuid, "therapy_code" text, "chair_id" uuid, "booked_at" TIMESTAMP WITH TIME ZONE, "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "duration_minutes" integer, "status" text, "cancelled_at" TIMESTAMP WITH TIME ZONE, "late_cancellation" boolean, "no_show_at" TIMESTAMP WITH TIME ZONE, "confirmed_at" TIMESTAMP WITH TIME ZONE, "checked_in_at" TIMESTAMP WITH TIME ZONE, "seated_at" TIMESTAMP WITH TIME ZONE, "drug_ready_at" TIMESTAMP WITH TIME ZONE, "infusion_started_at" TIMESTAMP WITH TIME ZONE, "infusion_completed_at" TIMESTAMP WITH TIME ZONE, "infusing_minutes" integer, "stopped_early_at" TIMESTAMP WITH TIME ZONE, "discharged_at" TIMESTAMP WITH TIME ZONE, "appointment_sequence" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_visit_fact" PRIMARY KEY ("appointment_id"))`,
    );
    await q.query(`CREATE INDEX "visit_fact_location_start_idx" ON "visit_fact" ("location_id", "starts_at")`);
    await q.query(
      `CREATE TABLE "reaction_fact" ("reaction_id" uuid NOT NULL, "appointment_id" uuid NOT NULL, "location_id" uuid NOT NULL, "therapy_code" text NOT NULL, "kind" text NOT NULL, "grade" integer NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_reaction_fact" PRIMARY KEY ("reaction_id"))`,
    );
    await q.query(`CREATE INDEX "reaction_fact_location_idx" ON "reaction_fact" ("location_id", "occurred_at")`);
    await q.query(
      `CREATE TABLE "message_fact" ("message_id" uuid NOT NULL, "appointment_id" uuid NOT NULL, "location_id" uuid NOT NULL, "kind" text NOT NULL, "channel" text NOT NULL, "status" text NOT NULL, "rank" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_message_fact" PRIMARY KEY ("message_id"))`,
    );
    await q.query(`CREATE INDEX "message_fact_appointment_idx" ON "message_fact" ("appointment_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "message_fact"`);
    await q.query(`DROP TABLE "reaction_fact"`);
    await q.query(`DROP TABLE "visit_fact"`);
  }
}
