import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import { type Freshness, ReportFreshness } from '../report-freshness.js';
import {
  byTherapy,
  datesBetween,
  type DayKpis,
  dayKpis,
  type HourLoad,
  hourlyLoad,
  type Kpis,
  type LocationCalendar,
  localDate,
  measure,
  noShowsByLeadTime,
  openMinutes,
  reactionsByTherapyAndGrade,
  reminderEffect,
  type Visit,
} from '../compute-kpis.js';

/** The figures, with how fresh they are. */
interface KpiReport extends Freshness {
  from: string;
  to: string;
  locations: Array<{
    locationId: string;
    name: string | null;
    timeZone: string;
    days: DayKpis[];
    total: Kpis;
    therapies: Array<{ therapyCode: string } & Kpis>;
    /** Per local day, its hours with peak chairs in use and patients per nurse. */
    heatmap: Array<{ date: string; hours: HourLoad[] }>;
  }>;
  organisation: Kpis & { therapies: Array<{ therapyCode: string } & Kpis> };
  noShowsByLeadTime: ReturnType<typeof noShowsByLeadTime>;
  reminderEffect: ReturnType<typeof reminderEffect>;
  reactions: ReturnType<typeof reactionsByTherapyAndGrade>;
  notifications: { sent: number; delivered: number; failed: number; suppressed: number; deliveryRate: number | null };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366;

interface VisitRow {
  appointment_id: string;
  location_id: string;
  therapy_code: string | null;
  nurse_id: string | null;
  status: Visit['status'];
  booked_at: Date | null;
  starts_at: Date | null;
  ends_at: Date | null;
  duration_minutes: number | null;
  late_cancellation: boolean | null;
  confirmed_at: Date | null;
  checked_in_at: Date | null;
  seated_at: Date | null;
  drug_ready_at: Date | null;
  infusion_started_at: Date | null;
  infusing_minutes: number | null;
  discharged_at: Date | null;
  reminders_sent: number;
}

const ms = (d: Date | null) => (d ? new Date(d).getTime() : null);

/**
 * The KPI report as it was computed before the rollups: every visit of the range loaded and
 * measured in JavaScript. Not served; kept only so `npm run bench:kpis` can time the old way
 * beside the new on the same data (and as a second, independent implementation of the figures).
 */
@Injectable()
export class PerVisitKpiReport {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly freshness: ReportFreshness,
  ) {}

