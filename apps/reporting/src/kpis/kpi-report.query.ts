import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import { type Freshness, ReportFreshness } from './report-freshness.js';
import { type DayKpis, type HourLoad, type Kpis, LEAD_TIME_BUCKETS, type Percentiles } from './compute-kpis.js';
import { reportRange } from './report-range.js';
import { ReportGate } from './report-gate.js';

/** The figures, with how fresh they are. */
export interface KpiReport extends Freshness {
  from: string;
  to: string;
  locations: Array<{
    locationId: string;
    name: string | null;
    timeZone: string;
    /** Per local day; left out of JSON reports over MAX_JSON_LOCATION_DAYS (see daysOmitted). */
    days?: DayKpis[];
    total: Kpis;
    therapies: Array<{ therapyCode: string } & Kpis>;
    /** Per local day, its hours with peak chairs in use and patients per nurse (only with include=heatmap). */
    heatmap?: Array<{ date: string; hours: HourLoad[] }>;
  }>;
  /** Why the locations carry no `days` (only for JSON reports over MAX_JSON_LOCATION_DAYS location-days). */
  daysOmitted?: string;
  organisation: Kpis & { therapies: Array<{ therapyCode: string } & Kpis> };
  noShowsByLeadTime: Array<{ bucket: string; visits: number; noShows: number; rate: number | null }>;
  reminderEffect: {
    withReminder: { visits: number; noShowRate: number | null };
    withoutReminder: { visits: number; noShowRate: number | null };
  };
  reactions: Array<{ therapyCode: string; grade: number; count: number }>;
  notifications: { sent: number; delivered: number; failed: number; suppressed: number; deliveryRate: number | null };
}

/** Heatmap hours grow with locations × days × 24: a month of 100 centers, or a year of 8, per request. */
export const MAX_HEATMAP_LOCATION_DAYS = 3_200;

/**
 * Per-location day rows a JSON report carries: ten locations for a year, or a hundred for a month.
 * An organisation's year is 36,600 day objects, 23.6 MB of JSON that took seconds of the event loop
 * (and most of the process's memory) to build and send; its totals and therapies are what a JSON
 * reader needs, and the CSV (format=csv) still has every location-day.
 */
export const MAX_JSON_LOCATION_DAYS = 3_660;

/** Counters of a set of visits, summed from kpi_therapy_day rows. */
interface Counters {
  visits: number;
  held: number;
  infusions: number;
  no_shows: number;
  late_cancellations: number;
  on_time_starts: number;
  confirmed_held: number;
  planned_minutes: number;
  used_minutes: number;
  planned_duration_sum: number;
  planned_duration_n: number;
  infusing_minutes_sum: number;
  infusing_minutes_n: number;
}
const COUNTERS: Array<keyof Counters> = [
  'visits',
  'held',
  'infusions',
  'no_shows',
  'late_cancellations',
  'on_time_starts',
  'confirmed_held',
  'planned_minutes',
  'used_minutes',
  'planned_duration_sum',
  'planned_duration_n',
  'infusing_minutes_sum',
  'infusing_minutes_n',
];
/** What kpi_therapy_day and kpi_therapy_month share besides their keys. */
const THERAPY_COLUMNS = [
  ...COUNTERS,
  'lead_held',
  'lead_no_shows',
  'reminded_held',
  'reminded_no_shows',
  'unreminded_held',
  'unreminded_no_shows',
].join(', ');
// float8 so the driver hands back numbers (a bigint sum would arrive as a string).
const SUM_COUNTERS = COUNTERS.map((c) => `coalesce(sum(${c}), 0)::float8 AS ${c}`).join(', ');
const ZERO: Counters = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as unknown as Counters;
const NO_WAIT: Percentiles = { n: 0, p50: null, p90: null };

