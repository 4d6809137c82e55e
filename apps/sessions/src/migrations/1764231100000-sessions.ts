import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sessions, their step log and vital signs; the directory copied from scheduling's events. */
export class Sessions1764231100000 implements MigrationInterface {
  name = 'Sessions1764231100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "known_location" ("location_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "name" text NOT NULL, "time_zone" text NOT NULL, CONSTRAINT "PK_known_location" PRIMARY KEY ("location_id"))`,
    );
    await q.query(
      `CREATE TABLE "known_chair" ("chair_id" uuid NOT NULL, "location_id" uuid NOT NULL, "label" text NOT NULL, "kind" text NOT NULL, CONSTRAINT "PK_known_chair" PRIMARY KEY ("chair_id"))`,
    );
    await q.query(`CREATE INDEX "known_chair_location_idx" ON "known_chair" ("location_id")`);
    await q.query(
      `CREATE TABLE "known_nurse" ("nurse_id" uuid NOT NULL, "location_id" uuid NOT NULL, "display_name" text NOT NULL, CONSTRAINT "PK_known_nurse" PRIMARY KEY ("nurse_id"))`,
    );
    await q.query(`CREATE INDEX "known_nurse_location_idx" ON "known_nurse" ("location_id")`);
    await q.query(
      `CREATE TABLE "known_therapy_setting" ("organisation_id" uuid NOT NULL, "therapy_code" text NOT NULL, "settings" jsonb NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_known_therapy_setting" PRIMARY KEY ("organisation_id", "therapy_code"))`,
    );
    await q.query(
      `CREATE TABLE "session" ("appointment_id" uuid NOT NULL, "location_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "therapy_code" text NOT NULL, "chair_id" uuid NOT NULL, "nurse_id" uuid NOT NULL, "planned_starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "planned_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "time_zone" text NOT NULL, "local_date" date NOT NULL, "dose_number" integer, "therapy" jsonb NOT NULL, "status" text NOT NULL, "state" jsonb NOT NULL, "projected_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "overrun_announced_until" TIMESTAMP WITH TIME ZONE, "last_vitals_at" TIMESTAMP WITH TIME ZONE, "overdue_reported_for" TIMESTAMP WITH TIME ZONE, "step_count" integer NOT NULL DEFAULT '0', "event_sequence" integer NOT NULL DEFAULT '0', "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_session" PRIMARY KEY ("appointment_id"))`,
    );
    await q.query(
      `CREATE INDEX "session_live_idx" ON "session" ("planned_ends_at") WHERE status IN ('expected', 'arrived', 'in_chair', 'infusing', 'paused', 'observation')`,
    );
    await q.query(`CREATE INDEX "session_board_idx" ON "session" ("location_id", "local_date")`);
    await q.query(
      `CREATE TABLE "session_step" ("session_id" uuid NOT NULL, "seq" integer NOT NULL, "kind" text NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "actor_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "device_time" TIMESTAMP WITH TIME ZONE, "details" jsonb NOT NULL, CONSTRAINT "PK_session_step" PRIMARY KEY ("session_id", "seq"))`,
    );
    await q.query(
      `CREATE TABLE "vital_signs" ("id" uuid NOT NULL, "session_id" uuid NOT NULL, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" text NOT NULL, "values" jsonb NOT NULL, "findings" jsonb, CONSTRAINT "PK_vital_signs" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "vital_signs_session_idx" ON "vital_signs" ("session_id", "taken_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "vital_signs"`);
    await q.query(`DROP TABLE "session_step"`);
    await q.query(`DROP TABLE "session"`);
    await q.query(`DROP TABLE "known_therapy_setting"`);
    await q.query(`DROP TABLE "known_nurse"`);
    await q.query(`DROP TABLE "known_chair"`);
    await q.query(`DROP TABLE "known_location"`);
  }
}
