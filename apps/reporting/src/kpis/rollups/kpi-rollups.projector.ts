import type { DataSource, EntityManager } from 'typeorm';
import type { EventContext, StagedWrite } from '@chairside/messaging';

/** The rollup tables, keyed by location and local day, month or year: what the rebuild empties with the facts. */
export const KPI_ROLLUP_TABLES = [
  'kpi_stale_day',
  'kpi_location_fresh',
  'kpi_therapy_day',
  'kpi_therapy_month',
  'kpi_location_day',
  'kpi_wait_histogram',
  'kpi_wait_histogram_month',
  'kpi_wait_histogram_year',
  'kpi_message_day',
  'kpi_reaction_day',
  'kpi_hour',
] as const;

/**
 * A wait's histogram bucket, named by its lower bound in minutes: one minute wide from -4 h to
 * 4 h, a quarter of an hour wide to 24 h, then one bucket for a day or more. A percentile read
 * from the buckets is exact for waits in whole minutes; the services stamp steps to the
 * millisecond, so in practice it is less than 1 minute low under 4 h, less than 15 minutes low
 * under 24 h, and 1,440 where it falls among waits of a day or more
 * (kpis/histogram-tolerance.fast.test.ts holds this against percentile_cont).
 * The histogram triggers of migration 1796310000000 compute buckets with this same expression (a
 * change of buckets is a new migration that replaces them and rebuilds the histograms).
 */
export const WAIT_BUCKET_SQL = (minutes: string) =>
  `CASE WHEN ${minutes} < 240 THEN floor(greatest(${minutes}, -240))::int WHEN ${minutes} < 1440 THEN (240 + 15 * floor((${minutes} - 240) / 15))::int ELSE 1440 END`;

const STALE = `stale AS (SELECT * FROM unnest($1::uuid[], $2::date[]) AS s(location_id, local_date))`;
/**
 * Joins, to each stale day `s` at its location `l`, the rows of a fact whose instant falls on it (a UTC
 * day either side covers every zone), read per day through the fact's (location, instant) index.
 * OFFSET 0 keeps the planner from flattening the subquery into a hash join over the whole table: with a
 * hundred stale days it did, and scanned all 1.5 million visits (1.8 s per inbox transaction).
 */
const factsOnStaleDay = (table: string, alias: string, instant: string) =>
  `CROSS JOIN LATERAL (SELECT * FROM ${table} f WHERE f.location_id = s.location_id
     AND f.${instant} >= (s.local_date - 1)::timestamp AT TIME ZONE 'UTC' AND f.${instant} < (s.local_date + 2)::timestamp AT TIME ZONE 'UTC'
     AND (f.${instant} AT TIME ZONE l.time_zone)::date = s.local_date OFFSET 0) ${alias}`;
const minutesBetween = (from: string, to: string) => `extract(epoch FROM ${to} - ${from})::float8 / 60`;

/**
 * What the refresher recomputes whole for a marked day: its exact wait percentiles and its heatmap.
 * The counters, their months, the message and reaction days and the wait histograms are kept by
 * difference (triggers on the facts, migrations 1796310000000 and 1797040000000), in the transaction
 * that writes the facts.
 */
const RECOMPUTED_TABLES = ['kpi_location_day', 'kpi_hour'];

/** The stale days' recomputed rows go. */
const DELETE_STALE = `WITH ${STALE},
  ${RECOMPUTED_TABLES.map((t, i) => `d${i} AS (DELETE FROM ${t} t USING stale s WHERE t.location_id = s.location_id AND t.local_date = s.local_date)`).join(',\n  ')}
  SELECT 1`;

