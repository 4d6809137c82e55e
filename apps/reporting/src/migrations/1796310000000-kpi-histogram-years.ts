import type { MigrationInterface, QueryRunner } from 'typeorm';

const ROLLUPS = [
  'kpi_therapy_day',
  'kpi_therapy_month',
  'kpi_location_day',
  'kpi_wait_histogram',
  'kpi_wait_histogram_month',
  'kpi_wait_histogram_year',
  'kpi_message_day',
  'kpi_reaction_day',
  'kpi_hour',
];

const THERAPY_MONTH_COLUMNS = `"location_id" uuid NOT NULL, "month" date NOT NULL, "therapy_code" text NOT NULL,
      "visits" integer NOT NULL, "held" integer NOT NULL, "infusions" integer NOT NULL, "no_shows" integer NOT NULL,
      "late_cancellations" integer NOT NULL, "on_time_starts" integer NOT NULL, "confirmed_held" integer NOT NULL,
      "planned_minutes" double precision NOT NULL, "used_minutes" double precision NOT NULL,
      "planned_duration_sum" bigint NOT NULL, "planned_duration_n" integer NOT NULL,
      "infusing_minutes_sum" bigint NOT NULL, "infusing_minutes_n" integer NOT NULL,
      "lead_held" integer array NOT NULL, "lead_no_shows" integer array NOT NULL,
      "reminded_held" integer NOT NULL, "reminded_no_shows" integer NOT NULL, "unreminded_held" integer NOT NULL, "unreminded_no_shows" integer NOT NULL`;
/** As SUM_THERAPY_DAYS in kpi-rollups.projector.ts at the time of this migration. */
const SUM_THERAPY_DAYS = `sum(visits)::int, sum(held)::int, sum(infusions)::int, sum(no_shows)::int, sum(late_cancellations)::int,
  sum(on_time_starts)::int, sum(confirmed_held)::int, sum(planned_minutes), sum(used_minutes), sum(planned_duration_sum)::bigint,
  sum(planned_duration_n)::int, sum(infusing_minutes_sum)::bigint, sum(infusing_minutes_n)::int,
  ARRAY[sum(lead_held[1]), sum(lead_held[2]), sum(lead_held[3]), sum(lead_held[4])]::int[],
  ARRAY[sum(lead_no_shows[1]), sum(lead_no_shows[2]), sum(lead_no_shows[3]), sum(lead_no_shows[4])]::int[],
  sum(reminded_held)::int, sum(reminded_no_shows)::int, sum(unreminded_held)::int, sum(unreminded_no_shows)::int`;

const KEY = ['location_id', 'local_date', 'therapy_code', 'wait', 'bucket'];
const minutesBetween = (from: string, to: string) => `extract(epoch FROM r.${to} - r.${from})::float8 / 60`;
/** As WAIT_BUCKET_SQL in kpi-rollups.projector.ts at the time of this migration. */
const bucket = (m: string) =>
  `CASE WHEN ${m} < 240 THEN floor(greatest(${m}, -240))::int WHEN ${m} < 1440 THEN (240 + 15 * floor((${m} - 240) / 15))::int ELSE 1440 END`;

/** One row per wait of each visit in `rows` with a local start date, counted `sign` (a visit's three waits, those it has). */
const waitsOf = (
  rows: string,
  sign: 1 | -1,
  zone = 'l.time_zone',
  join = 'JOIN directory_location l ON l.location_id = r.location_id',
) =>
  `SELECT r.location_id, (r.starts_at AT TIME ZONE ${zone})::date AS local_date, coalesce(r.therapy_code, '') AS therapy_code,
     w.wait::smallint AS wait, ${bucket('w.minutes')} AS bucket, ${sign} AS visits
   FROM ${rows} r ${join}
   CROSS JOIN LATERAL (VALUES (0, ${minutesBetween('checked_in_at', 'seated_at')}), (1, ${minutesBetween('seated_at', 'drug_ready_at')}),
     (2, ${minutesBetween('drug_ready_at', 'infusion_started_at')})) AS w(wait, minutes)
   WHERE r.starts_at IS NOT NULL AND ${zone} IS NOT NULL AND w.minutes IS NOT NULL`;

/**
 * Adds the CTE `delta` (histogram changes per day) to the day, month and year histograms. A row
 * whose count reaches zero is deleted rather than kept at 0 (a rebuild would not have it). The
 * current counts are read in the statement's snapshot: safe because every writer of a location's
 * facts holds its advisory lock (kpi-rollups.projector.ts lockLocations) until it commits.
 */
