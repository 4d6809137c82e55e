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
/** How many index entries of a query word's matches are counted to choose the rarest word to lead. */
export const LEAD_COUNT_CAP = 5000;
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
 * A name is searched by words (migration 1797130000000): the rarest query word leads; it is
 * matched against the organisation's dictionary of name words (exact, then starting with it, then
 * containing it or spelled close to it), and for each matched word in that order its patients are
 * read in the order of the word index (family name, given name, id), a patient listed only under
 * the best word they match, until the page is full. The other query words, date of birth, MRN,
 * phone and who may see the patient filter those rows. So a page reads a few index entries per
 * matched word, however common the name.
 */
@Injectable()
export class SearchPatientsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(criteria: SearchPatientsCriteria): Promise<PatientPage> {
    const words = criteria.name ? normalizeName(criteria.name).split(' ').filter(Boolean).slice(0, MAX_NAME_WORDS) : [];
    // One more row than the page tells whether another page follows.
    const wanted = criteria.offset + criteria.limit + 1;
    const rows = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(NAME_SIMILARITY)]);
      if (!words.length) {
        const { sql, parameters } = this.filtered(criteria, []);
        return (await manager.query(
          `${sql} ORDER BY p.family_name, p.given_name, p.id LIMIT ${criteria.limit + 1} OFFSET ${criteria.offset}`,
          parameters,
        )) as Row[];
      }
      // The planner costs the GIN trigram scan above reading the whole dictionary, which computes
      // word_similarity for every word: 80 ms against 1.7 ms on 20,000 words (PostgreSQL 15).
      // So sequential scans are off while the dictionary is read (set_config local to the transaction).
      await manager.query(`SELECT set_config('enable_seqscan', 'off', true)`);
      const matches: string[][] = [];
      for (const word of words) matches.push(await this.dictionaryWords(manager, criteria.organisationId, word));
      await manager.query(`SELECT set_config('enable_seqscan', 'on', true)`);
      // The rarest query word leads: a common given name leading "maria garc" read tens of thousands
      // of patients to find the few with the other word. Index entries counted up to a cap.
      let lead = 0;
      if (words.length > 1) {
        const counts: number[] = [];
        for (const m of matches)
          counts.push(
            (
              (await manager.query(
                `SELECT count(*)::int AS n FROM (SELECT 1 FROM patient_name_word
                  WHERE organisation_id = $1 AND word = ANY($2::text[]) LIMIT ${LEAD_COUNT_CAP}) entries`,
                [criteria.organisationId, m],
              )) as Array<{ n: number }>
            )[0]!.n,
          );
        for (let i = 1; i < words.length; i++)
          if (counts[i]! < counts[lead]! || (counts[i] === counts[lead] && words[i]!.length > words[lead]!.length)) lead = i;
      }
      const dictionary = matches[lead]!.map((word) => ({ word }));
      const others = words.filter((_, i) => i !== lead);
      const found: Row[] = [];
      for (let i = 0; i < dictionary.length && found.length < wanted; i++) {
        const { sql, parameters } = this.filtered(criteria, others, 'patient_name_word w JOIN patient p ON p.id = w.patient_id');
        parameters.push(
          dictionary[i]!.word,
          dictionary.slice(0, i).map((d) => d.word),
        );
        const n = parameters.length;
        found.push(
          ...((await manager.query(
            `${sql}
              AND w.organisation_id = $1 AND w.word = $${n - 1}
              AND NOT (string_to_array(p.name_search, ' ') && $${n}::text[])
            ORDER BY w.family_name, w.given_name, w.patient_id
            LIMIT ${wanted - found.length}`,
            parameters,
          )) as Row[]),
        );
      }
      return found.slice(criteria.offset);
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

  /** The organisation's name words matching a query word, best first (at most MAX_DICTIONARY_WORDS). */
  private async dictionaryWords(manager: EntityManager, organisationId: string, word: string): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT d.word FROM patient_name_dictionary d
        WHERE d.organisation_id = $1
          AND (d.word LIKE $2 || '%' ${word.length >= 3 ? `OR d.word LIKE '%' || $2 || '%'` : ''} OR d.word %> $2)
        ORDER BY d.word = $2 DESC, d.word LIKE $2 || '%' DESC, word_similarity($2, d.word) DESC, similarity($2, d.word) DESC, d.word
        LIMIT ${MAX_DICTIONARY_WORDS}`,
      [organisationId, word],
    )) as Array<{ word: string }>;
    return rows.map((r) => r.word);
  }

  /** The patients the caller may see that meet every criterion but the leading name word, as SQL and its parameters. */
  private filtered(
    criteria: SearchPatientsCriteria,
    words: string[],
    from = 'patient p',
  ): { sql: string; parameters: unknown[] } {
    const parameters: unknown[] = [criteria.organisationId, locationsParameter(criteria.locations)];
    const where = ['p.organisation_id = $1', visibleTo(2)];
    for (const word of words) {
      parameters.push(word);
      const n = parameters.length;
      // Normalised words hold letters and digits only: no LIKE wildcard can come from the caller.
      // Two letters make no trigram for LIKE to use; the word match alone serves them.
      where.push(
        word.length >= 3 ? `(p.name_search LIKE '%' || $${n} || '%' OR $${n} <% p.name_search)` : `$${n} <% p.name_search`,
      );
    }
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
    return {
      sql: `SELECT p.id, p.mrn, p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
          p.phone, p.version
        FROM ${from}
        WHERE ${where.join(' AND ')}`,
      parameters,
    };
  }
}
