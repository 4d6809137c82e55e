import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import { locationInOrganisation } from '../../locations/location-in-organisation.js';

/**
 * At most this many patients in one answer: a 40-chair day with short treatments is about 320
 * visits, and every name disclosed is one audit record written before the answer leaves.
 */
export const DAY_PATIENT_NAMES_MAX = 400;

export interface DayPatientName {
  patientId: string;
  givenName: string;
  familyName: string;
}

export interface DayPatientNames {
  locationId: string;
  date: string;
  timeZone: string;
  patients: DayPatientName[];
  /** True when the day had more patients than DAY_PATIENT_NAMES_MAX (the earliest-starting ones are given). */
  truncated: boolean;
}

/**
 * The names of the patients with an appointment starting on one local day at one location, for
 * the chair board: nothing else of the record (no date of birth, MRN or contact). A hold that
 * was never booked and a waitlist entry are not on the board, so their patients are not named.
 * Having an appointment at the location is what makes a patient visible to its staff
 * (patient-scope.ts), so the caller's location grant (checked by the guard on the path) suffices.
 */
@Injectable()
export class DayPatientNamesQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(organisationId: string, locationId: string, date: string): Promise<DayPatientNames> {
    const location = await locationInOrganisation(this.dataSource.manager, locationId, organisationId);
    const start = DateTime.fromISO(date, { zone: location.timeZone }).startOf('day');
    if (!start.isValid) throw ProblemException.validation([{ field: 'date', reason: 'must be a date YYYY-MM-DD' }]);
    const rows = (await this.dataSource.query(
      `SELECT p.id, p.given_name, p.family_name
         FROM patient p
         JOIN (SELECT a.patient_id, min(a.starts_at) AS first_start
                 FROM appointment a
                WHERE a.location_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3
                  AND a.status NOT IN ('proposed', 'waitlist')
                GROUP BY a.patient_id) day ON day.patient_id = p.id
        WHERE p.organisation_id = $4
        ORDER BY day.first_start, p.id
        LIMIT ${DAY_PATIENT_NAMES_MAX + 1}`,
      [locationId, start.toJSDate(), start.plus({ days: 1 }).toJSDate(), organisationId],
    )) as Array<{ id: string; given_name: string; family_name: string }>;
    return {
      locationId,
      date,
      timeZone: location.timeZone,
      patients: rows
        .slice(0, DAY_PATIENT_NAMES_MAX)
        .map((r) => ({ patientId: r.id, givenName: r.given_name, familyName: r.family_name })),
      truncated: rows.length > DAY_PATIENT_NAMES_MAX,
    };
  }
}
