import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The day counters (kpi_therapy_day), their months (kpi_therapy_month), the message and the
 * reaction days kept by difference, as the wait histograms are (migration 1796310000000).
 *
 * The refresher recomputed every marked day whole from the facts: at 200 events/s over 100
 * centers each round read every center's day again (100 location-days, 1–2 s on the shared
 * machine, holding the centers' locks that the inbox waits for), so the figures trailed the
 * facts by seconds and more under report load. A visit's counters are its own, so statement
 * triggers on the facts now add each written row's contribution and take away the one it had,
 * in day and month at once: work per row written, in the inbox transaction that writes it.
 * Minutes are numeric (exact sums, in any order), so a replay or a rebuild in other batches
 * gives identical rows. What stays with the refresher: a day's exact wait percentiles
 * (kpi_location_day), its heatmap (kpi_hour) and freshAsOf.
 */

const DAY_KEY = ['location_id', 'local_date', 'therapy_code'];
const MONTH_KEY = ['location_id', 'month', 'therapy_code'];
/** kpi_therapy_day's and kpi_therapy_month's counters, in table order; lead_* are int[4]. */
const COUNTERS = [
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
  'lead_held',
  'lead_no_shows',
  'reminded_held',
  'reminded_no_shows',
  'unreminded_held',
  'unreminded_no_shows',
] as const;
const ARRAYS = new Set(['lead_held', 'lead_no_shows']);
const LEAD_BOUNDS = [2, 7, 28];

/** A counter summed over a group (arrays element by element). */
const sumOf = (c: string) =>
  ARRAYS.has(c)
    ? `ARRAY[${[1, 2, 3, 4].map((i) => `sum(${c}[${i}])`).join(', ')}]::int[]`
    : c.endsWith('_minutes')
      ? `sum(${c})`
      : `sum(${c})::bigint`;
/** A stored counter plus a delta's (arrays element by element). */
const plus = (t: string, c: string) =>
  ARRAYS.has(c)
    ? `ARRAY[${[1, 2, 3, 4].map((i) => `${t}.${c}[${i}] + EXCLUDED.${c}[${i}]`).join(', ')}]::int[]`
    : `${t}.${c} + EXCLUDED.${c}`;
const nonZero = COUNTERS.map((c) => (ARRAYS.has(c) ? `${c} <> '{0,0,0,0}'` : `${c} <> 0`)).join(' OR ');

/**
 * Each visit of `rows` as its counters' contribution times `sign`, keyed by its location, local start
 * date and therapy: the same figures INSERT_DAYS of kpi-rollups.projector.ts counted before this
 * migration (a visit is reminded when a reminder of rank 3 or more, sent or delivered, exists for it).
 */
const visitCounters = (
  rows: string,
  sign: 1 | -1,
  zone = 'l.time_zone',
  join = 'JOIN directory_location l ON l.location_id = r.location_id',
) => {
  const s = (expr: string) => `${sign} * (${expr})::int`;
  const when = (cond: string) => s(`coalesce(${cond}, false)`);
  const lead = (noShows: boolean) =>
    `ARRAY[${[-Infinity, ...LEAD_BOUNDS]
      .map((min, i) => {
        const max = LEAD_BOUNDS[i];
        return when(
          `${noShows ? `r.status = 'noshow'` : 'x.held'} AND ${min === -Infinity ? 'true' : `x.lead_days >= ${min}`} AND ${max === undefined ? 'x.lead_days IS NOT NULL' : `x.lead_days < ${max}`}`,
        );
      })
      .join(', ')}]::int[]`;
  const minutes = (from: string, to: string) => `extract(epoch FROM r.${to} - r.${from}) / 60`;
  return `SELECT r.location_id, (r.starts_at AT TIME ZONE ${zone})::date AS local_date, coalesce(r.therapy_code, '') AS therapy_code,
      ${sign} AS visits, ${when('x.held')} AS held, ${when('r.infusion_started_at IS NOT NULL')} AS infusions,
      ${when(`r.status = 'noshow'`)} AS no_shows, ${when(`r.status = 'cancelled' AND r.late_cancellation`)} AS late_cancellations,
      ${when(`r.infusion_started_at <= r.starts_at + interval '15 minutes'`)} AS on_time_starts,
      ${when('x.held AND r.confirmed_at IS NOT NULL')} AS confirmed_held,
      ${sign} * CASE WHEN x.held THEN coalesce(${minutes('starts_at', 'ends_at')}, 0) ELSE 0 END AS planned_minutes,
      ${sign} * coalesce(greatest(0, ${minutes('seated_at', 'discharged_at')}), 0) AS used_minutes,
      ${sign} * CASE WHEN r.infusion_started_at IS NOT NULL THEN coalesce(r.duration_minutes, 0) ELSE 0 END AS planned_duration_sum,
      ${when('r.infusion_started_at IS NOT NULL AND r.duration_minutes IS NOT NULL')} AS planned_duration_n,
      ${sign} * coalesce(r.infusing_minutes, 0) AS infusing_minutes_sum, ${when('r.infusing_minutes IS NOT NULL')} AS infusing_minutes_n,
      ${lead(false)} AS lead_held, ${lead(true)} AS lead_no_shows,
      ${when('x.held AND x.reminded')} AS reminded_held, ${when(`r.status = 'noshow' AND x.reminded`)} AS reminded_no_shows,
      ${when('x.held AND NOT x.reminded')} AS unreminded_held, ${when(`r.status = 'noshow' AND NOT x.reminded`)} AS unreminded_no_shows
    FROM ${rows} r ${join}
    CROSS JOIN LATERAL (SELECT r.status IS DISTINCT FROM 'cancelled' AS held,
      extract(epoch FROM r.starts_at - r.booked_at)::float8 / 86400 AS lead_days,
      EXISTS (SELECT 1 FROM message_fact m WHERE m.appointment_id = r.appointment_id AND m.kind = 'reminder' AND m.rank >= 3) AS reminded) x
    WHERE r.starts_at IS NOT NULL AND ${zone} IS NOT NULL`;
};