type Waits = DayKpis['waits'];
const WAIT_NAMES = ['checkInToChair', 'chairToDrugReady', 'drugReadyToStart'] as const;

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function kpis(c: Counters, waits: Waits, openChairMinutes: number, chairDays: number): Kpis {
  return {
    openChairMinutes,
    scheduledUtilization: ratio(c.planned_minutes, openChairMinutes),
    actualUtilization: ratio(c.used_minutes, openChairMinutes),
    visits: c.visits,
    infusions: c.infusions,
    infusionsPerChair: ratio(c.infusions, chairDays),
    noShows: c.no_shows,
    noShowRate: ratio(c.no_shows, c.held),
    lateCancellations: c.late_cancellations,
    lateCancellationRate: ratio(c.late_cancellations, c.visits),
    onTimeStartRate: ratio(c.on_time_starts, c.infusions),
    waits,
    plannedMinutesMean: c.planned_duration_n ? c.planned_duration_sum / c.planned_duration_n : null,
    actualInfusingMinutesMean: c.infusing_minutes_n ? c.infusing_minutes_sum / c.infusing_minutes_n : null,
    confirmationRate: ratio(c.confirmed_held, c.held),
  };
}

/** percentile_cont from a histogram: the values at the two ranks around p·(n−1), interpolated. */
function fromHistogram(n: number, p: number, low: number | null, high: number | null): number | null {
  if (!n || low === null || high === null) return null;
  const rank = p * (n - 1);
  return low + (high - low) * (rank - Math.floor(rank));
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/**
 * The whole calendar months inside [from, to] as [first month's first day, day after the last month):
 * their histograms are read per month. Empty (both the day after `to`) when no month is whole.
 */
export function wholeMonths(from: string, to: string): [string, string] {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const afterTo = Date.UTC(ty, tm - 1, td + 1);
  const first = fd === 1 ? Date.UTC(fy, fm - 1, 1) : Date.UTC(fy, fm, 1);
  const end = new Date(afterTo).getUTCDate() === 1 ? afterTo : Date.UTC(ty, tm - 1, 1);
  return first < end ? [isoDay(first), isoDay(end)] : [isoDay(afterTo), isoDay(afterTo)];
}

/**
 * The whole calendar years inside the whole months [first, end) (as wholeMonths gives them): their
 * histograms are read per year. Empty (both `end`) when no year is whole.
 */
export function wholeYears([first, end]: [string, string]): [string, string] {
  const firstYear = Number(first.slice(0, 4)) + (first.endsWith('-01-01') ? 0 : 1);
  const endYear = Number(end.slice(0, 4));
  return firstYear < endYear ? [`${firstYear}-01-01`, `${endYear}-01-01`] : [end, end];
}

const offset = (minutes: number) =>
  `${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;

/** The one SQL expression for a location's open minutes on a local date (0 when closed); a DST change inside opening hours shortens or lengthens the day. */
const OPEN_MINUTES_SQL = `CASE WHEN l.closed_dates ? d::date::text THEN 0 ELSE coalesce((
    SELECT sum(greatest(0, extract(epoch FROM ((d::date + (h->>'closes')::time) AT TIME ZONE l.time_zone) - ((d::date + (h->>'opens')::time) AT TIME ZONE l.time_zone))::float8 / 60))
    FROM jsonb_array_elements(coalesce(l.weekly_hours -> extract(isodow FROM d)::int::text, '[]'::jsonb)) h), 0) END`;

/**
 * KPIs per location and local day, and rolled up, read from the rollups (kpi-rollups.projector.ts):
 * rows proportional to locations × days, summed and merged in PostgreSQL, so a report neither
 * loads visits nor holds the event loop. Percentiles of more than a day merge wait histograms
 * (exact for whole-minute waits; see WAIT_BUCKET_SQL for the bound); a day's are exact.
 */
@Injectable()
export class KpiReportQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly freshness: ReportFreshness,
    private readonly gate: ReportGate,
  ) {}

  async execute(q: {
    organisationId: string;
    locations: '*' | readonly string[];
    locationId?: string;
    from: string;
    to: string;
    /** The heatmap too, asked for by this request parameter (named in a refusal). */
    heatmap?: 'include' | 'view';
    /** Every location's days, however many (the CSV's rows); else only up to MAX_JSON_LOCATION_DAYS. */
    allDays?: boolean;
  }): Promise<KpiReport> {
    // First, before anything is sized by them.
    const range = reportRange(q.from, q.to);
    return this.gate.run(async () => {
      // One connection per report, its statements one after another: the consumers keep the rest of the pool.
      const runner = this.dataSource.createQueryRunner();
      try {
        // One snapshot for all of the report's statements (figures that add up), and room to sort the
        // merged histograms in memory: with the default 4 MB an organisation's year spilled to disk.
        await runner.startTransaction('REPEATABLE READ');
        await runner.query(`SET LOCAL work_mem = '32MB'`);
        return await this.compute(runner, q, range);
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        await runner.release();
      }
    });
  }

  private async compute(
    runner: QueryRunner,
    q: Parameters<KpiReportQuery['execute']>[0],
    range: ReturnType<typeof reportRange>,
  ): Promise<KpiReport> {
    const calendars = (await runner.query(
      `SELECT location_id, name, time_zone, chair_count FROM directory_location
        WHERE organisation_id = $1 AND time_zone IS NOT NULL AND ($2::uuid[] IS NULL OR location_id = ANY($2)) AND ($3::uuid IS NULL OR location_id = $3) ORDER BY name, location_id`,
      [q.organisationId, q.locations === '*' ? null : [...q.locations], q.locationId ?? null],
    )) as Array<{ location_id: string; name: string | null; time_zone: string; chair_count: number }>;
    if (q.locationId && !calendars.length) throw ProblemException.notFound('Location', q.locationId);
    if (q.heatmap && calendars.length * range.days > MAX_HEATMAP_LOCATION_DAYS)
      throw ProblemException.validation([
        {
          field: q.heatmap,
          reason: `the heatmap may cover at most ${MAX_HEATMAP_LOCATION_DAYS} location-days (this request covers ${calendars.length * range.days}): ask for fewer days or one location`,
        },
      ]);
    const ids = calendars.map((c) => c.location_id);
    const window = [ids, range.from, range.to];
    const locationDays = calendars.length * range.days;
    const withDays = q.allDays === true || locationDays <= MAX_JSON_LOCATION_DAYS;
    const months = wholeMonths(range.from, range.to);
    // In turn on the report's one connection (a pg client runs one statement at a time anyway).
    let turn: Promise<unknown> = Promise.resolve();
    const inTurn = <T>(step: () => Promise<T>): Promise<T> => {
      const next = turn.then(step);
      turn = next.catch(() => undefined);
      return next;
    };
    const [days, groups, percentiles, messages, reactions, hours, freshness] = await Promise.all([
      inTurn(
        () =>
          runner.query(
            withDays
              ? `WITH open AS (
           SELECT l.location_id, d::date AS local_date, ${OPEN_MINUTES_SQL} AS open_minutes
           FROM directory_location l, generate_series($2::date, $3::date, interval '1 day') d WHERE l.location_id = ANY($1)),
         sums AS (
           SELECT location_id, local_date, ${SUM_COUNTERS} FROM kpi_therapy_day
           WHERE location_id = ANY($1) AND local_date BETWEEN $2 AND $3 GROUP BY location_id, local_date)
         SELECT o.location_id, o.local_date::text AS date, o.open_minutes, ${COUNTERS.map((c) => `s.${c}`).join(', ')}, w.waits
         FROM open o LEFT JOIN sums s USING (location_id, local_date) LEFT JOIN kpi_location_day w USING (location_id, local_date)
         ORDER BY o.location_id, o.local_date`
              : // Without the day rows, only each location's open minutes over the range (a row per location):
                // its opening hours unpacked once and joined to the dates by weekday, the same sum as OPEN_MINUTES_SQL.
                `WITH hours AS (
           SELECT l.location_id, l.time_zone, l.closed_dates, w.day::int AS isodow, (h->>'opens')::time AS opens, (h->>'closes')::time AS closes
           FROM directory_location l, jsonb_each(l.weekly_hours) AS w(day, list), jsonb_array_elements(w.list) h WHERE l.location_id = ANY($1))
         SELECT h.location_id, NULL AS date,
           sum(greatest(0, extract(epoch FROM ((d::date + h.closes) AT TIME ZONE h.time_zone) - ((d::date + h.opens) AT TIME ZONE h.time_zone))::float8 / 60)) AS open_minutes
         FROM hours h JOIN generate_series($2::date, $3::date, interval '1 day') d ON extract(isodow FROM d)::int = h.isodow
         WHERE NOT (h.closed_dates ? d::date::text) GROUP BY h.location_id`,
            window,
          ) as Promise<
            Array<
              Partial<Counters> & {
                location_id: string;
                date: string;
                open_minutes: number;
                waits: Array<number | null> | null;
              }
            >
          >,
      ),
      // Location totals, per location and therapy, per therapy, and the organisation, in one pass.
      inTurn(
        () =>
          runner.query(
            `SELECT grouping(location_id, therapy_code) AS g, location_id, therapy_code, ${SUM_COUNTERS},
           ${[0, 1, 2, 3].map((i) => `coalesce(sum(lead_held[${i + 1}]), 0)::int AS lead_held_${i}, coalesce(sum(lead_no_shows[${i + 1}]), 0)::int AS lead_no_shows_${i}`).join(', ')},
           coalesce(sum(reminded_held), 0)::int AS reminded_held, coalesce(sum(reminded_no_shows), 0)::int AS reminded_no_shows,
           coalesce(sum(unreminded_held), 0)::int AS unreminded_held, coalesce(sum(unreminded_no_shows), 0)::int AS unreminded_no_shows
         FROM (
           -- Whole months from the month counters, the days around them from the day ones.
           SELECT location_id, therapy_code, ${THERAPY_COLUMNS} FROM kpi_therapy_month WHERE location_id = ANY($1) AND month >= $4 AND month < $5
           UNION ALL
           SELECT location_id, therapy_code, ${THERAPY_COLUMNS} FROM kpi_therapy_day
           WHERE location_id = ANY($1) AND ((local_date >= $2 AND local_date < $4) OR (local_date >= $5 AND local_date <= $3))) t
         GROUP BY GROUPING SETS ((location_id, therapy_code), (location_id), (therapy_code), ())`,
            [...window, ...months],
          ) as Promise<
            Array<Counters & { g: number; location_id: string | null; therapy_code: string | null } & Record<string, number>>
          >,
      ),
      inTurn(
        () =>
          runner.query(
            // Whole years from the year histograms, the other whole months from the month ones, the days before
            // the first and after the last from the day ones; merged per location and therapy first, then rolled
            // up from that (a few thousand rows, not a year's).
            `WITH parts AS (
           SELECT location_id, therapy_code, wait, bucket, visits FROM kpi_wait_histogram_year
           WHERE location_id = ANY($1) AND year >= $6 AND year < $7
           UNION ALL
           SELECT location_id, therapy_code, wait, bucket, visits FROM kpi_wait_histogram_month
           WHERE location_id = ANY($1) AND ((month >= $4 AND month < $6) OR (month >= $7 AND month < $5))
           UNION ALL
           SELECT location_id, therapy_code, wait, bucket, visits FROM kpi_wait_histogram
           WHERE location_id = ANY($1) AND ((local_date >= $2 AND local_date < $4) OR (local_date >= $5 AND local_date <= $3))),
         -- Byte order for the therapy code: the sorts below compare it some 100,000 times, and the locale's collation
         -- made them most of the query's time (the order among therapies does not matter here).
         base AS (SELECT location_id, therapy_code COLLATE "C" AS therapy_code, wait, bucket, sum(visits) AS n FROM parts GROUP BY 1, 2, 3, 4),
         h AS (
           SELECT 0 AS g, location_id, therapy_code, wait, bucket, n FROM base
           UNION ALL SELECT 1, location_id, NULL, wait, bucket, sum(n) FROM base GROUP BY location_id, wait, bucket
           UNION ALL SELECT 2, NULL, therapy_code, wait, bucket, sum(n) FROM base GROUP BY therapy_code, wait, bucket
           UNION ALL SELECT 3, NULL, NULL, wait, bucket, sum(n) FROM base GROUP BY wait, bucket),
         c AS (
           SELECT *, sum(n) OVER (PARTITION BY g, location_id, therapy_code, wait ORDER BY bucket) AS upto,
             sum(n) OVER (PARTITION BY g, location_id, therapy_code, wait) AS total FROM h)
         SELECT g, location_id, therapy_code, wait, max(total)::int AS n,
           min(bucket) FILTER (WHERE upto > floor(0.5 * (total - 1))) AS low50, min(bucket) FILTER (WHERE upto > ceil(0.5 * (total - 1))) AS high50,
           min(bucket) FILTER (WHERE upto > floor(0.9 * (total - 1))) AS low90, min(bucket) FILTER (WHERE upto > ceil(0.9 * (total - 1))) AS high90
         FROM c GROUP BY g, location_id, therapy_code, wait`,
            [...window, ...months, ...wholeYears(months)],
          ) as Promise<
            Array<{
              g: number;
              location_id: string | null;
              therapy_code: string | null;
              wait: number;
              n: number;
              low50: number | null;
              high50: number | null;
              low90: number | null;
              high90: number | null;
            }>
          >,
      ),
      inTurn(
        () =>
          runner.query(
            `SELECT status, sum(messages)::int AS n FROM kpi_message_day WHERE location_id = ANY($1) AND local_date BETWEEN $2 AND $3 GROUP BY status`,
            window,
          ) as Promise<Array<{ status: string; n: number }>>,
      ),
      inTurn(
        () =>
          runner.query(
            `SELECT therapy_code, grade, sum(reactions)::int AS count FROM kpi_reaction_day WHERE location_id = ANY($1) AND local_date BETWEEN $2 AND $3 GROUP BY 1, 2`,
            window,
          ) as Promise<Array<{ therapy_code: string; grade: number; count: number }>>,
      ),
      inTurn(() =>
        q.heatmap
          ? (runner.query(
              // Every hour of every day generated (a day with no visits still has its hours), the stored ones joined by hash.
              `WITH hours AS MATERIALIZED (
               SELECT l.location_id, l.time_zone, d::date AS local_date, t FROM directory_location l
               CROSS JOIN generate_series($2::date, $3::date, interval '1 day') d
               CROSS JOIN LATERAL generate_series(d::date::timestamp AT TIME ZONE l.time_zone, (d::date + 1)::timestamp AT TIME ZONE l.time_zone - interval '1 second', interval '1 hour') t
               WHERE l.location_id = ANY($1)),
             stored AS MATERIALIZED (SELECT * FROM kpi_hour WHERE location_id = ANY($1) AND local_date BETWEEN $2 AND $3)
             SELECT x.location_id, x.local_date::text AS date, to_char(x.t AT TIME ZONE x.time_zone, 'HH24:MI') AS hour,
               to_char(x.t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS starts_at,
               (extract(epoch FROM (x.t AT TIME ZONE x.time_zone) - (x.t AT TIME ZONE 'UTC')) / 60)::int AS offset_minutes,
               coalesce(h.scheduled_chairs_peak, 0) AS scheduled, coalesce(h.chairs_in_use_peak, 0) AS in_use,
               coalesce(h.patients_per_nurse_peak, 0) AS per_nurse, coalesce(h.infusion_starts, 0) AS starts
             FROM hours x LEFT JOIN stored h ON h.location_id = x.location_id AND h.local_date = x.local_date AND h.starts_at = x.t
             ORDER BY x.location_id, x.t`,
              window,
            ) as Promise<
              Array<{
                location_id: string;
                date: string;
                hour: string;
                starts_at: string;
                offset_minutes: number;
                scheduled: number;
                in_use: number;
                per_nurse: number;
                starts: number;
              }>
            >)
          : Promise.resolve([]),
      ),
      inTurn(() => this.freshness.read(q.organisationId)),
    ]);

    const waitsOf = (g: number, locationId: string | null, therapyCode: string | null): Waits => {
      const found = percentileOf.get(`${g}|${locationId}|${therapyCode}`);
      return {
        checkInToChair: found?.[0] ?? NO_WAIT,
        chairToDrugReady: found?.[1] ?? NO_WAIT,
        drugReadyToStart: found?.[2] ?? NO_WAIT,
      };
    };
    const percentileOf = new Map<string, Percentiles[]>();
    for (const p of percentiles) {
      const key = `${p.g}|${p.location_id}|${p.therapy_code}`;
      const list = percentileOf.get(key) ?? [];
      list[p.wait] = { n: p.n, p50: fromHistogram(p.n, 0.5, p.low50, p.high50), p90: fromHistogram(p.n, 0.9, p.low90, p.high90) };
      percentileOf.set(key, list);
    }
    // grouping(location_id, therapy_code): 0 both, 1 location only, 2 therapy only, 3 neither.
    const counters = new Map(groups.map((r) => [`${r.g}|${r.location_id}|${r.therapy_code}`, r]));
    const totalOf = (g: number, locationId: string | null, therapyCode: string | null): Counters =>
      counters.get(`${g}|${locationId}|${therapyCode}`) ?? ZERO;
    const therapyCodes = (locationId: string | null) =>
      groups
        .filter(
          (r) => (locationId === null ? r.g === 2 : r.g === 0 && r.location_id === locationId) && r.therapy_code && r.visits > 0,
        )
        .map((r) => r.therapy_code!)
        .sort();

    const daysAt = new Map<string, typeof days>();
    for (const d of days) {
      const list = daysAt.get(d.location_id) ?? [];
      list.push(d);
      daysAt.set(d.location_id, list);
    }
    const hoursAt = new Map<string, Map<string, HourLoad[]>>();
    for (const h of hours) {
      const byDate = hoursAt.get(h.location_id) ?? new Map<string, HourLoad[]>();
      hoursAt.set(h.location_id, byDate);
      const list = byDate.get(h.date) ?? [];
      byDate.set(h.date, list);
      list.push({
        hour: h.hour,
        startsAt: h.starts_at,
        utcOffset: offset(h.offset_minutes),
        scheduledChairsPeak: h.scheduled,
        chairsInUsePeak: h.in_use,
        patientsPerNursePeak: h.per_nurse,
        infusionStarts: h.starts,
      });
    }
    const dayWaits = (w: Array<number | null> | null): Waits =>
      Object.fromEntries(
        WAIT_NAMES.map((name, i) => [
          name,
          w && w[3 * i] ? { n: w[3 * i]!, p50: w[3 * i + 1] ?? null, p90: w[3 * i + 2] ?? null } : NO_WAIT,
        ]),
      ) as unknown as Waits;

    const locations = calendars.map((c) => {
      const mine = daysAt.get(c.location_id) ?? [];
      const chairDays = c.chair_count * range.days;
      const open = mine.reduce((s, d) => s + d.open_minutes * c.chair_count, 0);
      return {
        locationId: c.location_id,
        name: c.name,
        timeZone: c.time_zone,
        ...(withDays
          ? {
              days: mine.map((d): DayKpis => ({
                locationId: c.location_id,
                date: d.date,
                ...kpis(
                  d.visits === null || d.visits === undefined ? ZERO : (d as Counters),
                  dayWaits(d.waits),
                  d.open_minutes * c.chair_count,
                  c.chair_count,
                ),
              })),
            }
          : {}),
        total: kpis(totalOf(1, c.location_id, null), waitsOf(1, c.location_id, null), open, chairDays),
        therapies: therapyCodes(c.location_id).map((therapyCode) => ({
          therapyCode,
          ...kpis(totalOf(0, c.location_id, therapyCode), waitsOf(0, c.location_id, therapyCode), open, chairDays),
        })),
        ...(q.heatmap
          ? {
              heatmap: [...(hoursAt.get(c.location_id) ?? new Map<string, HourLoad[]>())].map(([date, list]) => ({
                date,
                hours: list,
              })),
            }
          : {}),
      };
    });
    const orgOpen = locations.reduce((s, l) => s + l.total.openChairMinutes, 0);
    const orgChairDays = calendars.reduce((s, c) => s + c.chair_count, 0) * range.days;
    const org = totalOf(3, null, null) as Counters & Record<string, number>;
    const count = (status: string) => messages.find((m) => m.status === status)?.n ?? 0;
    const sent = { sent: count('sent'), delivered: count('delivered'), failed: count('failed'), suppressed: count('suppressed') };
    const attempted = sent.sent + sent.delivered + sent.failed;
    return {
      from: range.from,
      to: range.to,
      ...freshness,
      locations,
      ...(withDays
        ? {}
        : {
            daysOmitted: `a JSON report carries each location's days up to ${MAX_JSON_LOCATION_DAYS} location-days (this one covers ${locationDays}): ask for format=csv, fewer locations or fewer days`,
          }),
      organisation: {
        ...kpis(org, waitsOf(3, null, null), orgOpen, orgChairDays),
        therapies: therapyCodes(null).map((therapyCode) => ({
          therapyCode,
          ...kpis(totalOf(2, null, therapyCode), waitsOf(2, null, therapyCode), orgOpen, orgChairDays),
        })),
      },
      noShowsByLeadTime: LEAD_TIME_BUCKETS.map((b, i) => {
        const held = org[`lead_held_${i}`] ?? 0;
        const noShows = org[`lead_no_shows_${i}`] ?? 0;
        return { bucket: b.label, visits: held, noShows, rate: ratio(noShows, held) };
      }),
      reminderEffect: {
        withReminder: { visits: org.reminded_held ?? 0, noShowRate: ratio(org.reminded_no_shows ?? 0, org.reminded_held ?? 0) },
        withoutReminder: {
          visits: org.unreminded_held ?? 0,
          noShowRate: ratio(org.unreminded_no_shows ?? 0, org.unreminded_held ?? 0),
        },
      },
      reactions: reactions
        .map((r) => ({ therapyCode: r.therapy_code, grade: r.grade, count: r.count }))
        .sort((a, b) => a.therapyCode.localeCompare(b.therapyCode) || a.grade - b.grade),
      notifications: { ...sent, deliveryRate: attempted ? (sent.sent + sent.delivered) / attempted : null },
    };
  }
}

