import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Name search by words (docs/patients.md, "Finding a patient").
 *
 * The trigram index on the whole normalised name (migration 1796301000000) let any name whose
 * trigrams came near the query's through: with 1,000,000 patients a partial name read ~21,000
 * buffer pages and answered in 300 ms at p95. Names are made of few distinct words, so:
 * - `patient_name_dictionary`: each normalised word once per organisation, trigram-indexed: a
 *   query word is matched (partial, typo-tolerant) against this small table first;
 * - `patient_name_word`: one row per word of a patient's name, in the order search lists a word's
 *   patients (family name, given name, id), so a page reads a few index entries per matched word
 *   and never a whole common surname.
 * The whole-name trigram index goes: search no longer reads by it, and every registration paid for it.
 * Both tables are derived from `patient.name_search` by a trigger, like an index: every writer of a
 * patient (use cases, builders, imports) keeps them right without knowing of them. Dictionary words
 * are never removed: an unused one only matches no patient, and removing the last use of a word
 * would race a registration adding it again.
 */
/**
 * The words of every patient already registered, and the dictionary from them (empty tables first).
 * Also what the patient search benchmark runs after loading patients with the trigger off.
 */
export const PATIENT_NAME_WORDS_BACKFILL = [
  `INSERT INTO "patient_name_word" (organisation_id, word, family_name, given_name, patient_id)
    SELECT DISTINCT p.organisation_id, x, p.family_name, p.given_name, p.id
      FROM "patient" p CROSS JOIN LATERAL unnest(string_to_array(p.name_search, ' ')) AS x WHERE x <> ''`,
  `INSERT INTO "patient_name_dictionary" (organisation_id, word) SELECT DISTINCT organisation_id, word FROM "patient_name_word"`,
];

export class PatientNameWords1797130000000 implements MigrationInterface {
  name = 'PatientNameWords1797130000000';

  async up(q: QueryRunner): Promise<void> {
    // "C" collation: byte order, so a prefix (`LIKE 'garc%'`) is a range of the primary key.
    await q.query(
      `CREATE TABLE "patient_name_dictionary" (
        "organisation_id" uuid NOT NULL,
        "word" text COLLATE "C" NOT NULL,
        CONSTRAINT "PK_patient_name_dictionary" PRIMARY KEY ("organisation_id", "word")
      )`,
    );
    await q.query(`CREATE INDEX "patient_name_dictionary_trgm_idx" ON "patient_name_dictionary" USING gin ("word" gin_trgm_ops)`);
    await q.query(
      `CREATE TABLE "patient_name_word" (
        "organisation_id" uuid NOT NULL,
        "word" text COLLATE "C" NOT NULL,
        "family_name" text NOT NULL,
        "given_name" text NOT NULL,
        "patient_id" uuid NOT NULL,
        CONSTRAINT "PK_patient_name_word" PRIMARY KEY ("organisation_id", "word", "family_name", "given_name", "patient_id")
      )`,
    );
    await q.query(
      `CREATE FUNCTION patient_name_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(
      `CREATE TRIGGER "patient_name_words" AFTER INSERT OR UPDATE OR DELETE ON "patient"
        FOR EACH ROW EXECUTE FUNCTION patient_name_words_sync()`,
    );
    for (const statement of PATIENT_NAME_WORDS_BACKFILL) await q.query(statement);
    await q.query(`DROP INDEX "patient_name_search_trgm_idx"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "patient_name_search_trgm_idx" ON "patient" USING gin ("name_search" gin_trgm_ops)`);
    await q.query(`DROP TRIGGER "patient_name_words" ON "patient"`);
    await q.query(`DROP FUNCTION patient_name_words_sync()`);
    await q.query(`DROP TABLE "patient_name_word"`);
    await q.query(`DROP TABLE "patient_name_dictionary"`);
  }
}
