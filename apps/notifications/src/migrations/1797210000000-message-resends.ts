import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A failed message can be resent by staff (POST /locations/{id}/messages/{id}/resend): how many
 * times, the last time and by whom, and the attempts it had then, so the resend gets its own
 * retry budget while `attempts` (which numbers the message's events) keeps counting up.
 */
export class MessageResends1797210000000 implements MigrationInterface {
  name = 'MessageResends1797210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "message" ADD "resends" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "message" ADD "attempts_at_resend" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "message" ADD "resent_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "message" ADD "resent_by" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "message" DROP COLUMN "resent_by"`);
    await q.query(`ALTER TABLE "message" DROP COLUMN "resent_at"`);
    await q.query(`ALTER TABLE "message" DROP COLUMN "attempts_at_resend"`);
    await q.query(`ALTER TABLE "message" DROP COLUMN "resends"`);
  }
}