const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v);
const csv = (header: string[], rows: unknown[][]) =>
  [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';

const KPI_COLUMNS = [
  'open_chair_minutes',
  'scheduled_utilization',
  'actual_utilization',
  'visits',
  'infusions',
  'infusions_per_chair',
  'no_shows',
  'no_show_rate',
  'late_cancellations',
  'late_cancellation_rate',
  'on_time_start_rate',
  'wait_checkin_to_chair_p50',
  'wait_checkin_to_chair_p90',
  'wait_chair_to_drug_p50',
  'wait_chair_to_drug_p90',
  'wait_drug_to_start_p50',
  'wait_drug_to_start_p90',
  'planned_minutes_mean',
  'actual_infusing_minutes_mean',
  'confirmation_rate',
];
const kpiCells = (k: Kpis) => [
  k.openChairMinutes,
  k.scheduledUtilization,
  k.actualUtilization,
  k.visits,
  k.infusions,
  k.infusionsPerChair,
  k.noShows,
  k.noShowRate,
  k.lateCancellations,
  k.lateCancellationRate,
  k.onTimeStartRate,
  k.waits.checkInToChair.p50,
  k.waits.checkInToChair.p90,
  k.waits.chairToDrugReady.p50,
  k.waits.chairToDrugReady.p90,
  k.waits.drugReadyToStart.p50,
  k.waits.drugReadyToStart.p90,
  k.plannedMinutesMean,
  k.actualInfusingMinutesMean,
  k.confirmationRate,
];

export type CsvView = 'days' | 'hours' | 'therapies';

/** For spreadsheets: one row per location and day (days), per location, day and hour (hours), or per location and therapy (therapies). */
export function kpiCsv(report: KpiReport, view: CsvView = 'days'): string {
  const where = (l: KpiReport['locations'][number]) => [l.locationId, l.name, l.timeZone];
  if (view === 'hours') {
    return csv(
      [
        'location_id',
        'location',
        'time_zone',
        'date',
        'hour',
        'utc_offset',
        'starts_at',
        'scheduled_chairs_peak',
        'chairs_in_use_peak',
        'patients_per_nurse_peak',
        'infusion_starts',
      ],
      report.locations.flatMap((l) =>
        (l.heatmap ?? []).flatMap((d) =>
          d.hours.map((h) => [
            ...where(l),
            d.date,
            h.hour,
            h.utcOffset,
            h.startsAt,
            h.scheduledChairsPeak,
            h.chairsInUsePeak,
            h.patientsPerNursePeak,
            h.infusionStarts,
          ]),
        ),
      ),
    );
  }
  if (view === 'therapies')
    return csv(
      ['location_id', 'location', 'time_zone', 'therapy_code', ...KPI_COLUMNS],
      report.locations.flatMap((l) => l.therapies.map((t) => [...where(l), t.therapyCode, ...kpiCells(t)])),
    );
  return csv(
    ['location_id', 'location', 'time_zone', 'date', ...KPI_COLUMNS],
    report.locations.flatMap((l) => (l.days ?? []).map((d) => [...where(l), d.date, ...kpiCells(d)])),
  );
}
