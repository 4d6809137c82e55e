import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ProblemException, problemType } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { ReportingConfig } from '../config/reporting.config.js';
import { type Freshness, ReportFreshness, type ReportStatements } from './report-freshness.js';
import { type DayKpis, type HourLoad, type Kpis, LEAD_TIME_BUCKETS, type Percentiles } from './compute-kpis.js';
import { type ReportRange, reportRange } from './report-range.js';
import { ReportGate } from './report-gate.js';
import { ReportPool } from './report-pool.js';
import { EventsFirst } from './events-first.js';
import { type HistogramPart, histogramParts } from './histogram-parts.js';
import { type HistogramRow, percentilesByGroup } from './histogram-percentiles.js';

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

/**
 * The most locations one report covers: ten times the enterprise of 100 centers the reports are
 * sized for. Every format's work grows with locations (their totals, therapies and percentiles; the
 * CSV of days streams locations × days rows, at most 366,000, a chunk at a time), so a larger
 * organisation asks per location (locationId) or per group of locations it is granted.
 */
export const MAX_REPORT_LOCATIONS = 1_000;

/** Refuses a report over more than MAX_REPORT_LOCATIONS locations, naming locationId (the way to ask for fewer). */
export function locationsBound(locations: number): void {
  if (locations > MAX_REPORT_LOCATIONS)
    throw ProblemException.validation([
      {
        field: 'locationId',
        reason: `a report may cover at most ${MAX_REPORT_LOCATIONS} locations (this request covers ${locations}): ask for one location (locationId) or with a grant of fewer locations`,
      },
    ]);
}

/** Heatmap hours grow with locations × days × 24: a month of 100 centers, or a year of 8, per request. */
export const MAX_HEATMAP_LOCATION_DAYS = 3_200;

/** Refuses a heatmap over MAX_HEATMAP_LOCATION_DAYS, naming the request parameter that asked for it. */
export function heatmapBound(field: 'include' | 'view', locations: number, days: number): void {
  if (locations * days > MAX_HEATMAP_LOCATION_DAYS)
    throw ProblemException.validation([
      {
        field,
        reason: `the heatmap may cover at most ${MAX_HEATMAP_LOCATION_DAYS} location-days (this request covers ${locations * days}: ${locations} location${locations === 1 ? '' : 's'} × ${days} days): ask for fewer days or one location (locationId)`,
      },
    ]);
}

/**
 * Per-location day rows a JSON report carries: ten locations for a year, or a hundred for a month.
 * An organisation's year is 36,600 day objects, 23.6 MB of JSON that took seconds of the event loop
 * (and most of the process's memory) to build and send; its totals and therapies are what a JSON
 * reader needs, and the CSV (format=csv) still has every location-day.
 */
export const MAX_JSON_LOCATION_DAYS = 3_660;

/** PostgreSQL's query_canceled, what statement_timeout (KPI_REPORT_STATEMENT_TIMEOUT_MS) raises. */
const QUERY_CANCELED = '57014';

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

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/**
 * The whole calendar months inside [from, to] as [first month's first day, day after the last month):
 * their counters are read per month (kpi_therapy_month), the days around them per day. Empty (both the day after `to`) when no month is whole.
 */
export function wholeMonths(from: string, to: string): [string, string] {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const afterTo = Date.UTC(ty, tm - 1, td + 1);
  const first = fd === 1 ? Date.UTC(fy, fm - 1, 1) : Date.UTC(fy, fm, 1);
  const end = new Date(afterTo).getUTCDate() === 1 ? afterTo : Date.UTC(ty, tm - 1, 1);
  return first < end ? [isoDay(first), isoDay(end)] : [isoDay(afterTo), isoDay(afterTo)];
}

/** The one SQL expression for a location's open minutes on a local date (0 when closed); a DST change inside opening hours shortens or lengthens the day. */
const OPEN_MINUTES_SQL = `CASE WHEN l.closed_dates ? d::date::text THEN 0 ELSE coalesce((
    SELECT sum(greatest(0, extract(epoch FROM ((d::date + (h->>'closes')::time) AT TIME ZONE l.time_zone) - ((d::date + (h->>'opens')::time) AT TIME ZONE l.time_zone))::float8 / 60))
    FROM jsonb_array_elements(coalesce(l.weekly_hours -> extract(isodow FROM d)::int::text, '[]'::jsonb)) h), 0) END`;

/** A location's part of a report. */
export type LocationReport = KpiReport['locations'][number];
/** A report without its locations: known before they are read, a few at a time. */
export type KpiSummary = Omit<KpiReport, 'locations'>;

