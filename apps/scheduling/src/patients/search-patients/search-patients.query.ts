import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { LocationGrant } from '@chairside/domain';
import { normalizeMrn, normalizeName } from '../patient-name.js';
import { locationsParameter, visibleTo } from '../patient-scope.js';

/** At most this many words of a name query are compared (each one must match). */
export const MAX_NAME_WORDS = 4;
/**
 * At most this many dictionary words are tried for the query word that leads (best first): a
 * two-letter prefix can match thousands of words, and the hundredth closest spelling is no
 * longer what anyone typed.
 */
export const MAX_DICTIONARY_WORDS = 100;
/**
 * How alike a query word and the closest part of a name must be (pg_trgm `word_similarity`):
 * 0.3 lets one wrong letter in a five-letter word through ("lusia" finds "Lucía").
 */
export const NAME_SIMILARITY = 0.3;

export interface SearchPatientsCriteria {
  organisationId: string;
  locations: LocationGrant;
  name?: string;
  dateOfBirth?: string;
  mrn?: string;
  phone?: string;
  limit: number;
  offset: number;
}

export interface PatientSummary {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  phone: string | null;
  version: number;
}

export interface PatientPage {
  items: PatientSummary[];
  limit: number;
  offset: number;
  /** The offset of the next page, or null when this is the last. */
  nextOffset: number | null;
}

/** What a page shows of a patient (alias `p`). */
const ROW_COLUMNS = `SELECT p.id, p.mrn, p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
    p.phone, p.version`;

interface Row {
  id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  phone: string | null;
  version: number;
}

/**
 * Finds the caller's patients by any of name (each word of the query, without case or accents,
 * inside a word of the name or close to one: trigrams, `pg_trgm`), date of birth, medical record
 * number and phone; all given criteria must hold. One page of at most `limit` (the DTO bounds it
 * and the offset).
 *
 * A name is searched by words (migration 1797130000000): each query word is matched against the
 * organisation's dictionary of name words (exact, then starting with it, then containing it or
 * spelled close to it); the rarest query word leads (fewest patients, migration 1797160000000), and
 * for each of its matched words in that order its patients are read in the order of the word
 * index (family name, given name, id), a patient listed only under the best word they match, until
 * the page is full. The other query words, date of birth, MRN, phone and who may see the patient
 * filter those rows. So a page reads a few index entries per matched word, however common the
 * name, in four statements whatever the number of matched words.
 */