/**
 * A reminder written (or its rank changed) flips its visit between reminded and not: the four
 * reminder counters move by the visit's held and no-show, the others not at all. "Before" is the
 * messages as they were before the statement: the table less its new rows, plus its old ones.
 */
const reminderFlips = (oldRows: string | null) => {
  const reminder = (m: string) => `${m}.appointment_id = v.appointment_id AND ${m}.kind = 'reminder' AND ${m}.rank >= 3`;
  const zero = (c: string) => (ARRAYS.has(c) ? `'{0,0,0,0}'::int[]` : '0');
  const moved: Record<string, string> = {
    reminded_held: 'f.sign * f.held',
    reminded_no_shows: 'f.sign * f.no_show',
    unreminded_held: '-f.sign * f.held',
    unreminded_no_shows: '-f.sign * f.no_show',
  };
  return `SELECT f.location_id, f.local_date, f.therapy_code, ${COUNTERS.map((c) => `${moved[c] ?? zero(c)} AS ${c}`).join(', ')}
    FROM (SELECT v.location_id, (v.starts_at AT TIME ZONE l.time_zone)::date AS local_date, coalesce(v.therapy_code, '') AS therapy_code,
        (v.status IS DISTINCT FROM 'cancelled')::int AS held, (v.status IS NOT DISTINCT FROM 'noshow')::int AS no_show,
        CASE WHEN now_.reminded THEN 1 ELSE -1 END AS sign, now_.reminded <> before.reminded AS flipped
      FROM visit_fact v JOIN directory_location l ON l.location_id = v.location_id
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM message_fact m WHERE ${reminder('m')}) AS reminded) now_
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM message_fact m WHERE ${reminder('m')} AND m.message_id NOT IN (SELECT message_id FROM new_rows))
        ${oldRows ? `OR EXISTS (SELECT 1 FROM ${oldRows} m WHERE ${reminder('m')})` : ''} AS reminded) before
      WHERE v.appointment_id IN (SELECT appointment_id FROM new_rows ${oldRows ? `UNION SELECT appointment_id FROM ${oldRows}` : ''})
        AND v.starts_at IS NOT NULL AND l.time_zone IS NOT NULL) f
    WHERE f.flipped`;
};

/**
 * The body of a trigger function that adds the CTE `delta` (counter rows, any number per key) to the
 * day and month counters, and deletes the rows whose visits reach zero (a rebuild would not have them).
 * The upserts add to the newest row and the zero check reads it; whether a visit was reminded is read in the
 * statement's snapshot, safe because every writer of a location's facts holds its advisory lock until it commits
 * (kpi-rollups.projector.ts lockLocations), so a reminder and its visit written by two partitions never overlap.
 */
