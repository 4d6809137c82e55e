import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The appointment's zone on the copy itself: planning must not wait for the locations topic. */
export class AppointmentZone1764231600000 implements MigrationInterface {
  name = 'AppointmentZone1764231600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "appointment_copy" ADD "time_zone" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "appointment_copy" DROP COLUMN "time_zone"`);
  }
}
