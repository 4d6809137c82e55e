import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import { locationInOrganisation } from '../../locations/location-in-organisation.js';

/** At most this many shifts in one answer (a 40-chair center staffs about 15 nurses a day for two weeks). */
export const SHIFTS_PAGE_MAX = 500;

export interface ShiftView {
  id: string;
  nurseId: string;
  nurseName: string;
  startsAt: string;
  endsAt: string;
  breaks: Array<{ start: string; end: string }>;
}

export interface LocationShifts {
  locationId: string;
  timeZone: string;
  from: string;
  days: number;
  shifts: ShiftView[];
}

/**
 * The location's nurse shifts that overlap `days` local days from `from` (in its zone), by start
 * then nurse: what the charge nurse and the scheduler edit (a sick call removes one, a late start
 * changes one) with PUT/DELETE …/nurses/{nurseId}/shifts/{shiftId}.
 */
@Injectable()
export class ShiftsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(organisationId: string, locationId: string, from: string, days: number): Promise<LocationShifts> {
    const location = await locationInOrganisation(this.dataSource.manager, locationId, organisationId);
    const start = DateTime.fromISO(from, { zone: location.timeZone }).startOf('day');
    if (!start.isValid) throw ProblemException.validation([{ field: 'from', reason: 'must be a date YYYY-MM-DD' }]);
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.nurse_id, n.display_name, s.starts_at, s.ends_at, s.breaks
         FROM nurse_shift s JOIN nurse n ON n.id = s.nurse_id
        WHERE n.location_id = $1 AND s.starts_at < $3 AND s.ends_at > $2
        ORDER BY s.starts_at, n.display_name, s.id
        LIMIT ${SHIFTS_PAGE_MAX}`,
      [locationId, start.toJSDate(), start.plus({ days }).toJSDate()],
    )) as Array<{
      id: string;
      nurse_id: string;
      display_name: string;
      starts_at: Date;
      ends_at: Date;
      breaks: Array<{ start: string; end: string }>;
    }>;
    return {
      locationId,
      timeZone: location.timeZone,
      from,
      days,
      shifts: rows.map((r) => ({
        id: r.id,
        nurseId: r.nurse_id,
        nurseName: r.display_name,
        startsAt: r.starts_at.toISOString(),
        endsAt: r.ends_at.toISOString(),
        breaks: r.breaks,
      })),
    };
  }
}
