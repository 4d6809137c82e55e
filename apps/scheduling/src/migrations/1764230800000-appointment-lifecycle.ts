import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AppointmentLifecycle1764230800000 implements MigrationInterface {
  name = 'AppointmentLifecycle1764230800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "appointment" ADD "confirmed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "appointment" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "appointment" ADD "cancellation_reason" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "appointment" DROP COLUMN "cancellation_reason"`);
    await q.query(`ALTER TABLE "appointment" DROP COLUMN "cancelled_at"`);
    await q.query(`ALTER TABLE "appointment" DROP COLUMN "confirmed_at"`);
  }
}
