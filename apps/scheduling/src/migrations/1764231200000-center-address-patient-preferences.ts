import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where patients go (the center's address), how they want to hear from it, and their requests to move. */
export class CenterAddressPatientPreferences1764231200000 implements MigrationInterface {
  name = 'CenterAddressPatientPreferences1764231200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "location" ADD "center_address" text`);
    await q.query(`ALTER TABLE "patient" ADD "preferences" jsonb`);
    await q.query(`ALTER TABLE "appointment" ADD "reschedule_requested_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "appointment" DROP COLUMN "reschedule_requested_at"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "preferences"`);
    await q.query(`ALTER TABLE "location" DROP COLUMN "center_address"`);
  }
}
