import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking of a therapy the organisation defined itself carries the therapy's name and preparation
 * requirements (appointment.booked `therapy`); the copy keeps them with the appointment, so the
 * reminders sent days later advise what the therapy asked for when it was booked.
 */
export class OwnTherapyOnAppointments1797060000000 implements MigrationInterface {
  name = 'OwnTherapyOnAppointments1797060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "directory_appointment" ADD "own_therapy" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "directory_appointment" DROP COLUMN "own_therapy"`);
  }
}