const applyCounters = (delta: string) => {
  const upsert = (table: string, key: string[], from: string) =>
    `INSERT INTO ${table} AS t (${[...key, ...COUNTERS].join(', ')}) SELECT ${[...key, ...COUNTERS].join(', ')} FROM ${from}
      ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${COUNTERS.map((c) => `${c} = ${plus('t', c)}`).join(', ')}
      RETURNING ${key.map((k) => `t.${k}`).join(', ')}, t.visits`;
  const gone = (from: string, key: string[]) =>
    key.map((k) => `(SELECT array_agg(${k} ORDER BY ${key.join(', ')}) FROM ${from} WHERE visits = 0)`).join(', ');
  const drop = (table: string, key: string[], arrays: string[]) => `IF ${arrays[0]} IS NOT NULL THEN
      DELETE FROM ${table} t USING unnest(${arrays.join(', ')}) z(${key.join(', ')})
        WHERE ${key.map((k) => `t.${k} = z.${k}`).join(' AND ')} AND t.visits = 0;
    END IF;`;
  return `DECLARE zl uuid[]; zd date[]; zt text[]; ml uuid[]; mm date[]; mt text[];
  BEGIN
    WITH delta AS (${delta}),
      days AS (SELECT location_id, local_date, therapy_code, ${COUNTERS.map((c) => `${sumOf(c)} AS ${c}`).join(', ')}
        FROM delta GROUP BY 1, 2, 3),
      day_changes AS (SELECT * FROM days WHERE ${nonZero}),
      months AS (SELECT location_id, date_trunc('month', local_date)::date AS month, therapy_code, ${COUNTERS.map((c) => `${sumOf(c)} AS ${c}`).join(', ')}
        FROM day_changes GROUP BY 1, 2, 3),
      month_changes AS (SELECT * FROM months WHERE ${nonZero}),
      d AS (${upsert('kpi_therapy_day', DAY_KEY, 'day_changes')}),
      m AS (${upsert('kpi_therapy_month', MONTH_KEY, 'month_changes')})
    SELECT ${gone('d', DAY_KEY)}, ${gone('m', MONTH_KEY)} INTO zl, zd, zt, ml, mm, mt;
    -- Two statements: the upserts' new row versions are not visible to a DELETE in their own statement.
    ${drop('kpi_therapy_day', DAY_KEY, ['zl', 'zd', 'zt'])}
    ${drop('kpi_therapy_month', MONTH_KEY, ['ml', 'mm', 'mt'])}
    RETURN NULL;
  END`;
};

/** A count per key kept by difference: `delta` gives (key…, n) rows; rows reaching zero are deleted. */
const applyCount = (table: string, key: string[], column: string, delta: string) => `BEGIN
    WITH delta AS (${delta}),
      changes AS (SELECT ${key.join(', ')}, sum(n)::int AS n FROM delta GROUP BY ${key.map((_, i) => i + 1).join(', ')} HAVING sum(n) <> 0),
      z AS (DELETE FROM ${table} t USING changes c WHERE ${key.map((k) => `t.${k} = c.${k}`).join(' AND ')} AND t.${column} + c.n = 0)
    INSERT INTO ${table} AS t (${key.join(', ')}, ${column})
      SELECT c.${key.join(', c.')}, c.n FROM changes c
      WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE ${key.map((k) => `t.${k} = c.${k}`).join(' AND ')} AND t.${column} + c.n = 0)
      ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${column} = t.${column} + EXCLUDED.${column};
    RETURN NULL;
  END`;

const messageDays = (
  rows: string,
  sign: 1 | -1,
  zone = 'l.time_zone',
  join = 'JOIN directory_location l ON l.location_id = r.location_id',
) =>
  `SELECT r.location_id, (r.at AT TIME ZONE ${zone})::date AS local_date, r.status, ${sign} AS n FROM ${rows} r ${join} WHERE ${zone} IS NOT NULL`;
const reactionDays = (
  rows: string,
  sign: 1 | -1,
  zone = 'l.time_zone',
  join = 'JOIN directory_location l ON l.location_id = r.location_id',
) =>
  `SELECT r.location_id, (r.occurred_at AT TIME ZONE ${zone})::date AS local_date, r.therapy_code, r.grade, ${sign} AS n FROM ${rows} r ${join} WHERE ${zone} IS NOT NULL`;
const MESSAGE_KEY = ['location_id', 'local_date', 'status'];
const REACTION_KEY = ['location_id', 'local_date', 'therapy_code', 'grade'];

const fn = (name: string, body: string) =>
  `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ ${body} $$`;