/** A day's exact wait percentiles (percentile_cont over its visits), from the visits of the stale days. */
const INSERT_LOCATION_DAYS = `WITH ${STALE},
  visits AS (
    SELECT s.location_id, s.local_date, v.checked_in_at, v.seated_at, v.drug_ready_at, v.infusion_started_at
    FROM stale s JOIN directory_location l ON l.location_id = s.location_id ${factsOnStaleDay('visit_fact', 'v', 'starts_at')}),
  waits AS (
    SELECT location_id, local_date, w.wait, w.minutes FROM visits CROSS JOIN LATERAL (VALUES
      (0, ${minutesBetween('checked_in_at', 'seated_at')}), (1, ${minutesBetween('seated_at', 'drug_ready_at')}), (2, ${minutesBetween('drug_ready_at', 'infusion_started_at')})
    ) AS w(wait, minutes) WHERE w.minutes IS NOT NULL),
  day_waits AS (
    SELECT location_id, local_date, wait, count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS p50,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY minutes) AS p90 FROM waits GROUP BY 1, 2, 3)
  INSERT INTO kpi_location_day
    SELECT location_id, local_date, ARRAY[${[0, 1, 2]
      .map(
        (w) =>
          `coalesce(max(n) FILTER (WHERE wait = ${w}), 0), max(p50) FILTER (WHERE wait = ${w}), max(p90) FILTER (WHERE wait = ${w})`,
      )
      .join(', ')}]::float8[]
    FROM day_waits GROUP BY 1, 2`;

/**
 * The newest moment among the stale days' facts, kept per location (never lowered): what a report's
 * freshAsOf says. Every written fact marks its days, so each one's moments pass through here once
 * the figures include it.
 */
const RAISE_FRESHNESS = `WITH ${STALE},
  newest AS (
    SELECT s.location_id, max(f.at) AS at FROM stale s JOIN directory_location l ON l.location_id = s.location_id
    CROSS JOIN LATERAL (
      SELECT max(greatest(v.booked_at, v.cancelled_at, v.no_show_at, v.confirmed_at, v.checked_in_at, v.seated_at, v.drug_ready_at,
        v.infusion_started_at, v.infusion_completed_at, v.stopped_early_at, v.discharged_at)) AS at
      FROM (SELECT 1) one ${factsOnStaleDay('visit_fact', 'v', 'starts_at')}
      UNION ALL SELECT max(m.at) FROM (SELECT 1) one ${factsOnStaleDay('message_fact', 'm', 'at')}
      UNION ALL SELECT max(r.occurred_at) FROM (SELECT 1) one ${factsOnStaleDay('reaction_fact', 'r', 'occurred_at')}) f
    GROUP BY s.location_id)
  INSERT INTO kpi_location_fresh AS k (location_id, fresh_as_of) SELECT location_id, at FROM newest WHERE at IS NOT NULL
  ON CONFLICT (location_id) DO UPDATE SET fresh_as_of = greatest(k.fresh_as_of, EXCLUDED.fresh_as_of)`;

/**
 * Heatmap hours of the stale days (a visit marks every local day its stay or infusion start touches,
 * migration 1796310000000, so a change to a stay across midnight marks both days). A day's hours
 * count the visits planned on it or a day either side whose stay overlaps it. Peak concurrency by a sweep: +1 at each stay's start, -1 at its end,
 * a running sum ordered by time; an hour's peak is the highest level reached in it, counting the
 * level carried in at its first instant (a zero-delta marker at each hour's start).
 */
