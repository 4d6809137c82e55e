import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The nurse a visit was booked with: patients per nurse by hour. */
export class VisitNurse1764231700000 implements MigrationInterface {
  name = 'VisitNurse1764231700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "visit_fact" ADD "nurse_id" uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "visit_fact" DROP COLUMN "nurse_id"`);
  }
}
