import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChairKind, Certification } from '@chairside/domain';
import type { BookedTreatment, CenterState, Interval, IsoWeekday } from '../slot-search/center.js';

const HOLDS_TIME = `('proposed', 'booked', 'arrived', 'checked-in')`;

/** Reads what the slot engine needs about one center and one stretch of time. */
@Injectable()
export class CenterStateRepository {
  async load(manager: EntityManager, locationId: string, from: Date, to: Date): Promise<CenterState | undefined> {
    const [location] = (await manager.query(`SELECT id, time_zone, weekly_hours, closed_dates FROM location WHERE id = $1`, [locationId])) as Array<{ id: string; time_zone: string; weekly_hours: Record<string, Array<{ opens: string; closes: string }>>; closed_dates: string[] }>;
    if (!location) return undefined;
    const [chairs, nurses, shifts, bookings] = await Promise.all([
      manager.query(`SELECT id, kind FROM chair WHERE location_id = $1`, [locationId]) as Promise<Array<{ id: string; kind: ChairKind }>>,
      manager.query(`SELECT id, certifications, capacity, start_window_minutes FROM nurse WHERE location_id = $1`, [locationId]) as Promise<Array<{ id: string; certifications: Certification[]; capacity: number; start_window_minutes: number }>>,
      manager.query(
        `SELECT s.nurse_id, s.starts_at, s.ends_at, s.breaks FROM nurse_shift s JOIN nurse n ON n.id = s.nurse_id
          WHERE n.location_id = $1 AND s.starts_at < $3 AND s.ends_at > $2`,
        [locationId, from, to],
      ) as Promise<Array<{ nurse_id: string; starts_at: Date; ends_at: Date; breaks: Array<{ start: string; end: string }> }>>,
      this.bookings(manager, `location_id = $1`, [locationId], from, to),
    ]);
    const weeklyHours: CenterState['calendar']['weeklyHours'] = {};
    for (const [day, hours] of Object.entries(location.weekly_hours)) weeklyHours[Number(day) as IsoWeekday] = hours;
    return {
      locationId,
      calendar: { timeZone: location.time_zone, weeklyHours, closedDates: location.closed_dates },
      chairs: chairs.map((c) => ({ id: c.id, kind: c.kind, outOfService: [] })),
      nurses: nurses.map((n) => ({
        id: n.id,
        certifications: n.certifications,
        capacity: n.capacity,
        startWindowMinutes: n.start_window_minutes,
        shifts: shifts
          .filter((s) => s.nurse_id === n.id)
          .map((s) => ({ start: s.starts_at.getTime(), end: s.ends_at.getTime(), breaks: s.breaks.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) })) })),
      })),
      bookings,
    };
  }

  /** The patient's other treatments anywhere in the organisation. */
  async patientBusy(manager: EntityManager, patientId: string, from: Date, to: Date): Promise<Interval[]> {
    return this.bookings(manager, `patient_id = $1`, [patientId], from, to);
  }

  private async bookings(manager: EntityManager, where: string, params: unknown[], from: Date, to: Date): Promise<BookedTreatment[]> {
    const rows = (await manager.query(
      `SELECT id, patient_id, chair_id, nurse_id, starts_at, ends_at, chair_released_at, setup_ends_at FROM appointment
        WHERE ${where} AND status IN ${HOLDS_TIME} AND starts_at < $${params.length + 2} AND chair_released_at > $${params.length + 1}`,
      [...params, from, to],
    )) as Array<{ id: string; patient_id: string; chair_id: string; nurse_id: string; starts_at: Date; ends_at: Date; chair_released_at: Date; setup_ends_at: Date }>;
    return rows.map((r) => ({ id: r.id, patientId: r.patient_id, chairId: r.chair_id, nurseId: r.nurse_id, start: r.starts_at.getTime(), end: r.ends_at.getTime(), chairReleasedAt: r.chair_released_at.getTime(), setupEnd: r.setup_ends_at.getTime() }));
  }
}