const INSERT_HOURS = `WITH ${STALE},
  bounds AS (
    SELECT d.location_id, d.local_date, l.time_zone, d.local_date::timestamp AT TIME ZONE l.time_zone AS day_start,
      (d.local_date + 1)::timestamp AT TIME ZONE l.time_zone AS day_end
    FROM stale d JOIN directory_location l ON l.location_id = d.location_id),
  near AS (
    SELECT b.location_id, b.local_date, v.status, v.starts_at, v.ends_at, v.seated_at, v.discharged_at, v.nurse_id, v.infusion_started_at
    -- Per day through the (location, start) index, as factsOnStaleDay does.
    FROM bounds b CROSS JOIN LATERAL (SELECT * FROM visit_fact f WHERE f.location_id = b.location_id
      AND f.starts_at >= (b.local_date - 2)::timestamp AT TIME ZONE 'UTC' AND f.starts_at < (b.local_date + 3)::timestamp AT TIME ZONE 'UTC'
      AND (f.starts_at AT TIME ZONE b.time_zone)::date BETWEEN b.local_date - 1 AND b.local_date + 1
      -- Only what can count in the day: its stays overlap it, or its infusion started in it.
      AND greatest(f.ends_at, f.discharged_at, f.infusion_started_at) >= b.day_start AND least(f.starts_at, f.seated_at, f.infusion_started_at) < b.day_end
      OFFSET 0) v),
  stays AS (
    SELECT location_id, local_date, 's' AS kind, NULL::uuid AS nurse_id, starts_at AS stay_from, ends_at AS stay_to FROM near
      WHERE status IS DISTINCT FROM 'cancelled' AND ends_at > starts_at
    UNION ALL SELECT location_id, local_date, 'a', NULL, seated_at, discharged_at FROM near WHERE discharged_at > seated_at
    UNION ALL SELECT location_id, local_date, 'n', nurse_id, seated_at, discharged_at FROM near WHERE discharged_at > seated_at AND nurse_id IS NOT NULL),
  points AS (
    SELECT location_id, local_date, kind, nurse_id, stay_from AS at, 1 AS delta FROM stays
    UNION ALL SELECT location_id, local_date, kind, nurse_id, stay_to, -1 FROM stays
    UNION ALL SELECT k.location_id, k.local_date, k.kind, k.nurse_id, t, 0
      FROM (SELECT DISTINCT location_id, local_date, kind, nurse_id FROM stays) k JOIN bounds b USING (location_id, local_date),
      generate_series(b.day_start, b.day_end - interval '1 second', interval '1 hour') t),
  levels AS (SELECT *, sum(delta) OVER (PARTITION BY location_id, local_date, kind, nurse_id ORDER BY at) AS level FROM points),
  peaks AS (
    SELECT l.location_id, l.local_date, date_bin('1 hour', l.at, b.day_start) AS hour, l.kind, max(l.level)::int AS peak, 0 AS starts
    FROM levels l JOIN bounds b USING (location_id, local_date) WHERE l.at >= b.day_start AND l.at < b.day_end GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT n.location_id, n.local_date, date_bin('1 hour', n.infusion_started_at, b.day_start), NULL, 0, count(*)::int
    FROM near n JOIN bounds b USING (location_id, local_date) WHERE n.infusion_started_at >= b.day_start AND n.infusion_started_at < b.day_end GROUP BY 1, 2, 3)
  INSERT INTO kpi_hour
  SELECT location_id, local_date, hour, coalesce(max(peak) FILTER (WHERE kind = 's'), 0), coalesce(max(peak) FILTER (WHERE kind = 'a'), 0),
    coalesce(max(peak) FILTER (WHERE kind = 'n'), 0), sum(starts)
  FROM peaks GROUP BY 1, 2, 3 HAVING max(peak) > 0 OR sum(starts) > 0`;

/** A marked location-day, with the mark's version when it was read. */
export interface DayMark {
  location_id: string;
  local_date: string;
  version: string;
}

/**
 * Recomputes the day percentiles and heatmap of `days`, whole, from the facts: DELETE then
 * INSERT … GROUP BY, so applying an event twice, late or out of order leaves the same day rows as
 * applying each once in order. (The counters, messages, reactions and wait histograms are not
 * recomputed here: triggers on the facts add each written row's change, migrations 1796310000000 and
 * 1797040000000.)
 */
async function recomputeDays(
  manager: EntityManager,
  days: ReadonlyArray<Pick<DayMark, 'location_id' | 'local_date'>>,
): Promise<void> {
  const params = [days.map((r) => r.location_id), days.map((r) => r.local_date)];
  // The heatmap's sweep sorts ~3,000 points per location-day: in memory, not in temporary files
  // (with the default 4 MB, a hundred stale days spilled 15 MB to disk on every transaction).
  await manager.query(`SET LOCAL work_mem = '64MB'`);
  // Nor compiled: the statements are planned for a few rows of each day, JIT costs more than it saves.
  await manager.query(`SET LOCAL jit = off`);
  await manager.query(DELETE_STALE, params);
  await manager.query(INSERT_LOCATION_DAYS, params);
  await manager.query(INSERT_HOURS, params);
  await manager.query(RAISE_FRESHNESS, params);
}

/**
 * Takes (deletes) up to `limit` marks and recomputes their days, in the caller's transaction: for
 * when nothing writes facts meanwhile (a bulk load, the benchmark's build of the rollups). With
 * writers running, use refreshRound, which never takes a mark a writer changed after it was read.
 */
