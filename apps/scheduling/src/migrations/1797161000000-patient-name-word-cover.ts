import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Name search filters the leading word's patients by the other query words and by who may see
 * them; it read each patient's row for that, a random heap page per index entry (15,744 of them,
 * 63,000 buffers, 178 ms for "carmen pama" among 1,000,000 patients). The word index now carries
 * the normalised name and the registering location (INCLUDE), so those filters run on the index
 * and only the patients that pass are read. The trigger keeps them with the rest of the row.
 */
/** The copies for patients already registered; also what the patient search benchmark runs after its load. */
export const PATIENT_NAME_WORD_COVER_BACKFILL = [
  `UPDATE "patient_name_word" w SET name_search = p.name_search, registered_location_id = p.registered_location_id
    FROM "patient" p WHERE p.id = w.patient_id`,
];

const SYNC = (
  columns: boolean,
): string => `CREATE OR REPLACE FUNCTION patient_name_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.name_search IS NOT DISTINCT FROM NEW.name_search
          AND OLD.family_name IS NOT DISTINCT FROM NEW.family_name AND OLD.given_name IS NOT DISTINCT FROM NEW.given_name
          AND OLD.organisation_id IS NOT DISTINCT FROM NEW.organisation_id
          ${columns ? 'AND OLD.registered_location_id IS NOT DISTINCT FROM NEW.registered_location_id' : ''} THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          DELETE FROM patient_name_word w
            WHERE w.organisation_id = OLD.organisation_id
              AND w.word = ANY (string_to_array(OLD.name_search, ' '))
              AND w.family_name = OLD.family_name AND w.given_name = OLD.given_name AND w.patient_id = OLD.id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO patient_name_dictionary AS d (organisation_id, word, patients)
            SELECT DISTINCT NEW.organisation_id, x, 1 FROM unnest(string_to_array(NEW.name_search, ' ')) AS x
              WHERE x <> '' AND (TG_OP = 'INSERT' OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id
                OR NOT x = ANY (string_to_array(OLD.name_search, ' ')))
              ORDER BY x
            ON CONFLICT (organisation_id, word) DO UPDATE SET patients = d.patients + 1;
          INSERT INTO patient_name_word (organisation_id, word, family_name, given_name, patient_id
              ${columns ? ', name_search, registered_location_id' : ''})
            SELECT DISTINCT NEW.organisation_id, x, NEW.family_name, NEW.given_name, NEW.id
                ${columns ? ', NEW.name_search, NEW.registered_location_id' : ''}
              FROM unnest(string_to_array(NEW.name_search, ' ')) AS x WHERE x <> '';
        END IF;
        RETURN NULL;
      END $$`;

export class PatientNameWordCover1797161000000 implements MigrationInterface {
  name = 'PatientNameWordCover1797161000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "patient_name_word" ADD "name_search" text, ADD "registered_location_id" uuid`);
    await q.query(SYNC(true));
    for (const statement of PATIENT_NAME_WORD_COVER_BACKFILL) await q.query(statement);
    await q.query(`ALTER TABLE "patient_name_word" DROP CONSTRAINT "PK_patient_name_word"`);
    await q.query(
      `ALTER TABLE "patient_name_word" ADD CONSTRAINT "PK_patient_name_word"
        PRIMARY KEY ("organisation_id", "word", "family_name", "given_name", "patient_id") INCLUDE ("name_search", "registered_location_id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "patient_name_word" DROP CONSTRAINT "PK_patient_name_word"`);
    await q.query(
      `ALTER TABLE "patient_name_word" ADD CONSTRAINT "PK_patient_name_word"
        PRIMARY KEY ("organisation_id", "word", "family_name", "given_name", "patient_id")`,
    );
    await q.query(SYNC(false));
    await q.query(`ALTER TABLE "patient_name_word" DROP COLUMN "name_search", DROP COLUMN "registered_location_id"`);
  }
}