/**
 * Where a report goes as it is read: its summary first, then its locations in order, a chunk at a
 * time, so an organisation's heatmap or CSV is never whole in the process (14.7 MB of JSON and the
 * objects behind it took the process past 500 MB RSS).
 */
export interface ReportSink {
  begin(summary: KpiSummary): Promise<void>;
  locations(chunk: LocationPart[]): Promise<void>;
}

/**
 * A location's part as a sink receives it: with a heatmap asked for, `heatmap` is left out and
 * `heatmapText` carries it already written: the JSON array of its days (include=heatmap) or its CSV
 * lines (view=hours), built by PostgreSQL. Likewise, for the CSV of days (daysCsv), `days` is left out and
 * `daysText` carries the location's CSV lines.
 */
export type LocationPart = Omit<LocationReport, 'heatmap'> & { heatmapText?: string; daysText?: string };

/** What one chunk of locations reads at most: location-days with their day rows (about 0.6 KB of JSON each). */
const DAY_ROWS_PER_CHUNK = 1_000;
/** Location-days as CSV lines written by PostgreSQL (about 0.2 KB each, one string per location): ten locations' year. */
const DAY_LINES_PER_CHUNK = 3_660;
/** Location-days with their 24 heatmap hours (about 5 KB of JSON each, one string per location). */
const HEATMAP_DAYS_PER_CHUNK = 310;

export interface KpiReportRequest {
  organisationId: string;
  locations: '*' | readonly string[];
  locationId?: string;
  from: string;
  to: string;
  /** The heatmap too, asked for by this request parameter (named in a refusal). */
  heatmap?: 'include' | 'view';
  /** Every location's days, however many (the CSV's rows); else only up to MAX_JSON_LOCATION_DAYS. */
  allDays?: boolean;
  /** The days as CSV lines written by PostgreSQL (`daysText`), not as objects (format=csv, view=days). */
  daysCsv?: boolean;
}

type DayRow = Partial<Counters> & { location_id: string; date: string; open_minutes: number; waits: Array<number | null> | null };
type GroupRow = Counters & { g: number; location_id: string | null; therapy_code: string | null } & Record<string, number>;

/** Each location's days with their counters, open minutes and exact day percentiles (and its chairs, for DAYS_CSV_SQL). */
const DAY_ROWS_SQL = `WITH open AS (
    SELECT l.location_id, l.chair_count, d::date AS local_date, ${OPEN_MINUTES_SQL} AS open_minutes
    FROM directory_location l, generate_series($2::date, $3::date, interval '1 day') d WHERE l.location_id = ANY($1)),
  sums AS (
    SELECT location_id, local_date, ${SUM_COUNTERS} FROM kpi_therapy_day
    WHERE location_id = ANY($1) AND local_date BETWEEN $2 AND $3 GROUP BY location_id, local_date)
  SELECT o.location_id, o.chair_count, o.local_date::text AS date, o.open_minutes, ${COUNTERS.map((c) => `s.${c}`).join(', ')}, w.waits
  FROM open o LEFT JOIN sums s USING (location_id, local_date)
  -- The range's day rows only, through the (location, day) key: joined to the whole table, the planner
  -- (generate_series estimated at 1,000 rows) hashed all 36,700 day rows for a one-location month, 25 of its 37 ms.
  LEFT JOIN (SELECT location_id, local_date, waits FROM kpi_location_day WHERE location_id = ANY($1) AND local_date BETWEEN $2 AND $3) w
    USING (location_id, local_date)`;
const DAYS_SQL = `${DAY_ROWS_SQL} ORDER BY o.location_id, o.local_date`;

/**
 * A float8 SQL expression written as JavaScript's String(number) writes it (NULL stays NULL): PostgreSQL's
 * shortest round-trip digits (extra_float_digits ≥ 1) are JavaScript's, and so is its fixed notation from
 * 1e-4 up to 1e15; outside that PostgreSQL writes an exponent where JavaScript writes fixed notation up
 * to 1e-7 and 1e21 (and `e-07` for `e-7`), rewritten here. -0 is written 0, as String does. Checked against
 * String for 5,000 values from 1e-25 to 1e25: identical below 1e16; above, PostgreSQL's last digits can
 * differ (no figure of a day comes near: the largest, open chair minutes, is under 50,000).
 */