const TRIGGERS: Array<[trigger: string, table: string, event: 'INSERT' | 'UPDATE', fn: string, body: string]> = [
  [
    'visit_counts_kpi_counters_on_insert',
    'visit_fact',
    'INSERT',
    'kpi_counters_visit_insert',
    applyCounters(visitCounters('new_rows', 1)),
  ],
  [
    'visit_counts_kpi_counters_on_update',
    'visit_fact',
    'UPDATE',
    'kpi_counters_visit_update',
    applyCounters(`${visitCounters('old_rows', -1)} UNION ALL ${visitCounters('new_rows', 1)}`),
  ],
  [
    'message_counts_kpi_reminders_on_insert',
    'message_fact',
    'INSERT',
    'kpi_counters_message_insert',
    applyCounters(reminderFlips(null)),
  ],
  [
    'message_counts_kpi_reminders_on_update',
    'message_fact',
    'UPDATE',
    'kpi_counters_message_update',
    applyCounters(reminderFlips('old_rows')),
  ],
  [
    'message_counts_kpi_message_days_on_insert',
    'message_fact',
    'INSERT',
    'kpi_message_days_insert',
    applyCount('kpi_message_day', MESSAGE_KEY, 'messages', messageDays('new_rows', 1)),
  ],
  [
    'message_counts_kpi_message_days_on_update',
    'message_fact',
    'UPDATE',
    'kpi_message_days_update',
    applyCount(
      'kpi_message_day',
      MESSAGE_KEY,
      'messages',
      `${messageDays('old_rows', -1)} UNION ALL ${messageDays('new_rows', 1)}`,
    ),
  ],
  [
    'reaction_counts_kpi_reaction_days_on_insert',
    'reaction_fact',
    'INSERT',
    'kpi_reaction_days_insert',
    applyCount('kpi_reaction_day', REACTION_KEY, 'reactions', reactionDays('new_rows', 1)),
  ],
  [
    'reaction_counts_kpi_reaction_days_on_update',
    'reaction_fact',
    'UPDATE',
    'kpi_reaction_days_update',
    applyCount(
      'kpi_reaction_day',
      REACTION_KEY,
      'reactions',
      `${reactionDays('old_rows', -1)} UNION ALL ${reactionDays('new_rows', 1)}`,
    ),
  ],
];

/** The counters of every fact (of one location: `where`), grouped, as the triggers would have kept them. */
const rebuildCounters = (where: (alias: string) => string, zone?: string) => {
  const v = zone ? visitCounters('visit_fact', 1, zone, '') : visitCounters('visit_fact', 1);
  const m = zone ? messageDays('message_fact', 1, zone, '') : messageDays('message_fact', 1);
  const r = zone ? reactionDays('reaction_fact', 1, zone, '') : reactionDays('reaction_fact', 1);
  return [
    `INSERT INTO kpi_therapy_day (${[...DAY_KEY, ...COUNTERS].join(', ')})
      SELECT location_id, local_date, therapy_code, ${COUNTERS.map(sumOf).join(', ')} FROM (${v} AND ${where('r')}) c GROUP BY 1, 2, 3`,
    `INSERT INTO kpi_therapy_month (${[...MONTH_KEY, ...COUNTERS].join(', ')})
      SELECT location_id, date_trunc('month', local_date)::date, therapy_code, ${COUNTERS.map(sumOf).join(', ')}
      FROM kpi_therapy_day r WHERE ${where('r')} GROUP BY 1, 2, 3`,
    `INSERT INTO kpi_message_day (${MESSAGE_KEY.join(', ')}, messages) SELECT location_id, local_date, status, count(*) FROM (${m} AND ${where('r')}) c GROUP BY 1, 2, 3`,
    `INSERT INTO kpi_reaction_day (${REACTION_KEY.join(', ')}, reactions)
      SELECT location_id, local_date, therapy_code, grade, count(*) FROM (${r} AND ${where('r')}) c GROUP BY 1, 2, 3, 4`,
  ];
};

/** As the waits of migration 1796310000000, for the zone trigger's histogram rebuild. */
const minutesBetween = (from: string, to: string) => `extract(epoch FROM r.${to} - r.${from})::float8 / 60`;
const bucket = (m: string) =>
  `CASE WHEN ${m} < 240 THEN floor(greatest(${m}, -240))::int WHEN ${m} < 1440 THEN (240 + 15 * floor((${m} - 240) / 15))::int ELSE 1440 END`;
