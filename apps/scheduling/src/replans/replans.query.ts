import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import { locationInOrganisation } from '../locations/location-in-organisation.js';

/** A day never has more open proposals than this: the page is bounded. */
export const REPLANS_PAGE_MAX = 200;

export interface ReplanProposalView {
  proposalId: string;
  version: number;
  appointmentId: string;
  appointmentVersion: number;
  patientId: string;
  therapyCode: string;
  /** A therapy the organisation defined (therapyCode is then the built-in it is counted as), or null. */
  therapyId: string | null;
  cause: string;
  causeId: string;
  current: { startsAt: string; localStart: string; chairId: string; chairLabel: string; nurseId: string; nurseName: string };
  proposed: { startsAt: string; localStart: string; chairId: string; chairLabel: string; nurseId: string; nurseName: string };
  delayMinutes: number;
  proposedAt: string;
}

export interface ReplanDay {
  locationId: string;
  date: string;
  timeZone: string;
  proposals: ReplanProposalView[];
}

interface Row {
  id: string;
  version: number;
  appointment_id: string;
  appointment_version: number;
  patient_id: string;
  therapy_code: string;
  therapy_id: string | null;
  cause: string;
  cause_id: string;
  previous_starts_at: Date;
  previous_chair_id: string;
  previous_chair_label: string;
  previous_nurse_id: string;
  previous_nurse_name: string;
  starts_at: Date;
  chair_id: string;
  chair_label: string;
  nurse_id: string;
  nurse_name: string;
  delay_minutes: number;
  proposed_at: Date;
}

/**
 * The open re-plan proposals of one local day at a location (by the appointment's planned start),
 * in the order to apply them. A proposal whose appointment changed since is stale and not shown.
 */
@Injectable()
export class ReplansQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async day(organisationId: string, locationId: string, date: string): Promise<ReplanDay> {
    const location = await locationInOrganisation(this.dataSource.manager, locationId, organisationId);
    const start = DateTime.fromISO(date, { zone: location.timeZone }).startOf('day');
    if (!start.isValid) throw ProblemException.validation([{ field: 'date', reason: 'must be a date YYYY-MM-DD' }]);
    const rows = (await this.dataSource.query(
      `SELECT p.id, p.version, p.appointment_id, p.appointment_version, a.patient_id, a.therapy_code, a.therapy_id, p.cause, p.cause_id,
              p.previous_starts_at, p.previous_chair_id, pc.label AS previous_chair_label,
              p.previous_nurse_id, pn.display_name AS previous_nurse_name,
              p.starts_at, p.chair_id, c.label AS chair_label, p.nurse_id, n.display_name AS nurse_name,
              p.delay_minutes, p.proposed_at
         FROM replan_proposal p
         JOIN appointment a ON a.id = p.appointment_id AND a.version = p.appointment_version
         JOIN chair pc ON pc.id = p.previous_chair_id
         JOIN nurse pn ON pn.id = p.previous_nurse_id
         JOIN chair c ON c.id = p.chair_id
         JOIN nurse n ON n.id = p.nurse_id
        WHERE p.location_id = $1 AND p.status = 'open' AND p.previous_starts_at >= $2 AND p.previous_starts_at < $3
        ORDER BY p.previous_starts_at, p.id
        LIMIT ${REPLANS_PAGE_MAX}`,
      [locationId, start.toJSDate(), start.plus({ days: 1 }).toJSDate()],
    )) as Row[];
    const local = (instant: Date) => DateTime.fromJSDate(instant, { zone: location.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
    return {
      locationId,
      date,
      timeZone: location.timeZone,
      proposals: rows.map((r) => ({
        proposalId: r.id,
        version: r.version,
        appointmentId: r.appointment_id,
        appointmentVersion: r.appointment_version,
        patientId: r.patient_id,
        therapyCode: r.therapy_code,
        therapyId: r.therapy_id,
        cause: r.cause,
        causeId: r.cause_id,
        current: {
          startsAt: r.previous_starts_at.toISOString(),
          localStart: local(r.previous_starts_at),
          chairId: r.previous_chair_id,
          chairLabel: r.previous_chair_label,
          nurseId: r.previous_nurse_id,
          nurseName: r.previous_nurse_name,
        },
        proposed: {
          startsAt: r.starts_at.toISOString(),
          localStart: local(r.starts_at),
          chairId: r.chair_id,
          chairLabel: r.chair_label,
          nurseId: r.nurse_id,
          nurseName: r.nurse_name,
        },
        delayMinutes: r.delay_minutes,
        proposedAt: r.proposed_at.toISOString(),
      })),
    };
  }
}
