import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resources edited in place (issue 17): a nurse's capacity, start window and certifications carry a
 * version for If-Match; a chair can be retired (kept, it takes no bookings from `retired_at`) and its
 * `version` now counts every event of the chair (added, outages scheduled, changed and cancelled,
 * updates), so it is both the If-Match version and the event sequence; an outage has its own version;
 * a location closes for a holiday or part of a day (`location_closure`, UTC instants computed from
 * the local date and times in the location's zone when it was recorded).
 */
export class ResourceEdits1797120000000 implements MigrationInterface {
  name = 'ResourceEdits1797120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "nurse" ADD "version" integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE "chair" ADD "retired_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `UPDATE "chair" c SET "version" = 1 + (SELECT count(*) + count(o."cancelled_at") FROM "chair_outage" o WHERE o."chair_id" = c."id")`,
    );
    await q.query(`ALTER TABLE "chair_outage" ADD "version" integer NOT NULL DEFAULT 1`);
    await q.query(`CREATE TABLE "location_closure" (
      "id" uuid NOT NULL,
      "location_id" uuid NOT NULL,
      "local_date" date NOT NULL,
      "local_from" text,
      "local_to" text,
      "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "reason" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_location_closure" PRIMARY KEY ("id"),
      CONSTRAINT "FK_location_closure_location" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
    await q.query(`CREATE INDEX "location_closure_location_idx" ON "location_closure" ("location_id", "starts_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "location_closure"`);
    await q.query(`ALTER TABLE "chair_outage" DROP COLUMN "version"`);
    await q.query(`ALTER TABLE "chair" DROP COLUMN "retired_at"`);
    await q.query(`ALTER TABLE "nurse" DROP COLUMN "version"`);
  }
}