const ZONE_WAITS = `SELECT r.location_id, (r.starts_at AT TIME ZONE NEW.time_zone)::date AS local_date, coalesce(r.therapy_code, '') AS therapy_code,
     w.wait::smallint AS wait, ${bucket('w.minutes')} AS bucket, 1 AS visits
   FROM visit_fact r
   CROSS JOIN LATERAL (VALUES (0, ${minutesBetween('checked_in_at', 'seated_at')}), (1, ${minutesBetween('seated_at', 'drug_ready_at')}),
     (2, ${minutesBetween('drug_ready_at', 'infusion_started_at')})) AS w(wait, minutes)
   WHERE r.starts_at IS NOT NULL AND w.minutes IS NOT NULL AND r.location_id = NEW.location_id`;
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

/**
 * The zone trigger: a location's zone decides which local day each of its facts falls on, so a new or
 * changed zone rebuilds the location's kept-by-difference rollups under it and marks its days for
 * the refresher (as in 1796310000000, now with the counters, messages and reactions rebuilt here).
 */
const ZONE_FUNCTION = fn(
  'kpi_mark_location_zone',
  `BEGIN
    ${ROLLUPS.map((t) => `DELETE FROM ${t} WHERE location_id = NEW.location_id;`).join('\n    ')}
    ${rebuildCounters((a: string) => `${a}.location_id = NEW.location_id`, 'NEW.time_zone')
      .map((s) => `${s};`)
      .join('\n    ')}
    INSERT INTO kpi_wait_histogram SELECT location_id, local_date, therapy_code, wait, bucket, sum(visits)::int FROM (${ZONE_WAITS}) w GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO kpi_wait_histogram_month SELECT location_id, date_trunc('month', local_date)::date, therapy_code, wait, bucket, sum(visits)::int
      FROM kpi_wait_histogram WHERE location_id = NEW.location_id GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO kpi_wait_histogram_year SELECT location_id, date_trunc('year', month)::date, therapy_code, wait, bucket, sum(visits)::int
      FROM kpi_wait_histogram_month WHERE location_id = NEW.location_id GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO kpi_stale_day (location_id, local_date)
      SELECT DISTINCT NEW.location_id, d FROM (
        SELECT (x.at AT TIME ZONE NEW.time_zone)::date AS d FROM visit_fact v
          CROSS JOIN LATERAL (VALUES (v.starts_at), (v.ends_at), (v.seated_at), (v.discharged_at), (v.infusion_started_at)) AS x(at)
          WHERE v.location_id = NEW.location_id AND x.at IS NOT NULL
        UNION ALL SELECT (at AT TIME ZONE NEW.time_zone)::date FROM message_fact WHERE location_id = NEW.location_id
        UNION ALL SELECT (occurred_at AT TIME ZONE NEW.time_zone)::date FROM reaction_fact WHERE location_id = NEW.location_id) days
      ON CONFLICT DO NOTHING;
    RETURN NULL;
  END`,
);

export class KpiCountersByDifference1797040000000 implements MigrationInterface {
  name = 'KpiCountersByDifference1797040000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['kpi_therapy_day', 'kpi_therapy_month'])
      for (const column of ['planned_minutes', 'used_minutes'])
        await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE numeric`);
    // From the facts, as the triggers keep them (the refresher's rows were the same figures, summed as floats).
    for (const table of ['kpi_therapy_day', 'kpi_therapy_month', 'kpi_message_day', 'kpi_reaction_day'])
      await q.query(`DELETE FROM ${table}`);
    for (const statement of rebuildCounters(() => 'true')) await q.query(statement);
    for (const [trigger, table, event, name, body] of TRIGGERS) {
      await q.query(fn(name, body));
      await q.query(
        `CREATE TRIGGER ${trigger} AFTER ${event} ON ${table} REFERENCING ${event === 'UPDATE' ? 'OLD TABLE AS old_rows ' : ''}NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`,
      );
    }
    await q.query(ZONE_FUNCTION);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [trigger, table, , name] of [...TRIGGERS].reverse()) {
      await q.query(`DROP TRIGGER ${trigger} ON ${table}`);
      await q.query(`DROP FUNCTION ${name}()`);
    }
    for (const table of ['kpi_therapy_day', 'kpi_therapy_month'])
      for (const column of ['planned_minutes', 'used_minutes'])
        await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE double precision`);
    // The refresher of before this migration recomputes them from the facts, and the zone trigger of 1796310000000 back.
    // Every day back to the refresher of before this migration, which recomputes them from the facts (the
    // zone function stays: it also rebuilds what that refresher would recompute).
    await q.query(
      `INSERT INTO kpi_stale_day (location_id, local_date) SELECT DISTINCT location_id, local_date FROM kpi_therapy_day ON CONFLICT DO NOTHING`,
    );
  }
}
