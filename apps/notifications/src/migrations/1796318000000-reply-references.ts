import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Short references in texts (a reply names its appointment), and CANCEL replies awaiting their YES. */
export class ReplyReferences1796318000000 implements MigrationInterface {
  name = 'ReplyReferences1796318000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "appointment_reference" ("appointment_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "code" text NOT NULL, CONSTRAINT "UQ_appointment_reference_patient_code" UNIQUE ("patient_id", "code"), CONSTRAINT "PK_appointment_reference" PRIMARY KEY ("appointment_id"))`,
    );
    await q.query(
      `CREATE TABLE "sms_pending_cancellation" ("phone" text NOT NULL, "appointment_id" uuid NOT NULL, "message_id" uuid NOT NULL, "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_sms_pending_cancellation" PRIMARY KEY ("phone"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "sms_pending_cancellation"`);
    await q.query(`DROP TABLE "appointment_reference"`);
  }
}
