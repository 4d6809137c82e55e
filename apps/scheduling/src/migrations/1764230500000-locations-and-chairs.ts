import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LocationsAndChairs1764230500000 implements MigrationInterface {
  name = 'LocationsAndChairs1764230500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "location" (
      "id" uuid NOT NULL,
      "organisation_id" uuid NOT NULL,
      "name" text NOT NULL,
      "time_zone" text NOT NULL,
      "version" integer NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_location" PRIMARY KEY ("id")
    )`);
    await q.query(`CREATE INDEX "location_organisation_idx" ON "location" ("organisation_id")`);
    await q.query(`CREATE TABLE "chair" (
      "id" uuid NOT NULL,
      "location_id" uuid NOT NULL,
      "label" text NOT NULL,
      "kind" text NOT NULL,
      "version" integer NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "chair_location_label_key" UNIQUE ("location_id", "label"),
      CONSTRAINT "PK_chair" PRIMARY KEY ("id")
    )`);
    await q.query(
      `ALTER TABLE "chair" ADD CONSTRAINT "FK_chair_location" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "chair"`);
    await q.query(`DROP TABLE "location"`);
  }
}
