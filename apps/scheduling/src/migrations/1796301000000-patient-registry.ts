import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizeName } from '../patients/patient-name.js';

const BATCH = 1000;

/**
 * The patient registry: a medical record number unique per organisation (existing patients get a
 * generated one), a normalised name for search (lower case, no accents) with a trigram index
 * (`pg_trgm`: partial and typo-tolerant matches), the location a patient was registered at (who
 * may see them before their first booking), the history of demographic versions, and the indexes a
 * patient's record reads by.
 */
export class PatientRegistry1796301000000 implements MigrationInterface {
  name = 'PatientRegistry1796301000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE SEQUENCE "patient_mrn_seq"`);
    await q.query(`ALTER TABLE "patient" ADD "mrn" text`);
    await q.query(`ALTER TABLE "patient" ADD "name_search" text`);
    await q.query(`ALTER TABLE "patient" ADD "registered_location_id" uuid`);
    await q.query(`UPDATE "patient" SET "mrn" = 'C' || lpad(nextval('patient_mrn_seq')::text, 8, '0') WHERE "mrn" IS NULL`);
    // The name is normalised by the same code the service uses (accents are Unicode's business, not SQL's).
    for (;;) {
      const rows = (await q.query(
        `SELECT id, given_name, family_name FROM "patient" WHERE "name_search" IS NULL ORDER BY id LIMIT ${BATCH}`,
      )) as Array<{ id: string; given_name: string; family_name: string }>;
      if (!rows.length) break;
      await q.query(
        `UPDATE "patient" p SET "name_search" = v.name FROM unnest($1::uuid[], $2::text[]) AS v(id, name) WHERE p.id = v.id`,
        [rows.map((r) => r.id), rows.map((r) => normalizeName(`${r.given_name} ${r.family_name}`))],
      );
    }
    await q.query(`ALTER TABLE "patient" ALTER COLUMN "mrn" SET NOT NULL`);
    await q.query(`ALTER TABLE "patient" ALTER COLUMN "name_search" SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "patient_organisation_mrn_idx" ON "patient" ("organisation_id", "mrn")`);
    await q.query(`CREATE INDEX "patient_organisation_birth_idx" ON "patient" ("organisation_id", "date_of_birth")`);
    await q.query(`CREATE INDEX "patient_organisation_phone_idx" ON "patient" ("organisation_id", "phone")`);
    await q.query(`CREATE INDEX "patient_name_search_trgm_idx" ON "patient" USING gin ("name_search" gin_trgm_ops)`);
    await q.query(`CREATE INDEX "appointment_patient_start_idx" ON "appointment" ("patient_id", "starts_at")`);
    await q.query(`CREATE INDEX "waitlist_request_patient_idx" ON "waitlist_request" ("patient_id")`);
    await q.query(
      `CREATE TABLE "patient_revision" (
        "patient_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "actor_id" text NOT NULL,
        "changed_fields" text array NOT NULL,
        "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_patient_revision" PRIMARY KEY ("patient_id", "version"),
        CONSTRAINT "FK_patient_revision_patient" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE CASCADE
      )`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "patient_revision"`);
    await q.query(`DROP INDEX "waitlist_request_patient_idx"`);
    await q.query(`DROP INDEX "appointment_patient_start_idx"`);
    await q.query(`DROP INDEX "patient_name_search_trgm_idx"`);
    await q.query(`DROP INDEX "patient_organisation_phone_idx"`);
    await q.query(`DROP INDEX "patient_organisation_birth_idx"`);
    await q.query(`DROP INDEX "patient_organisation_mrn_idx"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "registered_location_id"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "name_search"`);
    await q.query(`ALTER TABLE "patient" DROP COLUMN "mrn"`);
    await q.query(`DROP SEQUENCE "patient_mrn_seq"`);
  }
}
