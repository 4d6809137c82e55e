import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Opening hours and closed dates per location: the open chair time utilization is measured against. */
export class LocationHours1764231500000 implements MigrationInterface {
  name = 'LocationHours1764231500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "directory_location" ADD "weekly_hours" jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "directory_location" ADD "closed_dates" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "directory_location" DROP COLUMN "closed_dates"`);
    await q.query(`ALTER TABLE "directory_location" DROP COLUMN "weekly_hours"`);
  }
}
