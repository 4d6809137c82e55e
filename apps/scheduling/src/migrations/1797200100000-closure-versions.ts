import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A closure can be changed or removed, naming the version it replaces (If-Match): each starts at 1. */
export class ClosureVersions1797200100000 implements MigrationInterface {
  name = 'ClosureVersions1797200100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "location_closure" ADD "version" integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "location_closure" DROP COLUMN "version"`);
  }
}
