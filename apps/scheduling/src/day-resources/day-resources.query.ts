import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import type { LocationCalendar } from '../slot-search/center.js';
import { openingIntervals } from '../slot-search/opening-hours.js';
import type { DayResourcesView } from './dto/day-resources.dto.js';

/** A day's outages read at most (a 40-chair center has a handful a day; more is a runaway import). */
export const DAY_OUTAGES_MAX = 500;
/** A day's nurses read at most (a 40-chair center staffs about 15). */
export const DAY_NURSES_MAX = 200;

interface LocationRow {
  time_zone: string;
  weekly_hours: LocationCalendar['weeklyHours'];
  closed_dates: string[];
}

/**
 * What a location has to work with on one local day (midnight to midnight in its zone): when it
 * is open, which chairs are out of service and when, and which nurses are on shift with how many
 * patients each may monitor at once. The day board sets its appointments against it.
 */
@Injectable()
export class DayResourcesQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(criteria: { organisationId: string; locationId: string; date: string }): Promise<DayResourcesView> {
    const [location] = (await this.dataSource.query(
      `SELECT time_zone, weekly_hours, closed_dates FROM location WHERE id = $1 AND organisation_id = $2`,
      [criteria.locationId, criteria.organisationId],
    )) as LocationRow[];
    if (!location) throw ProblemException.notFound('Location', criteria.locationId);
    const start = DateTime.fromISO(criteria.date, { zone: location.time_zone }).startOf('day');
    if (!start.isValid) throw ProblemException.validation([{ field: 'date', reason: 'must be a date YYYY-MM-DD' }]);
    const from = start.toJSDate();
    const to = start.plus({ days: 1 }).toJSDate();
    const [outages, shifts] = await Promise.all([
      this.dataSource.query(
        `SELECT o.id, o.chair_id, o.starts_at, o.ends_at, o.reason
           FROM chair_outage o JOIN chair c ON c.id = o.chair_id
          WHERE c.location_id = $1 AND o.cancelled_at IS NULL AND o.starts_at < $3 AND o.ends_at > $2
          ORDER BY o.starts_at, o.chair_id, o.id
          LIMIT ${DAY_OUTAGES_MAX}`,
        [criteria.locationId, from, to],
      ) as Promise<Array<{ id: string; chair_id: string; starts_at: Date; ends_at: Date; reason: string }>>,
      this.dataSource.query(
        `SELECT n.id, n.display_name, n.capacity, s.starts_at, s.ends_at
           FROM nurse n JOIN nurse_shift s ON s.nurse_id = n.id
          WHERE n.location_id = $1 AND s.starts_at < $3 AND s.ends_at > $2
          ORDER BY n.display_name, n.id, s.starts_at
          LIMIT ${DAY_NURSES_MAX * 4}`,
        [criteria.locationId, from, to],
      ) as Promise<Array<{ id: string; display_name: string; capacity: number; starts_at: Date; ends_at: Date }>>,
    ]);
    const nurses = new Map<string, DayResourcesView['nurses'][number]>();
    for (const s of shifts) {
      let nurse = nurses.get(s.id);
      if (!nurse) {
        if (nurses.size >= DAY_NURSES_MAX) break;
        nurse = { nurseId: s.id, displayName: s.display_name, capacity: s.capacity, shifts: [] };
        nurses.set(s.id, nurse);
      }
      nurse.shifts.push({ from: s.starts_at.toISOString(), to: s.ends_at.toISOString() });
    }
    const calendar: LocationCalendar = {
      timeZone: location.time_zone,
      weeklyHours: location.weekly_hours,
      closedDates: location.closed_dates,
    };
    return {
      locationId: criteria.locationId,
      date: criteria.date,
      timeZone: location.time_zone,
      opening: openingIntervals(calendar, from.getTime(), to.getTime())
        .filter((o) => o.localDate === criteria.date)
        .map((o) => ({ opensAt: new Date(o.start).toISOString(), closesAt: new Date(o.end).toISOString() })),
      outages: outages.map((o) => ({
        outageId: o.id,
        chairId: o.chair_id,
        from: o.starts_at.toISOString(),
        to: o.ends_at.toISOString(),
        reason: o.reason,
      })),
      nurses: [...nurses.values()],
    };
  }
}