  async execute(q: {
    organisationId: string;
    locations: '*' | readonly string[];
    locationId?: string;
    from: string;
    to: string;
  }): Promise<KpiReport> {
    const errors = [
      ...(DAY.test(q.from) && DateTime.fromISO(q.from).isValid
        ? []
        : [{ field: 'from', reason: 'must be a calendar date YYYY-MM-DD' }]),
      ...(DAY.test(q.to) && DateTime.fromISO(q.to).isValid
        ? []
        : [{ field: 'to', reason: 'must be a calendar date YYYY-MM-DD' }]),
    ];
    if (!errors.length && q.to < q.from) errors.push({ field: 'to', reason: 'must not be before from' });
    if (!errors.length && datesBetween(q.from, q.to).length > MAX_DAYS)
      errors.push({ field: 'to', reason: `the range may cover at most ${MAX_DAYS} days` });
    if (errors.length) throw ProblemException.validation(errors);

    const calendars = (await this.dataSource.query(
      `SELECT location_id, name, time_zone, chair_count, weekly_hours, closed_dates FROM directory_location
        WHERE organisation_id = $1 AND time_zone IS NOT NULL AND ($2::uuid[] IS NULL OR location_id = ANY($2)) AND ($3::uuid IS NULL OR location_id = $3) ORDER BY name, location_id`,
      [q.organisationId, q.locations === '*' ? null : [...q.locations], q.locationId ?? null],
    )) as Array<{
      location_id: string;
      name: string | null;
      time_zone: string;
      chair_count: number;
      weekly_hours: LocationCalendar['weeklyHours'];
      closed_dates: string[];
    }>;
    if (q.locationId && !calendars.length) throw ProblemException.notFound('Location', q.locationId);
    const ids = calendars.map((c) => c.location_id);
    // A day earlier and later than asked, in UTC, covers every zone's local days; each visit is then placed by its own zone.
    const lower = DateTime.fromISO(q.from, { zone: 'UTC' }).minus({ days: 1 }).toJSDate();
    const upper = DateTime.fromISO(q.to, { zone: 'UTC' }).plus({ days: 2 }).toJSDate();
    const [rows, reactions, messages, freshness] = await Promise.all([
      this.dataSource.query(
        `SELECT v.*, (SELECT count(*)::int FROM message_fact m WHERE m.appointment_id = v.appointment_id AND m.kind = 'reminder' AND m.rank >= 3) AS reminders_sent
           FROM visit_fact v WHERE v.location_id = ANY($1) AND v.starts_at >= $2 AND v.starts_at < $3`,
        [ids, lower, upper],
      ) as Promise<VisitRow[]>,
      this.dataSource.query(
        `SELECT location_id, therapy_code, grade, occurred_at FROM reaction_fact WHERE location_id = ANY($1) AND occurred_at >= $2 AND occurred_at < $3`,
        [ids, lower, upper],
      ) as Promise<Array<{ location_id: string; therapy_code: string; grade: number; occurred_at: Date }>>,
      this.dataSource.query(
        `SELECT location_id, status, at FROM message_fact WHERE location_id = ANY($1) AND at >= $2 AND at < $3`,
        [ids, lower, upper],
      ) as Promise<Array<{ location_id: string; status: string; at: Date }>>,
      this.freshness.read(q.organisationId, ids),
    ]);
    const zoneOf = new Map(calendars.map((c) => [c.location_id, c.time_zone]));
    const inRange = (locationId: string, instant: number | null) => {
      if (instant === null) return false;
      const date = localDate(instant, zoneOf.get(locationId)!);
      return date >= q.from && date <= q.to;
    };
    // Each visit placed once on its local date at its location: the days, the heatmap and the totals read these.
    const visits: Visit[] = [];
    const onDateAt = new Map<string, Map<string, Visit[]>>();
    for (const r of rows) {
      const v: Visit = {
        appointmentId: r.appointment_id,
        locationId: r.location_id,
        therapyCode: r.therapy_code,
        nurseId: r.nurse_id,
        status: r.status,
        bookedAt: ms(r.booked_at),
        startsAt: ms(r.starts_at),
        endsAt: ms(r.ends_at),
        durationMinutes: r.duration_minutes,
        lateCancellation: r.late_cancellation,
        confirmedAt: ms(r.confirmed_at),
        checkedInAt: ms(r.checked_in_at),
        seatedAt: ms(r.seated_at),
        drugReadyAt: ms(r.drug_ready_at),
        infusionStartedAt: ms(r.infusion_started_at),
        infusingMinutes: r.infusing_minutes,
        dischargedAt: ms(r.discharged_at),
        remindersSent: r.reminders_sent,
      };
      if (v.startsAt === null) continue;
      const date = localDate(v.startsAt, zoneOf.get(v.locationId)!);
      if (date < q.from || date > q.to) continue;
      visits.push(v);
      const days = onDateAt.get(v.locationId) ?? new Map<string, Visit[]>();
      onDateAt.set(v.locationId, days);
      const today = days.get(date);
      if (today) today.push(v);
      else days.set(date, [v]);
    }
    const dates = datesBetween(q.from, q.to);
    const locations = calendars.map((c) => {
      const calendar: LocationCalendar = {
        locationId: c.location_id,
        timeZone: c.time_zone,
        chairs: c.chair_count,
        weeklyHours: c.weekly_hours,
        closedDates: c.closed_dates,
      };
      const onDate = onDateAt.get(c.location_id) ?? new Map<string, Visit[]>();
      const mine = [...onDate.values()].flat();
      const days = dates.map((date) => dayKpis(calendar, date, onDate.get(date) ?? []));
      const open = dates.reduce((s, d) => s + openMinutes(calendar, d) * c.chair_count, 0);
      const heatmap = dates.map((date) => {
        // Stays that may touch the day: those planned on it or on the days either side.
        const day = DateTime.fromISO(date, { zone: 'UTC' });
        const near = [day.minus({ days: 1 }), day, day.plus({ days: 1 })].flatMap((d) => onDate.get(d.toISODate()!) ?? []);
        return { date, hours: hourlyLoad(calendar, date, near) };
      });
      return {
        locationId: c.location_id,
        name: c.name,
        timeZone: c.time_zone,
        days,
        total: measure(mine, open, c.chair_count * dates.length),
        therapies: byTherapy(mine, open, c.chair_count * dates.length),
        heatmap,
      };
    });
    const orgOpen = locations.reduce((s, l) => s + l.total.openChairMinutes, 0);
    const orgChairDays = calendars.reduce((s, c) => s + c.chair_count, 0) * dates.length;
    const sent = { sent: 0, delivered: 0, failed: 0, suppressed: 0 };
    for (const m of messages)
      if (m.status in sent && inRange(m.location_id, new Date(m.at).getTime())) sent[m.status as keyof typeof sent] += 1;
    const attempted = sent.sent + sent.delivered + sent.failed;
    return {
      from: q.from,
      to: q.to,
      ...freshness,
      locations,
      organisation: { ...measure(visits, orgOpen, orgChairDays), therapies: byTherapy(visits, orgOpen, orgChairDays) },
      noShowsByLeadTime: noShowsByLeadTime(visits),
      reminderEffect: reminderEffect(visits),
      reactions: reactionsByTherapyAndGrade(
        reactions
          .filter((r) => inRange(r.location_id, new Date(r.occurred_at).getTime()))
          .map((r) => ({
            locationId: r.location_id,
            therapyCode: r.therapy_code,
            grade: r.grade,
            occurredAt: new Date(r.occurred_at).getTime(),
          })),
      ),
      notifications: { ...sent, deliveryRate: attempted ? (sent.sent + sent.delivered) / attempted : null },
    };
  }
}