export async function refreshStaleDays(manager: EntityManager, { limit }: { limit?: number } = {}): Promise<number> {
  const stale = (await manager.query(
    `DELETE FROM kpi_stale_day WHERE (location_id, local_date) IN (
       SELECT location_id, local_date FROM kpi_stale_day ORDER BY location_id, local_date LIMIT $1)
     RETURNING location_id, local_date::text AS local_date`,
    [limit === undefined ? null : Math.floor(limit)],
  )) as [Array<{ location_id: string; local_date: string }>, number] | Array<{ location_id: string; local_date: string }>;
  // TypeORM returns [rows, count] for a DELETE … RETURNING on PostgreSQL.
  const rows = Array.isArray(stale[0]) ? (stale[0] as Array<{ location_id: string; local_date: string }>) : (stale as never);
  if (!rows.length) return 0;
  await recomputeDays(manager, rows);
  return rows.length;
}

/**
 * Location-days one refresh round recomputes at most. A day written during its round stays marked
 * for the next one, so a round is kept short: the shorter it is, the less often a busy location's
 * day is written while it runs (at 200 events/s over 100 centers each center's day is written
 * about twice a second).
 */
export const REFRESH_LOCATION_DAYS = 20;

/** One refreshers' round at a time per database (several reporting processes, a test beside the service's). */
const REFRESH_LOCK = `hashtextextended('kpi-refresh', 0)`;

/** A location's zone lock (refreshRound, holdZone): its key from a uuid-typed SQL expression. */
const zoneLock = (uuid: string) => `hashtextextended('kpi-zone:' || (${uuid})::uuid::text, 0)`;

/**
 * Call before writing a location's directory row from a location event, in the same transaction:
 * when the event gives the location a zone it does not have yet (new, or changed, and newer than the
 * row), waits for the refresh rounds recomputing the location under its old zone and keeps new ones
 * off it until the commit (refreshRound). Any other change of the row (name, hours, chairs) takes no
 * lock and waits for no round. The caller holds the location's writers' lock (lockLocations), so no
 * other zone change can come between this check and its write.
 */
export async function holdZone(manager: EntityManager, locationId: string, timeZone: string, sequence: number): Promise<void> {
  await manager.query(
    `SELECT pg_advisory_xact_lock(${zoneLock('$1')})
      WHERE NOT EXISTS (SELECT 1 FROM directory_location
        WHERE location_id = $1 AND (time_zone IS NOT DISTINCT FROM $2 OR last_sequence >= $3))`,
    [locationId, timeZone, sequence],
  );
}

/**
 * One round of the coalesced recompute, in a transaction of its own: up to `limit` marks after
 * `after` (in key order, so a pass of rounds visits every mark once however often some are written
 * again), their days recomputed, then the marks taken, each only if its version is still the one
 * read and no writer holds it. A day marked by fifty events since the last round is recomputed once.
 *
 * Why it is safe without the writers' location locks (lockLocations): a writer raises the version
 * of its day's mark in its own transaction (the mark triggers, migration 1797321000000), so a mark
 * whose version is unchanged at the end of the round had no write commit since it was read, before
 * the recompute's first statement: the recompute saw every fact of that day. A write committed
 * later changed the version (the mark stays); one still in progress holds the mark's row (skipped,
 * stays). So a fact write never waits for a round's recompute (only one marking again a day whose
 * mark the round has just taken waits, for the instant from that last statement to the commit), and
 * a round never waits for the inbox.
 *
 * A location whose zone is being changed is left to the next round. A new zone moves the location's
 * facts to other local days: its trigger drops the location's rollups, rebuilds its histograms and
 * marks its days under the new zone, so a round that recomputed days under the old zone and committed
 * after it would leave rows on days that are no longer the location's. The round therefore shares each
 * location's zone lock (zoneLock, skipping a location whose lock a zone change holds or waits for) and
 * a zone change takes it exclusively (holdZone), waiting for the rounds that hold it. Before, the round
 * shared the directory row's lock (FOR SHARE), which every write of the row conflicts with: opening
 * hours, a chair, a rename (none of which the recompute reads) waited for each round's commit, and a
 * rename held the location's writers' lock (lockLocations) meanwhile, so its fact writers queued too.
 */
