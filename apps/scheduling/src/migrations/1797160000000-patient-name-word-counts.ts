import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many patients have each dictionary word, so name search can tell which query word is rarest
 * without counting index entries (docs/architecture.md, "Search"). Counting up to a cap could not
 * tell "maria" (200,000 patients) from the hundred close spellings of "bava" (a few thousand): both
 * reached the cap, the longer word led, and a search read every Maria.
 *
 * The count is of patients who have or had the word: the trigger adds one for each word a name
 * gains and never takes one away, so each registration updates its words in one statement, in word
 * order (no deadlock between two registrations), and nothing is written when a name loses a word.
 * Search only compares counts, so an edited name's old words counting a little high is harmless.
 */
/** The counts of patients already registered; also what the patient search benchmark runs after its load. */
export const PATIENT_NAME_WORD_COUNTS_BACKFILL = [
  `UPDATE "patient_name_dictionary" d SET patients = c.n
    FROM (SELECT organisation_id, word, count(*)::int AS n FROM "patient_name_word" GROUP BY organisation_id, word) c
    WHERE d.organisation_id = c.organisation_id AND d.word = c.word`,
];

export class PatientNameWordCounts1797160000000 implements MigrationInterface {
  name = 'PatientNameWordCounts1797160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "patient_name_dictionary" ADD "patients" integer NOT NULL DEFAULT 0`);
    await q.query(
      `CREATE OR REPLACE FUNCTION patient_name_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.name_search IS NOT DISTINCT FROM NEW.name_search
          AND OLD.family_name IS NOT DISTINCT FROM NEW.family_name AND OLD.given_name IS NOT DISTINCT FROM NEW.given_name
          AND OLD.organisation_id IS NOT DISTINCT FROM NEW.organisation_id THEN
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
          INSERT INTO patient_name_word (organisation_id, word, family_name, given_name, patient_id)
            SELECT DISTINCT NEW.organisation_id, x, NEW.family_name, NEW.given_name, NEW.id
              FROM unnest(string_to_array(NEW.name_search, ' ')) AS x WHERE x <> '';
        END IF;
        RETURN NULL;
      END $$`,
    );
    for (const statement of PATIENT_NAME_WORD_COUNTS_BACKFILL) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE FUNCTION patient_name_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.name_search IS NOT DISTINCT FROM NEW.name_search
          AND OLD.family_name IS NOT DISTINCT FROM NEW.family_name AND OLD.given_name IS NOT DISTINCT FROM NEW.given_name
          AND OLD.organisation_id IS NOT DISTINCT FROM NEW.organisation_id THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          DELETE FROM patient_name_word w
            WHERE w.organisation_id = OLD.organisation_id
              AND w.word = ANY (string_to_array(OLD.name_search, ' '))
              AND w.family_name = OLD.family_name AND w.given_name = OLD.given_name AND w.patient_id = OLD.id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO patient_name_dictionary (organisation_id, word)
            SELECT DISTINCT NEW.organisation_id, x FROM unnest(string_to_array(NEW.name_search, ' ')) AS x WHERE x <> ''
            ON CONFLICT DO NOTHING;
          INSERT INTO patient_name_word (organisation_id, word, family_name, given_name, patient_id)
            SELECT DISTINCT NEW.organisation_id, x, NEW.family_name, NEW.given_name, NEW.id
              FROM unnest(string_to_array(NEW.name_search, ' ')) AS x WHERE x <> '';
        END IF;
        RETURN NULL;
      END $$`,
    );
    await q.query(`ALTER TABLE "patient_name_dictionary" DROP COLUMN "patients"`);
  }
}
