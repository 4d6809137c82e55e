import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Contacts and copies fed by events, the durable message schedule, and reminder settings. */
export class Notifications1764231300000 implements MigrationInterface {
  name = 'Notifications1764231300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "contact" ("patient_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "given_name" text NOT NULL, "email" text, "phone" text, "language" text NOT NULL, "consent" boolean NOT NULL, "preferences" jsonb NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_contact" PRIMARY KEY ("patient_id"))`,
    );
    await q.query(
      `CREATE TABLE "known_location" ("location_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "name" text NOT NULL, "time_zone" text NOT NULL, "center_address" text, CONSTRAINT "PK_known_location" PRIMARY KEY ("location_id"))`,
    );
    await q.query(
      `CREATE TABLE "known_therapy_setting" ("organisation_id" uuid NOT NULL, "therapy_code" text NOT NULL, "settings" jsonb NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_known_therapy_setting" PRIMARY KEY ("organisation_id", "therapy_code"))`,
    );
    await q.query(
      `CREATE TABLE "appointment_copy" ("appointment_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "location_id" uuid NOT NULL, "therapy_code" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL, "sequence" integer NOT NULL, CONSTRAINT "PK_appointment_copy" PRIMARY KEY ("appointment_id"))`,
    );
    await q.query(
      `CREATE TABLE "message" ("id" uuid NOT NULL, "idempotency_key" text NOT NULL, "appointment_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "location_id" uuid NOT NULL, "kind" text NOT NULL, "occurrence" TIMESTAMP WITH TIME ZONE NOT NULL, "offset_hours" integer, "channel" text NOT NULL, "status" text NOT NULL, "reason" text, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "lease_until" TIMESTAMP WITH TIME ZONE, "provider_message_id" text, "sent_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "details" jsonb NOT NULL DEFAULT '{}', "fallback_for" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_3e197ac987dd0e7b7a6bcb5d98c" UNIQUE ("idempotency_key"), CONSTRAINT "PK_message" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "message_appointment_idx" ON "message" ("appointment_id")`);
    await q.query(`CREATE INDEX "message_due_idx" ON "message" ("due_at") WHERE status IN ('scheduled', 'retrying', 'sending')`);
    await q.query(
      `CREATE TABLE "notification_settings" ("organisation_id" uuid NOT NULL, "reminder_offsets_hours" jsonb NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_notification_settings" PRIMARY KEY ("organisation_id"))`,
    );
    await q.query(
      `CREATE TABLE "sms_opt_out" ("phone" text NOT NULL, "opted_out_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_sms_opt_out" PRIMARY KEY ("phone"))`,
    );
    await q.query(
      `CREATE TABLE "sms_reply" ("id" uuid NOT NULL, "appointment_id" uuid NOT NULL, "message_id" uuid NOT NULL, "intent" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sequence" integer NOT NULL, CONSTRAINT "PK_sms_reply" PRIMARY KEY ("id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sms_reply"`);
    await q.query(`DROP TABLE "sms_opt_out"`);
    await q.query(`DROP TABLE "notification_settings"`);
    await q.query(`DROP TABLE "message"`);
    await q.query(`DROP TABLE "appointment_copy"`);
    await q.query(`DROP TABLE "known_therapy_setting"`);
    await q.query(`DROP TABLE "known_location"`);
    await q.query(`DROP TABLE "contact"`);
  }
}