const applyDelta = () => {
  const steps = (
    [
      ['kpi_wait_histogram', 'local_date', 'local_date'],
      ['kpi_wait_histogram_month', 'month', `date_trunc('month', local_date)::date`],
      ['kpi_wait_histogram_year', 'year', `date_trunc('year', local_date)::date`],
    ] as const
  ).map(([table, unit, of], i) => {
    const key = KEY.map((k) => (k === 'local_date' ? unit : k));
    const on = (a: string, b: string) => key.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
    return {
      ctes: `d${i} AS (SELECT location_id, ${of} AS ${unit}, therapy_code, wait, bucket, sum(visits)::int AS visits FROM delta GROUP BY 1, 2, 3, 4, 5),
      c${i} AS (SELECT d.*, t.visits AS had FROM d${i} d LEFT JOIN ${table} t ON ${on('t', 'd')}),
      z${i} AS (DELETE FROM ${table} t USING c${i} c WHERE ${on('t', 'c')} AND c.had + c.visits = 0)`,
      upsert: `INSERT INTO ${table} AS t (${key.join(', ')}, visits) SELECT ${key.join(', ')}, visits FROM c${i} WHERE coalesce(had, 0) + visits <> 0
        ON CONFLICT (${key.join(', ')}) DO UPDATE SET visits = t.visits + EXCLUDED.visits`,
    };
  });
  // The last upsert is the statement itself (PL/pgSQL discards no SELECT result), the others CTEs.
  return `${steps.map((s) => s.ctes).join(',\n      ')},
      ${steps
        .slice(0, -1)
        .map((s, i) => `u${i} AS (${s.upsert})`)
        .join(',\n      ')}
    ${steps.at(-1)!.upsert};`;
};

const deltaFunction = (name: string, parts: string[]) =>
  `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    WITH delta AS (SELECT location_id, local_date, therapy_code, wait, bucket, sum(visits)::int AS visits FROM (${parts.join(' UNION ALL ')}) p
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(visits) <> 0),
      ${applyDelta()}
    RETURN NULL; END $$`;

/** The instants of a visit that put it in a local day's figures: its start (counters, waits), its stays' ends and its infusion's start (heatmap). */
const visitInstants = (r: string) =>
  `(VALUES (${r}.starts_at), (${r}.ends_at), (${r}.seated_at), (${r}.discharged_at), (${r}.infusion_started_at)) AS x(at)`;
const marked = (rows: string) =>
  `SELECT r.location_id, (x.at AT TIME ZONE l.time_zone)::date AS local_date FROM ${rows} r JOIN directory_location l ON l.location_id = r.location_id CROSS JOIN LATERAL ${visitInstants('r')}`;
/** The mark triggers of 1764232000000 on visit_fact, marking every day a visit's instants fall on (or, `startOnly`, its start's as before). */
const markFunction = (name: string, sets: string[], startOnly: boolean) =>
  `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO kpi_stale_day (location_id, local_date) SELECT DISTINCT * FROM (${sets
      .map((rows) =>
        startOnly
          ? `SELECT r.location_id, (r.starts_at AT TIME ZONE l.time_zone)::date AS local_date FROM ${rows} r JOIN directory_location l ON l.location_id = r.location_id`
          : marked(rows),
      )
      .join(' UNION ALL ')}) marked WHERE local_date IS NOT NULL ON CONFLICT DO NOTHING;
    RETURN NULL; END $$`;

/** The zone trigger of 1764232000000: drops the location's rollups, rebuilds its histograms under the new zone, marks its days. */
const zoneFunction = (
  tables: string[],
  histograms: boolean,
) => `CREATE OR REPLACE FUNCTION kpi_mark_location_zone() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      ${tables.map((t) => `DELETE FROM ${t} WHERE location_id = NEW.location_id;`).join(' ')}
      ${
        histograms
          ? `INSERT INTO kpi_wait_histogram SELECT location_id, local_date, therapy_code, wait, bucket, sum(visits)::int FROM (
           ${waitsOf('visit_fact', 1, 'NEW.time_zone', '')} AND r.location_id = NEW.location_id) w GROUP BY 1, 2, 3, 4, 5;
         INSERT INTO kpi_wait_histogram_month SELECT location_id, date_trunc('month', local_date)::date, therapy_code, wait, bucket, sum(visits)::int
           FROM kpi_wait_histogram WHERE location_id = NEW.location_id GROUP BY 1, 2, 3, 4, 5;
         INSERT INTO kpi_wait_histogram_year SELECT location_id, date_trunc('year', month)::date, therapy_code, wait, bucket, sum(visits)::int
           FROM kpi_wait_histogram_month WHERE location_id = NEW.location_id GROUP BY 1, 2, 3, 4, 5;`
          : ''
      }
      INSERT INTO kpi_stale_day (location_id, local_date)
        SELECT DISTINCT NEW.location_id, d FROM (
          ${
            histograms
              ? `SELECT (x.at AT TIME ZONE NEW.time_zone)::date AS d FROM visit_fact v CROSS JOIN LATERAL ${visitInstants('v')} WHERE v.location_id = NEW.location_id AND x.at IS NOT NULL`
              : `SELECT (starts_at AT TIME ZONE NEW.time_zone)::date AS d FROM visit_fact WHERE location_id = NEW.location_id AND starts_at IS NOT NULL`
          }
          UNION ALL SELECT (at AT TIME ZONE NEW.time_zone)::date FROM message_fact WHERE location_id = NEW.location_id
          UNION ALL SELECT (occurred_at AT TIME ZONE NEW.time_zone)::date FROM reaction_fact WHERE location_id = NEW.location_id) days
        ON CONFLICT DO NOTHING;
      RETURN NULL; END $$`;