export async function refreshRound(
  dataSource: DataSource,
  { limit = REFRESH_LOCATION_DAYS, after }: { limit?: number; after?: Pick<DayMark, 'location_id' | 'local_date'> } = {},
): Promise<{ days: number; marks: number; last: DayMark | undefined }> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(${REFRESH_LOCK})`);
    const marks = (await manager.query(
      `SELECT location_id::text AS location_id, local_date::text AS local_date, version::text AS version FROM kpi_stale_day
        WHERE $1::uuid IS NULL OR (location_id, local_date) > ($1::uuid, $2::date)
        ORDER BY location_id, local_date LIMIT $3`,
      [after?.location_id ?? null, after?.local_date ?? null, Math.floor(limit)],
    )) as DayMark[];
    if (!marks.length) return { days: 0, marks: 0, last: undefined };
    const ids = [...new Set(marks.map((m) => m.location_id))];
    const free = (await manager.query(
      `SELECT id::text AS id FROM unnest($1::uuid[]) id WHERE pg_try_advisory_xact_lock_shared(${zoneLock('id')})`,
      [ids],
    )) as Array<{ id: string }>;
    const open = new Set(free.map((f) => f.id));
    const days = marks.filter((m) => open.has(m.location_id));
    if (days.length) {
      await recomputeDays(manager, days);
      await manager.query(
        `DELETE FROM kpi_stale_day WHERE (location_id, local_date) IN (
           SELECT k.location_id, k.local_date FROM kpi_stale_day k
             JOIN unnest($1::uuid[], $2::date[], $3::bigint[]) AS r(location_id, local_date, version)
               ON k.location_id = r.location_id AND k.local_date = r.local_date AND k.version = r.version
           FOR UPDATE OF k SKIP LOCKED)`,
        [days.map((d) => d.location_id), days.map((d) => d.local_date), days.map((d) => d.version)],
      );
    }
    return { days: days.length, marks: marks.length, last: marks.at(-1) };
  });
}

/**
 * A pass of rounds over every mark there is (in key order, `limit` location-days a round); the
 * location-days recomputed. What the service's refresher runs a few times a second, and what tests
 * call to bring the rollups up to the facts.
 */
export async function refreshKpis(dataSource: DataSource, limit = REFRESH_LOCATION_DAYS): Promise<number> {
  let total = 0;
  let after: DayMark | undefined;
  for (;;) {
    const round = await refreshRound(dataSource, { limit, ...(after ? { after } : {}) });
    total += round.days;
    if (round.marks < limit) return total;
    after = round.last;
  }
}

/**
 * Serialises, per location, the transactions that write its facts, from before their first fact
 * write to their commit: the counter triggers read whether a visit was reminded in their
 * statement's snapshot (migration 1797040000000), and a zone change rebuilds a location's rollups
 * from its facts, so no two writers of a location may overlap. Locks are taken in one order (by
 * key) so two runs cannot deadlock on them. The rollup refresher does not take them (refreshRound).
 */
export async function lockLocations(manager: EntityManager, locationIds: string[]): Promise<void> {
  await manager.query(
    `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended('kpi-rollups:' || id, 0) AS k FROM unnest($1::text[]) id ORDER BY k) keys`,
    [locationIds],
  );
}

const lockWrite: StagedWrite<string> = {
  key: (locationId) => locationId,
  merge: (earlier) => earlier,
  write: (manager, locationIds) => lockLocations(manager, locationIds),
  order: -1,
};

/**
 * Call from every handler that writes a location's facts (staged or not): locks the location first
 * against the location's other writers (lockLocations). The days the writes touch are marked by
 * triggers and recomputed by KpiRefresher, not in the inbox transaction: recomputing them there
 * cost each of the consumer's six partitions the same days again, every transaction, and held the
 * location's lock (and the other partitions' writers) meanwhile.
 */
export function stageKpiRefresh(ctx: EventContext, locationId: string): void {
  ctx.stage(lockWrite, locationId);
}
