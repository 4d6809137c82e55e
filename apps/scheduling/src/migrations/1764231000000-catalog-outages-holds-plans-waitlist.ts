import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogOutagesHoldsPlansWaitlist1764231000000 implements MigrationInterface {
  name = 'CatalogOutagesHoldsPlansWaitlist1764231000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "therapy_setting" (
      "organisation_id" uuid NOT NULL,
      "therapy_code" text NOT NULL,
      "settings" jsonb NOT NULL,
      "version" integer NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_therapy_setting" PRIMARY KEY ("organisation_id", "therapy_code")
    )`);
    await q.query(`CREATE TABLE "chair_outage" (
      "id" uuid NOT NULL,
      "chair_id" uuid NOT NULL,
      "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "reason" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_chair_outage" PRIMARY KEY ("id"),
      CONSTRAINT "FK_chair_outage_chair" FOREIGN KEY ("chair_id") REFERENCES "chair"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
    await q.query(`CREATE INDEX "chair_outage_chair_idx" ON "chair_outage" ("chair_id", "starts_at")`);
    await q.query(`CREATE TABLE "overbooking_audit" (
      "id" uuid NOT NULL,
      "appointment_id" uuid NOT NULL,
      "location_id" uuid NOT NULL,
      "actor_id" text NOT NULL,
      "reason" text NOT NULL,
      "violations" text array NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_overbooking_audit" PRIMARY KEY ("id")
    )`);
    await q.query(`CREATE INDEX "overbooking_audit_location_idx" ON "overbooking_audit" ("location_id", "created_at")`);
    await q.query(`CREATE TABLE "treatment_plan" (
      "id" uuid NOT NULL,
      "location_id" uuid NOT NULL,
      "patient_id" uuid NOT NULL,
      "therapy_code" text NOT NULL,
      "duration_minutes" integer NOT NULL,
      "doses" integer NOT NULL,
      "interval_days" integer NOT NULL,
      "first_starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "unplaced_doses" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_treatment_plan" PRIMARY KEY ("id")
    )`);
    await q.query(`CREATE INDEX "treatment_plan_patient_idx" ON "treatment_plan" ("patient_id")`);
    await q.query(`CREATE TABLE "waitlist_request" (
      "id" uuid NOT NULL,
      "location_id" uuid NOT NULL,
      "patient_id" uuid NOT NULL,
      "therapy_code" text NOT NULL,
      "duration_minutes" integer NOT NULL,
      "earliest" TIMESTAMP WITH TIME ZONE NOT NULL,
      "latest" TIMESTAMP WITH TIME ZONE NOT NULL,
      "preferred_from" text,
      "preferred_to" text,
      "status" text NOT NULL,
      "offered_appointment_id" uuid,
      "version" integer NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_waitlist_request" PRIMARY KEY ("id")
    )`);
    await q.query(`CREATE INDEX "waitlist_request_location_idx" ON "waitlist_request" ("location_id", "status", "earliest")`);
    // Existing appointments keep the durations they were placed with: observation from the default catalog.
    await q.query(`ALTER TABLE "appointment" ADD "duration_minutes" integer`);
    await q.query(`ALTER TABLE "appointment" ADD "observation_minutes" integer`);
    await q.query(`UPDATE "appointment" a SET "observation_minutes" = CASE a.therapy_code
      WHEN 'hydration' THEN 0 WHEN 'iv_antibiotics' THEN 15 WHEN 'steroids' THEN 15 WHEN 'therapeutic_phlebotomy' THEN 15 ELSE 30 END`);
    await q.query(
      `UPDATE "appointment" SET "duration_minutes" = greatest(1, (extract(epoch FROM ends_at - starts_at) / 60)::int - observation_minutes)`,
    );
    await q.query(`ALTER TABLE "appointment" ALTER COLUMN "duration_minutes" SET NOT NULL`);
    await q.query(`ALTER TABLE "appointment" ALTER COLUMN "observation_minutes" SET NOT NULL`);
    await q.query(`ALTER TABLE "appointment" ADD "hold_expires_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "appointment" ADD "overbooked" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "appointment" ADD "at_risk_since" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "appointment" ADD "treatment_plan_id" uuid`);
    await q.query(`ALTER TABLE "appointment" ADD "dose_number" integer`);
    await q.query(`CREATE INDEX "appointment_hold_expiry_idx" ON "appointment" ("hold_expires_at") WHERE status = 'proposed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "appointment_hold_expiry_idx"`);
    for (const column of [
      'dose_number',
      'treatment_plan_id',
      'at_risk_since',
      'overbooked',
      'hold_expires_at',
      'observation_minutes',
      'duration_minutes',
    ]) {
      await q.query(`ALTER TABLE "appointment" DROP COLUMN "${column}"`);
    }
    for (const table of ['waitlist_request', 'treatment_plan', 'overbooking_audit', 'chair_outage', 'therapy_setting'])
      await q.query(`DROP TABLE "${table}"`);
  }
}
