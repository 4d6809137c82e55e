import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The provider webhooks already applied, so a replayed one is not applied twice. */
export class WebhookReceipts1796410000000 implements MigrationInterface {
  name = 'WebhookReceipts1796410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "sms_webhook_receipt" ("message_sid" text NOT NULL, "event" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_sms_webhook_receipt" PRIMARY KEY ("message_sid", "event"))`,
    );
    await q.query(`CREATE INDEX "IDX_sms_webhook_receipt_received_at" ON "sms_webhook_receipt" ("received_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_sms_webhook_receipt_received_at"`);
    await q.query(`DROP TABLE "sms_webhook_receipt"`);
  }
}
