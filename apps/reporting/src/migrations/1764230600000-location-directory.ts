import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LocationDirectory1764230600000 implements MigrationInterface {
  name = 'LocationDirectory1764230600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "directory_location" (
      "location_id" uuid NOT NULL,
      "organisation_id" uuid,
      "name" text,
      "time_zone" text,
      "chair_count" integer NOT NULL DEFAULT 0,
      "last_sequence" integer NOT NULL DEFAULT 0,
      CONSTRAINT "PK_directory_location" PRIMARY KEY ("location_id")
    )`);
    await q.query(`CREATE INDEX "directory_location_organisation_idx" ON "directory_location" ("organisation_id")`);
    await q.query(`CREATE TABLE "directory_chair" (
      "chair_id" uuid NOT NULL,
      "location_id" uuid NOT NULL,
      "label" text NOT NULL,
      "kind" text NOT NULL,
      CONSTRAINT "PK_directory_chair" PRIMARY KEY ("chair_id")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "directory_chair"`);
    await q.query(`DROP TABLE "directory_location"`);
  }
}
