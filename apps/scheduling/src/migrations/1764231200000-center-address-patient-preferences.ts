import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where patients go (the center's address) and how they want to hear from it. */
export class CenterAddressPatientPreferences1764231200000 implements MigrationInterface {
  name = 'CenterAddressPatientPreferences1764231200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "location" ADD "center_address" text`);
    await q.query(`ALTER TABLE "patient" ADD "preferences" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "patient" DROP COLUMN "preferences"`);
    await q.query(`ALTER TABLE "location" DROP COLUMN "center_address"`);
  }
}
