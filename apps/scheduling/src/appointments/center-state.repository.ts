import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SqlStatement } from '@chairside/database';
import type { ChairKind, Certification, TherapyCode, TherapyDefinition } from '@chairside/domain';
import type { BookedTreatment, CenterState, IsoWeekday } from '../slot-search/center.js';

import { HOLDS_TIME } from './appointment.entity.js';
import { effectiveTherapy } from './treatment-request.js';

/**
 * A booking as the constraints see it: an overrunning one holds its chair, nurse and patient
 * until its projected end (GREATEST ignores the NULL of one that is not overrunning), and the
 * chair its turnover after that.
 */
const HELD_END = `GREATEST(a.ends_at, a.overrun_ends_at)`;
const HELD_CHAIR = `(a.chair_released_at + (${HELD_END} - a.ends_at))`;
/** Epoch milliseconds of a timestamptz (truncated, as Date.parse truncates microseconds). */
const EPOCH_MS = (column: string) => `floor(extract(epoch FROM ${column}) * 1000)::int8`;
/**
 * A booking as one line of text: `id,patientId,chairId,nurseId,start,end,chairReleasedAt,setupEnd`,
 * the instants in epoch milliseconds; a center's bookings joined with `;`. Every column is NOT NULL
 * (GREATEST ignores the NULL of a booking that is not overrunning). A 40-chair location holds
 * about 2,000 bookings in a slot search's 16 days: built as JSON objects with ISO instants they were
 * 715 KB that PostgreSQL took 5.8 ms to build and the service as long again to read and parse
 * (Date.parse four times a booking); as text, 416 KB, 3.5 ms, and a split (issue 20's profile).
 */
const BOOKING_TEXT = `concat_ws(',', a.id, a.patient_id, a.chair_id, a.nurse_id, ${EPOCH_MS('a.starts_at')}, ${EPOCH_MS(HELD_END)},
  ${EPOCH_MS(HELD_CHAIR)}, ${EPOCH_MS('a.setup_ends_at')})`;

interface CenterRow {
  organisation_id: string;
  time_zone: string;
  weekly_hours: Record<string, Array<{ opens: string; closes: string }>>;
  closed_dates: string[];
  chairs: Array<{ id: string; kind: ChairKind; outages: Array<{ start: string; end: string }> }>;
  nurses: Array<{
    id: string;
    certifications: Certification[];
    capacity: number;
    startWindowMinutes: number;
    shifts: Array<{ start: string; end: string; breaks: Array<{ start: string; end: string }> }>;
  }>;
  /** BOOKING_TEXT lines joined with ';' ('' for none). */
  bookings: string;
  patient_bookings: string;
  /** Whether the patient asked about (if any) belongs to the location's organisation. */
  patient_known: boolean;
  therapy: TherapyDefinition | null;
}

export interface CenterQuery {
  locationId: string;
  /** A location of another organisation reads as missing. */
  organisationId: string;
  from: Date;
  to: Date;
  /** Also that patient's treatments anywhere in the organisation (`patientBusy`). */
  patientId?: string;
  /** Also the organisation's own values for this therapy, if it edited them. */
  therapyCode?: TherapyCode;
}

export interface LocationContextQuery {
  locationId: string;
  /** When given, a location of another organisation reads as missing. */
  organisationId?: string;
  patientId?: string;
  therapyCode: TherapyCode;
}

/** What a placement needs to know about a location before it reads the whole center. */
export interface LocationContext {
  organisationId: string;
  timeZone: string;
  /** The patient (if one was asked about) belongs to the location's organisation. */
  patientKnown: boolean;
  /** The organisation's values for the therapy, or the catalog default. */
  therapy: TherapyDefinition;
}

export type LoadedCenter = CenterState & {
  organisationId: string;
  /** The patient asked about (`patientId`) belongs to the location's organisation; false when none was asked about. */
  patientKnown: boolean;
  patientBusy: BookedTreatment[];
  therapyOverride: TherapyDefinition | null;
};

/**
 * A chair's time out of service is its outages, the location's closures (holidays, part days) and,
 * once retired, everything from then on: slot search, booking and re-plans keep out of all three.
 *
 * Reads what the slot engine needs about one center and one stretch of time, in one round trip:
 * on a small machine each extra query costs more in system calls than the query itself.
 */
@Injectable()
export class CenterStateRepository {
  async context(manager: EntityManager, q: LocationContextQuery): Promise<LocationContext | undefined> {
    const [row] = (await manager.query(
      `SELECT l.organisation_id, l.time_zone,
              EXISTS (SELECT 1 FROM patient p WHERE p.id = $3 AND p.organisation_id = l.organisation_id) AS patient_known,
              (SELECT t.settings FROM therapy_setting t WHERE t.organisation_id = l.organisation_id AND t.therapy_code = $4) AS therapy
         FROM location l WHERE l.id = $1 AND ($2::uuid IS NULL OR l.organisation_id = $2)`,
      [q.locationId, q.organisationId ?? null, q.patientId ?? null, q.therapyCode],
    )) as Array<{ organisation_id: string; time_zone: string; patient_known: boolean; therapy: TherapyDefinition | null }>;
    return (
      row && {
        organisationId: row.organisation_id,
        timeZone: row.time_zone,
        patientKnown: row.patient_known,
        therapy: effectiveTherapy(q.therapyCode, row.therapy),
      }
    );
  }

  async load(manager: EntityManager, q: CenterQuery): Promise<LoadedCenter | undefined> {
    const statement = this.loadStatement(q);
    const [row] = (await manager.query(statement.sql, statement.parameters)) as unknown[];
    return this.fromRow(q, row);
  }

