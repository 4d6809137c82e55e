import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `appointment.at_risk_from`: the overrunning session (its appointment) that put an appointment at
 * risk, so its end can clear the risk it caused and no other. `patient_alert`: what the patient's
 * messages raised for the center to act on (a severe follow-up answer, an email address that
 * bounced or complained), the source of two work queues; one row per source event.
 */
export class DelaysAndPatientAlerts1797070000000 implements MigrationInterface {
  name = 'DelaysAndPatientAlerts1797070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "appointment" ADD "at_risk_from" uuid`);
    await q.query(`CREATE TABLE "patient_alert" (
      "id" uuid NOT NULL,
      "location_id" uuid NOT NULL,
      "patient_id" uuid NOT NULL,
      "appointment_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "detail" text NOT NULL,
      "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_patient_alert" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "patient_alert_location_kind_idx" ON "patient_alert" ("location_id", "kind", "raised_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "patient_alert"`);
    await q.query(`ALTER TABLE "appointment" DROP COLUMN "at_risk_from"`);
  }
}
