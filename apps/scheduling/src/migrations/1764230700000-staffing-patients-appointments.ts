import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffingPatientsAppointments1764230700000 implements MigrationInterface {
  name = 'StaffingPatientsAppointments1764230700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`ALTER TABLE "location" ADD "weekly_hours" jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "location" ADD "closed_dates" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`CREATE TABLE "nurse" (
      "id" uuid NOT NULL,
      "location_id" uuid NOT NULL,
      "display_name" text NOT NULL,
      "certifications" text array NOT NULL,
      "capacity" integer NOT NULL DEFAULT 4,
      "start_window_minutes" integer NOT NULL DEFAULT 15,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_nurse" PRIMARY KEY ("id"),
      CONSTRAINT "FK_nurse_location" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    )`);
    await q.query(`CREATE INDEX "nurse_location_idx" ON "nurse" ("location_id")`);
    await q.query(`CREATE TABLE "nurse_shift" (
      "id" uuid NOT NULL,
      "nurse_id" uuid NOT NULL,
      "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "breaks" jsonb NOT NULL DEFAULT '[]',
      CONSTRAINT "PK_nurse_shift" PRIMARY KEY ("id"),
      CONSTRAINT "FK_nurse_shift_nurse" FOREIGN KEY ("nurse_id") REFERENCES "nurse"("id") ON DELETE CASCADE ON UPDATE NO ACTION,
      CONSTRAINT "nurse_shift_no_overlap" EXCLUDE USING gist (nurse_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    )`);
    await q.query(`CREATE INDEX "nurse_shift_nurse_idx" ON "nurse_shift" ("nurse_id", "starts_at")`);
    await q.query(`CREATE TABLE "patient" (
      "id" uuid NOT NULL,
      "organisation_id" uuid NOT NULL,
      "given_name" text NOT NULL,
      "family_name" text NOT NULL,
      "date_of_birth" date NOT NULL,
      "phone" text,
      "email" text,
      "preferred_language" text NOT NULL DEFAULT 'en',
      "preferred_channel" text NOT NULL DEFAULT 'email',
      "notification_consent" boolean NOT NULL DEFAULT false,
      "version" integer NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_patient" PRIMARY KEY ("id")
    )`);
    await q.query(`CREATE INDEX "patient_organisation_idx" ON "patient" ("organisation_id")`);
    const holdsTime = `status IN ('proposed', 'booked', 'arrived', 'checked-in')`;
    await q.query(`CREATE TABLE "appointment" (
      "id" uuid NOT NULL,
      "location_id" uuid NOT NULL,
      "patient_id" uuid NOT NULL,
      "therapy_code" text NOT NULL,
      "chair_id" uuid NOT NULL,
      "nurse_id" uuid NOT NULL,
      "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "chair_released_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "setup_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "status" text NOT NULL,
      "version" integer NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_appointment" PRIMARY KEY ("id"),
      CONSTRAINT "FK_appointment_location" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_appointment_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_appointment_chair" FOREIGN KEY ("chair_id") REFERENCES "chair"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "FK_appointment_nurse" FOREIGN KEY ("nurse_id") REFERENCES "nurse"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
      CONSTRAINT "appointment_chair_no_overlap" EXCLUDE USING gist (chair_id WITH =, tstzrange(starts_at, chair_released_at) WITH &&) WHERE (${holdsTime}),
      CONSTRAINT "appointment_patient_no_overlap" EXCLUDE USING gist (patient_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (${holdsTime}),
      CONSTRAINT "appointment_nurse_setup_no_overlap" EXCLUDE USING gist (nurse_id WITH =, tstzrange(starts_at, setup_ends_at) WITH &&) WHERE (${holdsTime})
    )`);
    await q.query(`CREATE INDEX "appointment_location_start_idx" ON "appointment" ("location_id", "starts_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "appointment"`);
    await q.query(`DROP TABLE "patient"`);
    await q.query(`DROP TABLE "nurse_shift"`);
    await q.query(`DROP TABLE "nurse"`);
    await q.query(`ALTER TABLE "location" DROP COLUMN "closed_dates"`);
    await q.query(`ALTER TABLE "location" DROP COLUMN "weekly_hours"`);
  }
}
