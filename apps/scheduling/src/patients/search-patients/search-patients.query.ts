import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LocationGrant } from '@chairside/domain';
import { normalizeMrn, normalizeName } from '../patient-name.js';
import { locationsParameter, visibleTo } from '../patient-scope.js';

/** At most this many words of a name query are compared (each one must match). */
export const MAX_NAME_WORDS = 4;
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
 * inside the name or close to a word of it: trigrams, `pg_trgm`), date of birth, medical record
 * number and phone; all given criteria must hold. Best name matches first, then by family name.
 * One page of at most `limit` (the DTO bounds it and the offset).
 */
@Injectable()
export class SearchPatientsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(criteria: SearchPatientsCriteria): Promise<PatientPage> {
    const parameters: unknown[] = [criteria.organisationId, locationsParameter(criteria.locations)];
    const where = ['p.organisation_id = $1', visibleTo(2)];
    const scores: string[] = [];
    const words = criteria.name ? normalizeName(criteria.name).split(' ').filter(Boolean).slice(0, MAX_NAME_WORDS) : [];
    for (const word of words) {
      parameters.push(word);
      const n = parameters.length;
      // Normalised words hold letters and digits only: no LIKE wildcard can come from the caller.
      // Two letters make no trigram for LIKE to use; the word match alone serves them.
      where.push(
        word.length >= 3 ? `(p.name_search LIKE '%' || $${n} || '%' OR $${n} <% p.name_search)` : `$${n} <% p.name_search`,
      );
      scores.push(`word_similarity($${n}, p.name_search)`);
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
    parameters.push(criteria.limit + 1, criteria.offset);
    const order = scores.length ? `(${scores.join(' + ')}) DESC, ` : '';
    const sql = `SELECT p.id, p.mrn, p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
        p.phone, p.version
      FROM patient p
      WHERE ${where.join(' AND ')}
      ORDER BY ${order}p.family_name, p.given_name, p.id
      LIMIT $${parameters.length - 1} OFFSET $${parameters.length}`;
    const rows = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(NAME_SIMILARITY)]);
      return (await manager.query(sql, parameters)) as Row[];
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
}