/**
 * Wait histograms kept by difference, and per calendar year.
 *
 * Recomputing a stale day whole rewrote its ~100 histogram rows and their month's: an inbox
 * transaction touching today at 100 centers rewrote 10,000 rows three times (about a second).
 * A visit's waits are its own, so triggers on visit_fact now add each written visit's buckets and
 * take away the ones it had, in day, month and year histograms at once: work per visit written,
 * not per day touched, and integer counts, so any order of writes (a replay, a rebuild) leaves
 * the same rows. The year level lets an organisation's year merge ~50,000 rows, not 500,000, and
 * the day counters summed per month (kpi_therapy_month) let it sum ~6,500 rows, not 157,000.
 *
 * And the heatmap: a stale day's hours were recomputed with the days either side (for stays across
 * midnight), three days' sweeps per day touched. A visit now marks every local day its stay or its
 * infusion's start falls on, so only the marked days are recomputed.
 */
export class KpiHistogramYears1796310000000 implements MigrationInterface {
  name = 'KpiHistogramYears1796310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "kpi_wait_histogram_year" ("location_id" uuid NOT NULL, "year" date NOT NULL, "therapy_code" text NOT NULL,
      "wait" smallint NOT NULL, "bucket" integer NOT NULL, "visits" integer NOT NULL,
      CONSTRAINT "PK_kpi_wait_histogram_year" PRIMARY KEY ("location_id", "year", "therapy_code", "wait", "bucket"))`);
    await q.query(`INSERT INTO kpi_wait_histogram_year
      SELECT location_id, date_trunc('year', month)::date, therapy_code, wait, bucket, sum(visits)::int FROM kpi_wait_histogram_month GROUP BY 1, 2, 3, 4, 5`);
    // The day counters summed per calendar month (kpi-rollups.projector.ts recomputes a stale day's month).
    await q.query(`CREATE TABLE "kpi_therapy_month" (${THERAPY_MONTH_COLUMNS},
      CONSTRAINT "PK_kpi_therapy_month" PRIMARY KEY ("location_id", "month", "therapy_code"))`);
    await q.query(`INSERT INTO kpi_therapy_month SELECT location_id, date_trunc('month', local_date)::date, therapy_code, ${SUM_THERAPY_DAYS}
      FROM kpi_therapy_day GROUP BY 1, 2, 3`);
    await q.query(deltaFunction('kpi_histogram_visit_insert', [waitsOf('new_rows', 1)]));
    await q.query(deltaFunction('kpi_histogram_visit_update', [waitsOf('old_rows', -1), waitsOf('new_rows', 1)]));
    await q.query(
      `CREATE TRIGGER visit_counts_kpi_histograms_on_insert AFTER INSERT ON visit_fact REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_histogram_visit_insert()`,
    );
    await q.query(
      `CREATE TRIGGER visit_counts_kpi_histograms_on_update AFTER UPDATE ON visit_fact REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_histogram_visit_update()`,
    );
    await q.query(zoneFunction(ROLLUPS, true));
    await q.query(markFunction('kpi_mark_visit_insert', ['new_rows'], false));
    await q.query(markFunction('kpi_mark_visit_update', ['old_rows', 'new_rows'], false));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(markFunction('kpi_mark_visit_update', ['old_rows', 'new_rows'], true));
    await q.query(markFunction('kpi_mark_visit_insert', ['new_rows'], true));
    await q.query(
      zoneFunction(
        ROLLUPS.filter((t) => t !== 'kpi_wait_histogram_year'),
        false,
      ),
    );
    await q.query(`DROP TRIGGER visit_counts_kpi_histograms_on_update ON visit_fact`);
    await q.query(`DROP TRIGGER visit_counts_kpi_histograms_on_insert ON visit_fact`);
    await q.query(`DROP FUNCTION kpi_histogram_visit_update()`);
    await q.query(`DROP FUNCTION kpi_histogram_visit_insert()`);
    await q.query(`DROP TABLE "kpi_therapy_month"`);
    await q.query(`DROP TABLE "kpi_wait_histogram_year"`);
  }
}