export const jsNumberSql = (x: string) => `(CASE WHEN (${x}) IS NULL THEN NULL WHEN (${x}) = 0 THEN '0'
    WHEN abs(${x}) >= 1e-4 AND abs(${x}) < 1e15 THEN (${x})::text
    ELSE (SELECT CASE
      WHEN m[4] = '-' AND m[5]::int <= 6 THEN m[1] || '0.' || repeat('0', m[5]::int - 1) || m[2] || coalesce(m[3], '')
      WHEN m[4] = '-' THEN m[1] || m[2] || coalesce('.' || m[3], '') || 'e-' || m[5]::int
      WHEN m[5]::int >= 21 THEN m[1] || m[2] || coalesce('.' || m[3], '') || 'e+' || m[5]::int
      WHEN length(coalesce(m[3], '')) > m[5]::int THEN m[1] || m[2] || left(m[3], m[5]::int) || '.' || substr(m[3], m[5]::int + 1)
      ELSE m[1] || m[2] || coalesce(m[3], '') || repeat('0', m[5]::int - length(coalesce(m[3], ''))) END
      FROM regexp_match((${x})::text, '^(-?)([0-9])(?:\\.([0-9]+))?e([-+])([0-9]+)$') m) END)`;

/** b > 0 ? a / b : NULL, as ratio() does, in float8. */
const ratioSql = (a: string, b: string) => `CASE WHEN (${b})::float8 > 0 THEN (${a})::float8 / (${b})::float8 END`;
/** A day's counter as kpis() reads it: the day's sum, or 0 for a day without visits. */
const dayCounter = (c: keyof Counters) => `coalesce(${c}, 0)::float8`;
/** A day's percentile as dayWaits() reads it: none when the day's count of that wait is 0 or missing. */
const dayWait = (i: number, at: 1 | 2) => `CASE WHEN coalesce(waits[${3 * i + 1}], 0) <> 0 THEN waits[${3 * i + 1 + at}] END`;
/** The day columns of the CSV (KPI_COLUMNS) from a DAY_ROWS_SQL row, in kpiCells' order, as kpis() computes them. */
const DAY_CSV_CELLS = (() => {
  const open = `(open_minutes * chair_count)::float8`;
  return [
    open,
    ratioSql(dayCounter('planned_minutes'), open),
    ratioSql(dayCounter('used_minutes'), open),
    dayCounter('visits'),
    dayCounter('infusions'),
    ratioSql(dayCounter('infusions'), 'chair_count'),
    dayCounter('no_shows'),
    ratioSql(dayCounter('no_shows'), dayCounter('held')),
    dayCounter('late_cancellations'),
    ratioSql(dayCounter('late_cancellations'), dayCounter('visits')),
    ratioSql(dayCounter('on_time_starts'), dayCounter('infusions')),
    dayWait(0, 1),
    dayWait(0, 2),
    dayWait(1, 1),
    dayWait(1, 2),
    dayWait(2, 1),
    dayWait(2, 2),
    `CASE WHEN ${dayCounter('planned_duration_n')} <> 0 THEN ${dayCounter('planned_duration_sum')} / ${dayCounter('planned_duration_n')} END`,
    `CASE WHEN ${dayCounter('infusing_minutes_n')} <> 0 THEN ${dayCounter('infusing_minutes_sum')} / ${dayCounter('infusing_minutes_n')} END`,
    ratioSql(dayCounter('confirmed_held'), dayCounter('held')),
  ]
    .map((cell) => `coalesce(${jsNumberSql(cell)}, '')`)
    .join(` || ',' || `);
})();

/**
 * Each location's days as the CSV's lines (view=days), one string per location, byte for byte what
 * csvLines wrote of the day objects; each line led by the location's own cells ($4, aligned with $1).
 */
const DAYS_CSV_SQL = `WITH days AS (${DAY_ROWS_SQL})
  SELECT d.location_id, string_agg(p.prefix || ',' || d.date || ',' || ${DAY_CSV_CELLS} || E'\r\n', '' ORDER BY d.date) AS text
  FROM days d JOIN unnest($1::uuid[], $4::text[]) p(location_id, prefix) USING (location_id) GROUP BY d.location_id`;

/**
 * Each location's open minutes over the range (a row per location): its opening hours unpacked once
 * and joined to the dates by weekday, the same sum as OPEN_MINUTES_SQL.
 */
const OPEN_SQL = `WITH hours AS (
    SELECT l.location_id, l.time_zone, l.closed_dates, w.day::int AS isodow, (h->>'opens')::time AS opens, (h->>'closes')::time AS closes
    FROM directory_location l, jsonb_each(l.weekly_hours) AS w(day, list), jsonb_array_elements(w.list) h WHERE l.location_id = ANY($1))
  SELECT h.location_id,
    sum(greatest(0, extract(epoch FROM ((d::date + h.closes) AT TIME ZONE h.time_zone) - ((d::date + h.opens) AT TIME ZONE h.time_zone))::float8 / 60)) AS open_minutes
  FROM hours h JOIN generate_series($2::date, $3::date, interval '1 day') d ON extract(isodow FROM d)::int = h.isodow
  WHERE NOT (h.closed_dates ? d::date::text) GROUP BY h.location_id`;

