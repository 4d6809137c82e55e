import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import { locationInOrganisation } from '../locations/location-in-organisation.js';

/** A printed day (CSV or HTML) holds at most this many appointments; JSON pages through any day. */
export const PRINTED_DAY_MAX = 1000;

export const DAY_BOOK_FLAGS = [
  'confirmed',
  'hold',
  'at-risk',
  'reschedule-requested',
  'overbooked',
  'chair-out-of-service',
  'has-notes',
] as const;

export interface DayBookEntry {
  appointmentId: string;
  /** Local wall-clock start and end at the location (HH:mm). */
  localStart: string;
  localEnd: string;
  startsAt: string;
  endsAt: string;
  patient: { id: string; givenName: string; familyName: string; mrn: string; dateOfBirth: string };
  therapyCode: string;
  chairLabel: string;
  nurseName: string;
  status: string;
  flags: string[];
  version: number;
}

export interface DayBook {
  locationId: string;
  locationName: string;
  timeZone: string;
  date: string;
  entries: DayBookEntry[];
  limit: number;
  offset: number;
  nextOffset: number | null;
}

interface Row {
  id: string;
  starts_at: Date;
  ends_at: Date;
  patient_id: string;
  given_name: string;
  family_name: string;
  mrn: string;
  date_of_birth: string;
  therapy_code: string;
  chair_label: string;
  nurse_name: string;
  status: string;
  confirmed: boolean;
  hold: boolean;
  at_risk: boolean;
  reschedule_requested: boolean;
  overbooked: boolean;
  chair_out: boolean;
  has_notes: boolean;
  version: number;
}

/**
 * The appointments of one local day at a location (midnight to midnight in its zone, 23 or 25
 * hours on clock-change days), by start time: who, what, which chair and nurse, status and flags.
 */
@Injectable()
export class DayBookQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(criteria: {
    organisationId: string;
    locationId: string;
    date: string;
    limit: number;
    offset: number;
  }): Promise<DayBook> {
    const location = await locationInOrganisation(this.dataSource.manager, criteria.locationId, criteria.organisationId);
    const start = DateTime.fromISO(criteria.date, { zone: location.timeZone }).startOf('day');
    if (!start.isValid) throw ProblemException.validation([{ field: 'date', reason: 'must be a date YYYY-MM-DD' }]);
    const end = start.plus({ days: 1 });
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.starts_at, a.ends_at, p.id AS patient_id, p.given_name, p.family_name, p.mrn,
          to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, a.therapy_code, c.label AS chair_label,
          n.display_name AS nurse_name, a.status, a.confirmed_at IS NOT NULL AS confirmed, a.status = 'proposed' AS hold,
          a.at_risk_since IS NOT NULL AS at_risk, a.reschedule_requested_at IS NOT NULL AS reschedule_requested, a.overbooked,
          EXISTS (SELECT 1 FROM chair_outage o WHERE o.chair_id = a.chair_id
            AND tstzrange(o.starts_at, o.ends_at) && tstzrange(a.starts_at, a.chair_released_at)) AS chair_out,
          EXISTS (SELECT 1 FROM note nt WHERE nt.appointment_id = a.id) AS has_notes, a.version
        FROM appointment a
        JOIN patient p ON p.id = a.patient_id
        JOIN chair c ON c.id = a.chair_id
        JOIN nurse n ON n.id = a.nurse_id
        WHERE a.location_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3
        ORDER BY a.starts_at, c.label, a.id
        LIMIT $4 OFFSET $5`,
      [criteria.locationId, start.toJSDate(), end.toJSDate(), criteria.limit + 1, criteria.offset],
    )) as Row[];
    const local = (instant: Date) => DateTime.fromJSDate(new Date(instant), { zone: location.timeZone }).toFormat('HH:mm');
    return {
      locationId: criteria.locationId,
      locationName: location.name,
      timeZone: location.timeZone,
      date: criteria.date,
      entries: rows.slice(0, criteria.limit).map((r) => ({
        appointmentId: r.id,
        localStart: local(r.starts_at),
        localEnd: local(r.ends_at),
        startsAt: new Date(r.starts_at).toISOString(),
        endsAt: new Date(r.ends_at).toISOString(),
        patient: {
          id: r.patient_id,
          givenName: r.given_name,
          familyName: r.family_name,
          mrn: r.mrn,
          dateOfBirth: r.date_of_birth,
        },
        therapyCode: r.therapy_code,
        chairLabel: r.chair_label,
        nurseName: r.nurse_name,
        status: r.status,
        flags: [
          ...(r.confirmed ? ['confirmed'] : []),
          ...(r.hold ? ['hold'] : []),
          ...(r.at_risk ? ['at-risk'] : []),
          ...(r.reschedule_requested ? ['reschedule-requested'] : []),
          ...(r.overbooked ? ['overbooked'] : []),
          ...(r.chair_out ? ['chair-out-of-service'] : []),
          ...(r.has_notes ? ['has-notes'] : []),
        ],
        version: r.version,
      })),
      limit: criteria.limit,
      offset: criteria.offset,
      nextOffset: rows.length > criteria.limit ? criteria.offset + criteria.limit : null,
    };
  }
}
