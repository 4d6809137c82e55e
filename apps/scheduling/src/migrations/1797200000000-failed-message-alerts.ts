import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message that failed for good is a `patient_alert` of kind `message-failed` naming the message,
 * so the failed-messages queue lists it by message (the id the resend takes) and a later failure
 * or the resend that went through finds the earlier items of the same message.
 */
export class FailedMessageAlerts1797200000000 implements MigrationInterface {
  name = 'FailedMessageAlerts1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "patient_alert" ADD "message_id" uuid`);
    await q.query(`CREATE INDEX "patient_alert_message_idx" ON "patient_alert" ("message_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "patient_alert_message_idx"`);
    await q.query(`ALTER TABLE "patient_alert" DROP COLUMN "message_id"`);
  }
}