/** Location totals, per location and therapy, per therapy, and the organisation, in one pass. */
const GROUPS_SQL = `SELECT grouping(location_id, therapy_code) AS g, location_id, therapy_code, ${SUM_COUNTERS},
    ${[0, 1, 2, 3].map((i) => `coalesce(sum(lead_held[${i + 1}]), 0)::int AS lead_held_${i}, coalesce(sum(lead_no_shows[${i + 1}]), 0)::int AS lead_no_shows_${i}`).join(', ')},
    coalesce(sum(reminded_held), 0)::int AS reminded_held, coalesce(sum(reminded_no_shows), 0)::int AS reminded_no_shows,
    coalesce(sum(unreminded_held), 0)::int AS unreminded_held, coalesce(sum(unreminded_no_shows), 0)::int AS unreminded_no_shows
  FROM (
    -- Whole months from the month counters, the days around them from the day ones.
    SELECT location_id, therapy_code, ${THERAPY_COLUMNS} FROM kpi_therapy_month WHERE location_id = ANY($1) AND month >= $4 AND month < $5
    UNION ALL
    SELECT location_id, therapy_code, ${THERAPY_COLUMNS} FROM kpi_therapy_day
    WHERE location_id = ANY($1) AND ((local_date >= $2 AND local_date < $4) OR (local_date >= $5 AND local_date <= $3))) t
  GROUP BY GROUPING SETS ((location_id, therapy_code), (location_id), (therapy_code), ())`;

/**
 * A location's stored histogram of one part, read through the (location, period) primary key. OFFSET 0
 * keeps it a probe per location and part: flattened, the planner hash-joined a rolling year's eighteen
 * days to a sequential scan of all 2.7 million day-histogram rows (370 ms of a 1 s statement).
 */
const histogramOf = (table: string, period: string) =>
  `CROSS JOIN LATERAL (SELECT location_id, therapy_code, wait, bucket, visits FROM ${table} h WHERE h.location_id = l.location_id AND h.${period} = p.${period} OFFSET 0) h`;

/**
 * The wait histograms of the range as stored parts, added or taken away (histogramParts: a rolling year
 * is a calendar year less the days outside plus the days beyond), merged per location, therapy and wait:
 * a row each with its buckets and counts (a few thousand rows, not a year's), rolled up and read as
 * percentiles by percentilesByGroup. Parts: $2/$3 years, $4/$5 months, $6/$7 days, each a date and its sign.
 */
const PERCENTILES_SQL = `WITH parts AS (
    SELECT h.location_id, h.therapy_code, h.wait, h.bucket, h.visits * p.sign AS visits
    FROM unnest($1::uuid[]) l(location_id) CROSS JOIN unnest($2::date[], $3::int[]) p(year, sign)
    ${histogramOf('kpi_wait_histogram_year', 'year')}
    UNION ALL
    SELECT h.location_id, h.therapy_code, h.wait, h.bucket, h.visits * p.sign
    FROM unnest($1::uuid[]) l(location_id) CROSS JOIN unnest($4::date[], $5::int[]) p(month, sign)
    ${histogramOf('kpi_wait_histogram_month', 'month')}
    UNION ALL
    SELECT h.location_id, h.therapy_code, h.wait, h.bucket, h.visits * p.sign
    FROM unnest($1::uuid[]) l(location_id) CROSS JOIN unnest($6::date[], $7::int[]) p(local_date, sign)
    ${histogramOf('kpi_wait_histogram', 'local_date')}),
  -- Byte order for the therapy code: the sorts below compare it some 100,000 times, and the locale's collation
  -- made them most of the query's time (the order among therapies does not matter here).
  base AS (
    SELECT location_id, therapy_code COLLATE "C" AS therapy_code, wait, bucket, sum(visits) AS n FROM parts GROUP BY 1, 2, 3, 4
    HAVING sum(visits) <> 0)
  SELECT location_id, therapy_code, wait, array_agg(bucket ORDER BY bucket) AS buckets, array_agg(n::int ORDER BY bucket) AS counts
  FROM base GROUP BY location_id, therapy_code, wait`;

/**
 * Every hour of every day generated (a day with no visits still has its hours), the stored ones joined
 * by hash, each with its cells as text: the heatmap is written out by PostgreSQL (HEATMAP_JSON_SQL,
 * HEATMAP_CSV_SQL), one string per location, not an object per hour in the process (an organisation's
 * month is 74,400 hours; as objects they were most of the service's peak memory).
 */