  /** The one statement `load` sends, for callers that send it together with others. */
  loadStatement(q: CenterQuery): SqlStatement {
    return {
      sql: `SELECT l.organisation_id, l.time_zone, l.weekly_hours, l.closed_dates,
         (SELECT coalesce(json_agg(json_build_object('id', c.id, 'kind', c.kind,
            'outages', (SELECT coalesce(json_agg(json_build_object('start', o.s, 'end', o.e)), '[]') FROM (
                          SELECT o.starts_at AS s, o.ends_at AS e FROM chair_outage o
                           WHERE o.chair_id = c.id AND o.cancelled_at IS NULL AND o.starts_at < $3 AND o.ends_at > $2
                          UNION ALL SELECT k.starts_at, k.ends_at FROM location_closure k
                           WHERE k.location_id = l.id AND k.starts_at < $3 AND k.ends_at > $2
                          UNION ALL SELECT c.retired_at, $3::timestamptz + interval '1 day'
                           WHERE c.retired_at IS NOT NULL AND c.retired_at < $3) o))), '[]')
            FROM chair c WHERE c.location_id = l.id) AS chairs,
         (SELECT coalesce(json_agg(json_build_object('id', n.id, 'certifications', n.certifications, 'capacity', n.capacity, 'startWindowMinutes', n.start_window_minutes,
            'shifts', (SELECT coalesce(json_agg(json_build_object('start', s.starts_at, 'end', s.ends_at, 'breaks', s.breaks)), '[]')
                         FROM nurse_shift s WHERE s.nurse_id = n.id AND s.starts_at < $3 AND s.ends_at > $2))), '[]')
            FROM nurse n WHERE n.location_id = l.id) AS nurses,
         (SELECT coalesce(string_agg(${BOOKING_TEXT}, ';'), '') FROM appointment a
           WHERE a.location_id = l.id AND a.status IN ${HOLDS_TIME} AND a.starts_at < $3 AND ${HELD_CHAIR} > $2) AS bookings,
         (SELECT coalesce(string_agg(${BOOKING_TEXT}, ';'), '') FROM appointment a
           WHERE $4::uuid IS NOT NULL AND a.patient_id = $4 AND a.status IN ${HOLDS_TIME} AND a.starts_at < $3 AND ${HELD_CHAIR} > $2) AS patient_bookings,
         EXISTS (SELECT 1 FROM patient pt WHERE pt.id = $4 AND pt.organisation_id = l.organisation_id) AS patient_known,
         (SELECT t.settings FROM therapy_setting t WHERE t.organisation_id = l.organisation_id AND t.therapy_code = $6) AS therapy
       FROM location l WHERE l.id = $1 AND l.organisation_id = $5`,
      parameters: [q.locationId, q.from, q.to, q.patientId ?? null, q.organisationId, q.therapyCode ?? null],
    };
  }

  /**
   * Several patients' treatments anywhere (each one's `patientBusy`, as `load` reads it for one),
   * as one row whose `bookings` is BOOKING_TEXT lines joined with ';': applying several re-plans at once.
   */
  patientsStatement(q: { patientIds: readonly string[]; from: Date; to: Date }): SqlStatement {
    return {
      sql: `SELECT coalesce(string_agg(${BOOKING_TEXT}, ';'), '') AS bookings FROM appointment a
             WHERE a.patient_id = ANY($1::uuid[]) AND a.status IN ${HOLDS_TIME} AND a.starts_at < $3 AND ${HELD_CHAIR} > $2`,
      parameters: [q.patientIds, q.from, q.to],
    };
  }

  /** The center from the row `loadStatement` read; undefined when it read none. */
  fromRow(q: CenterQuery, found: unknown): LoadedCenter | undefined {
    const row = found as CenterRow | undefined;
    if (!row) return undefined;
    const weeklyHours: CenterState['calendar']['weeklyHours'] = {};
    for (const [day, hours] of Object.entries(row.weekly_hours)) weeklyHours[Number(day) as IsoWeekday] = hours;
    return {
      locationId: q.locationId,
      organisationId: row.organisation_id,
      calendar: { timeZone: row.time_zone, weeklyHours, closedDates: row.closed_dates },
      chairs: row.chairs.map((c) => ({
        id: c.id,
        kind: c.kind,
        outOfService: c.outages.map((o) => ({ start: Date.parse(o.start), end: Date.parse(o.end) })),
      })),
      nurses: row.nurses.map((n) => ({
        id: n.id,
        certifications: n.certifications,
        capacity: n.capacity,
        startWindowMinutes: n.startWindowMinutes,
        shifts: n.shifts.map((s) => ({
          start: Date.parse(s.start),
          end: Date.parse(s.end),
          breaks: s.breaks.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) })),
        })),
      })),
      bookings: bookingsFromText(row.bookings),
      patientKnown: row.patient_known,
      patientBusy: bookingsFromText(row.patient_bookings),
      therapyOverride: row.therapy,
    };
  }
}

/** The bookings BOOKING_TEXT wrote. */
export function bookingsFromText(text: string): BookedTreatment[] {
  if (!text) return [];
  return text.split(';').map((line) => {
    const f = line.split(',');
    if (f.length !== 8) throw new Error(`A booking of the center state has ${f.length} fields, not 8`);
    return {
      id: f[0]!,
      patientId: f[1]!,
      chairId: f[2]!,
      nurseId: f[3]!,
      start: Number(f[4]),
      end: Number(f[5]),
      chairReleasedAt: Number(f[6]),
      setupEnd: Number(f[7]),
    };
  });
}