@Injectable()
export class SearchPatientsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(criteria: SearchPatientsCriteria): Promise<PatientPage> {
    const words = criteria.name ? normalizeName(criteria.name).split(' ').filter(Boolean).slice(0, MAX_NAME_WORDS) : [];
    // One more row than the page tells whether another page follows.
    const wanted = criteria.offset + criteria.limit + 1;
    const rows = await this.dataSource.transaction(async (manager) => {
      if (!words.length) {
        const { where, parameters } = this.filtered(criteria, []);
        return (await manager.query(
          `${ROW_COLUMNS} FROM patient p WHERE ${where} ORDER BY p.family_name, p.given_name, p.id LIMIT ${criteria.limit + 1} OFFSET ${criteria.offset}`,
          parameters,
        )) as Row[];
      }
      // The planner costs the GIN trigram scan above reading the whole dictionary, which computes
      // word_similarity for every word: 80 ms against 1.7 ms on 20,000 words (PostgreSQL 15).
      // So sequential scans are off while the dictionary is read (set_config local to the transaction).
      await manager.query(
        `SELECT set_config('pg_trgm.word_similarity_threshold', $1, true), set_config('enable_seqscan', 'off', true)`,
        [String(NAME_SIMILARITY)],
      );
      const { matches, counts } = await this.dictionaryMatches(manager, criteria.organisationId, words);
      await manager.query(`SELECT set_config('enable_seqscan', 'on', true)`);
      // The rarest query word leads (the fewest patients over its matched words): a common given name
      // leading "maria garc" read tens of thousands of patients to find the few with the other word.
      let lead = 0;
      for (let i = 1; i < words.length; i++)
        if (counts[i]! < counts[lead]! || (counts[i] === counts[lead] && words[i]!.length > words[lead]!.length)) lead = i;
      // One statement walks the leading word's matches best first, each matched word's patients in
      // the word index's order (a patient only under the best word they have), and stops once the
      // page is full: a statement per matched word cost a round trip and a plan each, up to 100.
      const others = words.filter((_, i) => i !== lead);
      // The name and scope are read from the word index (migration 1797161000000): a patient's row
      // only for those that pass.
      // A patient already listed under a better word is skipped, tested last (an array slice and
      // compare per row, ~2 µs at the hundredth word).
      const m = '$3::text[]';
      const { where, parameters } = this.filtered(
        criteria,
        others,
        { id: 'w.patient_id', registeredLocationId: 'w.registered_location_id', nameSearch: 'w.name_search' },
        { parameter: matches[lead], condition: `NOT (string_to_array(w.name_search, ' ') && (${m})[1:walk.rank])` },
      );
      return (await manager.query(
        `WITH RECURSIVE walk (rank, ids) AS (
            SELECT 0, ARRAY[]::uuid[]
          UNION ALL
            SELECT walk.rank + 1, walk.ids || ARRAY(
                SELECT p.id FROM patient_name_word w JOIN patient p ON p.id = w.patient_id
                WHERE ${where} AND w.organisation_id = $1 AND w.word = (${m})[walk.rank + 1]
                ORDER BY w.family_name, w.given_name, w.patient_id
                LIMIT ${wanted} - cardinality(walk.ids))
              FROM walk WHERE walk.rank < cardinality(${m}) AND cardinality(walk.ids) < ${wanted})
        ${ROW_COLUMNS}
          FROM (SELECT ids FROM walk ORDER BY rank DESC LIMIT 1) last
          CROSS JOIN LATERAL unnest(last.ids) WITH ORDINALITY AS found (id, n)
          JOIN patient p ON p.id = found.id
        ORDER BY found.n OFFSET ${criteria.offset}`,
        parameters,
      )) as Row[];
    });
    const more = rows.length > criteria.limit;
    return {
      items: rows.slice(0, criteria.limit).map((r) => ({
        id: r.id,
        mrn: r.mrn,
        givenName: r.given_name,
        familyName: r.family_name,
        dateOfBirth: r.date_of_birth,
        phone: r.phone,
        version: r.version,
      })),
      limit: criteria.limit,
      offset: criteria.offset,
      nextOffset: more ? criteria.offset + criteria.limit : null,
    };
  }

  /**
   * For each query word, the organisation's name words matching it, best first (at most
   * MAX_DICTIONARY_WORDS), and how many patients have those words (the dictionary's counts,
   * migration 1797160000000): one statement.
   */
  private async dictionaryMatches(
    manager: EntityManager,
    organisationId: string,
    words: string[],
  ): Promise<{ matches: string[][]; counts: number[] }> {
    const matched = words.map((word, i) => {
      const q = `$${i + 2}`;
      return `ARRAY(SELECT d.word FROM patient_name_dictionary d
          WHERE d.organisation_id = $1
            AND (d.word LIKE ${q} || '%' ${word.length >= 3 ? `OR d.word LIKE '%' || ${q} || '%'` : ''} OR d.word %> ${q})
          ORDER BY d.word = ${q} DESC, d.word LIKE ${q} || '%' DESC, word_similarity(${q}, d.word) DESC,
            similarity(${q}, d.word) DESC, d.word
          LIMIT ${MAX_DICTIONARY_WORDS}) AS m${i}`;
    });
    const counted = words.map(
      (_, i) => `(SELECT coalesce(sum(d.patients), 0)::int FROM patient_name_dictionary d
          WHERE d.organisation_id = $1 AND d.word = ANY (m.m${i})) AS n${i}`,
    );
    // MATERIALIZED: each word's matches computed once, not again inside its count.
    const [row] = (await manager.query(
      `WITH m AS MATERIALIZED (SELECT ${matched.join(', ')})
      SELECT m.*, ${counted.join(', ')} FROM m`,
      [organisationId, ...words],
    )) as Array<Record<string, string[] | number>>;
    return {
      matches: words.map((_, i) => row![`m${i}`] as string[]),
      counts: words.map((_, i) => row![`n${i}`] as number),
    };
  }

  /**
   * The patients the caller may see that meet every criterion but the leading name word, as a
   * condition on `p` (the name and scope on the columns in `patient`) and its parameters. `lastly`:
   * a condition tested after the scope and the words, its parameter `$3`.
   */
  private filtered(
    criteria: SearchPatientsCriteria,
    words: string[],
    patient = { id: 'p.id', registeredLocationId: 'p.registered_location_id', nameSearch: 'p.name_search' },
    lastly?: { parameter: unknown; condition: string },
  ): { where: string; parameters: unknown[] } {
    const parameters: unknown[] = [criteria.organisationId, locationsParameter(criteria.locations)];
    if (lastly) parameters.push(lastly.parameter);
    const where = ['p.organisation_id = $1'];
    const named: string[] = [];
    for (const word of words) {
      parameters.push(word);
      const n = parameters.length;
      // Normalised words hold letters and digits only: no LIKE wildcard can come from the caller.
      // Two letters make no trigram for LIKE to use; the word match alone serves them.
      named.push(
        word.length >= 3
          ? `(${patient.nameSearch} LIKE '%' || $${n} || '%' OR $${n} <% ${patient.nameSearch})`
          : `$${n} <% ${patient.nameSearch}`,
      );
    }
    // Who may see the patient first, the other words only then (CASE keeps that order): word
    // similarity costs ~9 µs a name (1,000,000 patients, PostgreSQL 15), more than the scope's index
    // probes, and the planner, costing it as cheap, ran it first on every patient of the leading word.
    if (lastly) named.push(lastly.condition);
    const visible = visibleTo(2, patient);
    where.push(named.length ? `CASE WHEN ${visible} THEN ${named.join(' AND ')} ELSE false END` : visible);
    if (criteria.dateOfBirth) {
      parameters.push(criteria.dateOfBirth);
      where.push(`p.date_of_birth = $${parameters.length}::date`);
    }
    if (criteria.mrn) {
      parameters.push(normalizeMrn(criteria.mrn));
      where.push(`p.mrn = $${parameters.length}`);
    }
    if (criteria.phone) {
      parameters.push(criteria.phone);
      where.push(`p.phone = $${parameters.length}`);
    }
    return { where: where.join(' AND '), parameters };
  }
}