const HOUR_CELLS = `hours AS MATERIALIZED (
    SELECT l.location_id, l.time_zone, d::date AS local_date, t FROM directory_location l
    CROSS JOIN generate_series($2::date, $3::date, interval '1 day') d
    CROSS JOIN LATERAL generate_series(d::date::timestamp AT TIME ZONE l.time_zone, (d::date + 1)::timestamp AT TIME ZONE l.time_zone - interval '1 second', interval '1 hour') t
    WHERE l.location_id = ANY($1)),
  stored AS MATERIALIZED (SELECT * FROM kpi_hour WHERE location_id = ANY($1) AND local_date BETWEEN $2 AND $3),
  cells AS (
    SELECT x.location_id, x.local_date, x.t, to_char(x.t AT TIME ZONE x.time_zone, 'HH24:MI') AS hour,
      to_char(x.t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS starts_at,
      (extract(epoch FROM (x.t AT TIME ZONE x.time_zone) - (x.t AT TIME ZONE 'UTC')) / 60)::int AS m,
      coalesce(h.scheduled_chairs_peak, 0) AS scheduled, coalesce(h.chairs_in_use_peak, 0) AS in_use,
      coalesce(h.patients_per_nurse_peak, 0) AS per_nurse, coalesce(h.infusion_starts, 0) AS starts
    FROM hours x LEFT JOIN stored h ON h.location_id = x.location_id AND h.local_date = x.local_date AND h.starts_at = x.t),
  hour_cells AS (
    -- The UTC offset as +HH:MM / -HH:MM (what offset() writes).
    SELECT *, CASE WHEN m < 0 THEN '-' ELSE '+' END || lpad((abs(m) / 60)::text, 2, '0') || ':' || lpad((abs(m) % 60)::text, 2, '0') AS utc_offset
    FROM cells)`;

/**
 * Each location's heatmap as the JSON array of its days and their hours, byte for byte what
 * JSON.stringify wrote of the objects (keys in HourLoad's order; the values are digits, dates and times, nothing to escape).
 */
const HEATMAP_JSON_SQL = `WITH ${HOUR_CELLS},
  days AS (
    SELECT location_id, local_date, '{"date":"' || local_date::text || '","hours":[' || string_agg(
      '{"hour":"' || hour || '","startsAt":"' || starts_at || '","utcOffset":"' || utc_offset || '","scheduledChairsPeak":' || scheduled
      || ',"chairsInUsePeak":' || in_use || ',"patientsPerNursePeak":' || per_nurse || ',"infusionStarts":' || starts || '}', ',' ORDER BY t) || ']}' AS day
    FROM hour_cells GROUP BY location_id, local_date)
  SELECT location_id, '[' || string_agg(day, ',' ORDER BY local_date) || ']' AS text FROM days GROUP BY location_id`;

/** Each location's heatmap as CSV lines (view=hours), each led by the location's own cells ($4, aligned with $1). */
const HEATMAP_CSV_SQL = `WITH ${HOUR_CELLS}
  SELECT c.location_id, string_agg(p.prefix || ',' || c.local_date::text || ',' || hour || ',' || utc_offset || ',' || starts_at || ',' || scheduled
      || ',' || in_use || ',' || per_nurse || ',' || starts || E'\r\n', '' ORDER BY c.t) AS text
  FROM hour_cells c JOIN unnest($1::uuid[], $4::text[]) p(location_id, prefix) USING (location_id) GROUP BY c.location_id`;

const dayWaits = (w: Array<number | null> | null): Waits =>
  Object.fromEntries(
    WAIT_NAMES.map((name, i) => [
      name,
      w && w[3 * i] ? { n: w[3 * i]!, p50: w[3 * i + 1] ?? null, p90: w[3 * i + 2] ?? null } : NO_WAIT,
    ]),
  ) as unknown as Waits;

/**
 * KPIs per location and local day, and rolled up, read from the rollups (kpi-rollups.projector.ts):
 * rows proportional to locations × days, summed and merged in PostgreSQL, so a report neither
 * loads visits nor holds the event loop. Percentiles of more than a day merge wait histograms
 * (less than a bucket low: see WAIT_BUCKET_SQL for the bound); a day's are exact.
 */
