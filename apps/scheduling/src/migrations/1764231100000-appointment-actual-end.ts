import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The actual end of a treatment, from the sessions service's discharge. */
export class AppointmentActualEnd1764231100000 implements MigrationInterface {
  name = 'AppointmentActualEnd1764231100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "appointment" ADD "actual_ends_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "appointment" DROP COLUMN "actual_ends_at"`);
  }
}