@Injectable()
export class KpiReportQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly freshness: ReportFreshness,
    private readonly gate: ReportGate,
    private readonly pool: ReportPool,
    private readonly eventsFirst: EventsFirst,
    @Inject(SERVICE_CONFIG)
    private readonly config: Pick<
      ReportingConfig,
      'KPI_REPORT_STATEMENT_TIMEOUT_MS' | 'KPI_REPORT_PARALLEL_WORKERS' | 'KPI_REPORT_GIVE_WAY_MS'
    >,
  ) {}

  /** The whole report in one object: for the small ones (tests, the console's one-location views). */
  async execute(q: KpiReportRequest): Promise<KpiReport> {
    let summary: KpiSummary | undefined;
    const locations: LocationReport[] = [];
    await this.write(q, {
      begin: async (s) => {
        summary = s;
      },
      locations: async (chunk) => {
        // Whole objects for the small reports: the heatmap's JSON parsed back (the CSV view is for the streamed answer only).
        for (const { heatmapText, ...l } of chunk)
          locations.push(q.heatmap === 'include' && heatmapText !== undefined ? { ...l, heatmap: JSON.parse(heatmapText) } : l);
      },
    });
    const { from, to, freshAsOf, consumerLag, ...rest } = summary!;
    return { from, to, freshAsOf, consumerLag, locations, ...rest };
  }

  /** The report into `sink` as it is read (see ReportSink), in one snapshot. */
  async write(q: KpiReportRequest, sink: ReportSink): Promise<void> {
    // First, before anything is sized by them: the range, then the locations and the heatmap's
    // location-days, before the report waits its turn at the gate, takes a connection or reads the directory.
    const range = reportRange(q.from, q.to);
    const locations = await this.locationsAtMost(q);
    locationsBound(locations);
    if (q.heatmap) heatmapBound(q.heatmap, locations, range.days);
    await this.gate.run(async () => {
      // One connection per report, from the reports' own pool, its statements one after another: the
      // consumers and the refresher keep the service's pool.
      const runner = this.pool.queryRunner();
      let open = false;
      try {
        // One round trip for the transaction and its settings (were seven, a millisecond or more each on
        // a busy machine, in every report; a one-location month is a few dozen milliseconds in all):
        // - one snapshot for all of the report's statements (figures that add up);
        // - room to sort the merged histograms in memory (with the default 4 MB an organisation's year spilled to disk);
        // - no JIT: generate_series is estimated at 1,000 rows, so a chunk's few thousand hours looked like
        //   millions and each statement spent ~0.7 s compiling (22 s for an organisation's heatmap month);
        // - floats as their shortest round-trip digits, what DAYS_CSV_SQL's lines need to be JavaScript's;
        // - no statement of a report holds a connection and a core for long: the refresher and the consumers
        //   need both (the slowest, a rolling year's histogram merge, takes under 2 s at 100 centers);
        // - one core per report (KPI_REPORT_PARALLEL_WORKERS): parallel workers would take the cores the events need.
        // Integers from the validated configuration, so written into the statement (a simple query: no parameters).
        open = true;
        await runner.query(
          `START TRANSACTION ISOLATION LEVEL REPEATABLE READ;
           SELECT set_config('work_mem', '32MB', true), set_config('jit', 'off', true), set_config('extra_float_digits', '1', true),
             set_config('statement_timeout', '${Math.floor(this.config.KPI_REPORT_STATEMENT_TIMEOUT_MS)}', true),
             set_config('max_parallel_workers_per_gather', '${Math.floor(this.config.KPI_REPORT_PARALLEL_WORKERS)}', true)`,
        );
        // Each of the report's statements gives way to the event work in flight first (EventsFirst).
        const givingWay: ReportStatements = {
          query: async (sql: string, parameters?: unknown[]) => {
            await this.eventsFirst.giveWay(this.config.KPI_REPORT_GIVE_WAY_MS);
            return runner.query(sql, parameters) as Promise<unknown>;
          },
        };
        await this.compute(givingWay, q, range, sink);
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code === QUERY_CANCELED)
          throw new ProblemException({
            type: problemType('service-unavailable'),
            title: 'Service unavailable',
            status: 503,
            detail: `A statement of this report ran longer than ${this.config.KPI_REPORT_STATEMENT_TIMEOUT_MS / 1000} s and was stopped; ask for fewer locations or days, or retry later.`,
            retryAfterSeconds: 10,
          });
        throw error;
      } finally {
        // Read only: nothing to commit. (The transaction was begun by statement, not by the runner, so ended likewise.)
        if (open) await runner.query('ROLLBACK').catch(() => undefined);
        await runner.release();
      }
    });
  }

  /**
   * The most locations a request can cover, from its parameters and grant where they tell (one
   * location asked for, or a list granted: the granted ones that are registered are at most that
   * many); only an organisation-wide grant needs a count, one indexed row, not the gate's queue.
   */
  private async locationsAtMost(q: KpiReportRequest): Promise<number> {
    if (q.locationId) return 1;
    if (q.locations !== '*') return q.locations.length;
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM directory_location WHERE organisation_id = $1 AND time_zone IS NOT NULL`,
      [q.organisationId],
    )) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  private async compute(runner: ReportStatements, q: KpiReportRequest, range: ReportRange, sink: ReportSink): Promise<void> {
    const calendars = (await runner.query(
      `SELECT location_id, name, time_zone, chair_count FROM directory_location
        WHERE organisation_id = $1 AND time_zone IS NOT NULL AND ($2::uuid[] IS NULL OR location_id = ANY($2)) AND ($3::uuid IS NULL OR location_id = $3) ORDER BY name, location_id`,
      [q.organisationId, q.locations === '*' ? null : [...q.locations], q.locationId ?? null],
    )) as Array<{ location_id: string; name: string | null; time_zone: string; chair_count: number }>;
    if (q.locationId && !calendars.length) throw ProblemException.notFound('Location', q.locationId);
    // Checked before the gate already; again here for locations registered since that count.
    locationsBound(calendars.length);
    if (q.heatmap) heatmapBound(q.heatmap, calendars.length, range.days);
    const ids = calendars.map((c) => c.location_id);
    const window = [ids, range.from, range.to];
    const locationDays = calendars.length * range.days;
    const withDays = q.allDays === true || locationDays <= MAX_JSON_LOCATION_DAYS;
    const months = wholeMonths(range.from, range.to);
    // In turn on the report's one connection (a pg client runs one statement at a time anyway).
    const opens = (await runner.query(OPEN_SQL, window)) as Array<{ location_id: string; open_minutes: number }>;
    const groups = (await runner.query(GROUPS_SQL, [...window, ...months])) as GroupRow[];
    const parts = histogramParts(range.from, range.to);
    const partsOf = (level: HistogramPart['level']) => {
      const mine = parts.filter((p) => p.level === level);
      return [mine.map((p) => p.start), mine.map((p) => p.sign)];
    };
    const percentiles = (await runner.query(PERCENTILES_SQL, [
      ids,
      ...partsOf('year'),
      ...partsOf('month'),
      ...partsOf('day'),
    ])) as HistogramRow[];
    const messages = (await runner.query(
      `SELECT status, sum(messages)::int AS n FROM kpi_message_day WHERE location_id = ANY($1) AND local_date BETWEEN $2 AND $3 GROUP BY status`,
      window,
    )) as Array<{ status: string; n: number }>;
    const reactions = (await runner.query(
      `SELECT therapy_code, grade, sum(reactions)::int AS count FROM kpi_reaction_day WHERE location_id = ANY($1) AND local_date BETWEEN $2 AND $3 GROUP BY 1, 2`,
      window,
    )) as Array<{ therapy_code: string; grade: number; count: number }>;
    // As fresh as the locations this report covers, not the whole organisation's newest fact.
    const freshness = await this.freshness.read(q.organisationId, ids, runner);

    const percentileOf = percentilesByGroup(percentiles);
    const waitsOf = (g: number, locationId: string | null, therapyCode: string | null): Waits => {
      const found = percentileOf.get(`${g}|${locationId}|${therapyCode}`);
      return {
        checkInToChair: found?.[0] ?? NO_WAIT,
        chairToDrugReady: found?.[1] ?? NO_WAIT,
        drugReadyToStart: found?.[2] ?? NO_WAIT,
      };
    };
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
    const openAt = new Map(opens.map((o) => [o.location_id, o.open_minutes]));
    const openChairMinutes = (c: (typeof calendars)[number]) => (openAt.get(c.location_id) ?? 0) * c.chair_count;

    const orgOpen = calendars.reduce((s, c) => s + openChairMinutes(c), 0);
    const orgChairDays = calendars.reduce((s, c) => s + c.chair_count, 0) * range.days;
    const org = totalOf(3, null, null) as Counters & Record<string, number>;
    const count = (status: string) => messages.find((m) => m.status === status)?.n ?? 0;
    const sent = { sent: count('sent'), delivered: count('delivered'), failed: count('failed'), suppressed: count('suppressed') };
    const attempted = sent.sent + sent.delivered + sent.failed;
    await sink.begin({
      from: range.from,
      to: range.to,
      ...freshness,
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
    });

    // The locations a chunk at a time, each chunk's day and hour rows read, sent and let go before the next.
    const daysCsv = withDays && q.daysCsv === true;
    const perChunk = q.heatmap
      ? HEATMAP_DAYS_PER_CHUNK
      : daysCsv
        ? DAY_LINES_PER_CHUNK
        : withDays
          ? DAY_ROWS_PER_CHUNK
          : Infinity;
    const size = Math.max(1, Math.min(calendars.length, Math.floor(perChunk / range.days)));
    for (let i = 0; i < calendars.length; i += size) {
      const chunk = calendars.slice(i, i + size);
      const chunkWindow = [chunk.map((c) => c.location_id), range.from, range.to];
      const days = withDays && !daysCsv ? ((await runner.query(DAYS_SQL, chunkWindow)) as DayRow[]) : [];
      const dayLines = new Map<string, string>();
      if (daysCsv) {
        const rows = (await runner.query(DAYS_CSV_SQL, [
          ...chunkWindow,
          chunk.map((c) => csvPrefix(c.location_id, c.name, c.time_zone)),
        ])) as Array<{ location_id: string; text: string | null }>;
        for (const r of rows) dayLines.set(r.location_id, r.text ?? '');
      }
      const heatmaps = new Map<string, string>();
      if (q.heatmap) {
        const rows = (
          q.heatmap === 'view'
            ? await runner.query(HEATMAP_CSV_SQL, [
                ...chunkWindow,
                chunk.map((c) => csvPrefix(c.location_id, c.name, c.time_zone)),
              ])
            : await runner.query(HEATMAP_JSON_SQL, chunkWindow)
        ) as Array<{ location_id: string; text: string | null }>;
        for (const r of rows) heatmaps.set(r.location_id, r.text ?? '');
      }
      const daysAt = new Map<string, DayRow[]>();
      for (const d of days) {
        const list = daysAt.get(d.location_id) ?? [];
        list.push(d);
        daysAt.set(d.location_id, list);
      }
      await sink.locations(
        chunk.map((c): LocationPart => {
          const chairDays = c.chair_count * range.days;
          const open = openChairMinutes(c);
          return {
            locationId: c.location_id,
            name: c.name,
            timeZone: c.time_zone,
            ...(daysCsv
              ? { daysText: dayLines.get(c.location_id) ?? '' }
              : withDays
                ? {
                    days: (daysAt.get(c.location_id) ?? []).map((d): DayKpis => ({
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
            ...(q.heatmap ? { heatmapText: heatmaps.get(c.location_id) ?? (q.heatmap === 'view' ? '' : '[]') } : {}),
          };
        }),
      );
    }
  }
}

const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v);
const line = (cells: readonly unknown[]) => cells.map(cell).join(',') + '\r\n';
/** A location's own cells, what each of its CSV lines starts with. */
const csvPrefix = (locationId: string, name: string | null, timeZone: string) => [locationId, name, timeZone].map(cell).join(',');

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

const CSV_HEADERS: Record<CsvView, string[]> = {
  days: ['location_id', 'location', 'time_zone', 'date', ...KPI_COLUMNS],
  hours: [
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
  therapies: ['location_id', 'location', 'time_zone', 'therapy_code', ...KPI_COLUMNS],
};

/** The CSV's header line. */
export const csvHeader = (view: CsvView = 'days'): string => line(CSV_HEADERS[view]);

/** The CSV lines of some locations: a row per location and day (days), per location, day and hour (hours), or per location and therapy (therapies). */
export function csvLines(locations: ReadonlyArray<LocationReport | LocationPart>, view: CsvView = 'days'): string {
  const where = (l: LocationReport | LocationPart) => [l.locationId, l.name, l.timeZone];
  // The hours as PostgreSQL wrote them (a streamed report), else from the objects (a whole report).
  if (view === 'hours' && locations.every((l) => 'heatmapText' in l && l.heatmapText !== undefined))
    return locations.map((l) => (l as LocationPart).heatmapText).join('');
  // Likewise the days (daysCsv).
  if (view === 'days' && locations.every((l) => 'daysText' in l && l.daysText !== undefined))
    return locations.map((l) => (l as LocationPart).daysText).join('');
  const rows =
    view === 'hours'
      ? (locations as LocationReport[]).flatMap((l) =>
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
        )
      : view === 'therapies'
        ? locations.flatMap((l) => l.therapies.map((t) => [...where(l), t.therapyCode, ...kpiCells(t)]))
        : locations.flatMap((l) => (l.days ?? []).map((d) => [...where(l), d.date, ...kpiCells(d)]));
  return rows.map(line).join('');
}

/** For spreadsheets: a whole report as CSV (see csvLines for the views). */
export function kpiCsv(report: KpiReport, view: CsvView = 'days'): string {
  return csvHeader(view) + csvLines(report.locations, view);
}
