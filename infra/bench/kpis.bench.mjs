// npm run bench:kpis — KPI reports at enterprise scale, new (rollups, over HTTP) beside old
// (every visit loaded and measured in JavaScript, kpis-per-visit.mjs) on the same data in one run.
//   0. The machine's own reference first, before anything of the benchmark runs (reference.mjs, as
//      every benchmark since issue 20): pgbench TPC-B (-s 10, -c 20 -j 2 -T 15) against the same
//      PostgreSQL and raw kafkajs paced at BENCH_RATE on the same broker; each figure is then printed
//      as a ratio to it (latencies to pgbench's average latency, freshness also to raw kafkajs's p50),
//      with the CPU ms per request of the reporting process (and of PostgreSQL and the load generator)
//      beside it, for this code and for the old computation. BENCH_NO_PGBENCH=1 skips the reference
//      (quick trials only: no ratios then); a BENCH_LOAD_ONLY run measures nothing, so takes none.
//   1. Facts for BENCH_CENTERS (100) centers × BENCH_CHAIRS (30) chairs × BENCH_DAYS (366) days from
//      BENCH_FIRST_DAY (2027-03-10, so the organisation's year is a rolling one, not a calendar year) are
//      loaded straight into a fresh reporting database with generate_series (two visits per chair
//      per open day, 80 % kept; reminders for 60 %, reactions for 3 %); the counters and histograms
//      are kept by the facts' triggers as the rows land, then the day percentiles and heatmap are
//      built with the projector's own recompute (refreshStaleDays), a location's year per transaction.
//   2. Each build of reporting in turn (main's, from BENCH_OLD_SERVICE, when there; then this code,
//      once per BENCH_REPORTS_AT_ONCE width) serves, one request after another: a one-location month
//      and year, the organisation's year, a one-location and an organisation heatmap month, a
//      one-location and the organisation's year as CSV; p50/p95 over BENCH_REPEATS (20; a quarter,
//      at least 5, for the organisation-wide ones). Its peak RSS (VmHWM).
//   3. Then live: BENCH_RATE (200) events/s of today's visits (booked, checked in, seated, drug ready,
//      started) for BENCH_SECONDS (20) while BENCH_CLIENTS (20) clients ask back to back for every
//      kind of report (JSON days, heatmap, CSV of days, hours and therapies, freshness) and
//      /health/ready is polled every 100 ms; freshness = event created → its inbox row committed and
//      no day of its location marked for recompute (report fresh, the headline), beside it event created
//      → its inbox row first seen committed (facts visible), both timed by PostgreSQL's clock at the
//      poll (every 50 ms, a connection of its own), and event created → inbox transaction began.
//   4. The old computation (per visit) on the same requests, each in a process of its own (timeout
//      BENCH_OLD_TIMEOUT_S, 300 s); its peak RSS and its own CPU ms per request.
//   5. The largest report the service accepts: the organisation's year over MAX_REPORT_LOCATIONS
//      (1,000) locations, as JSON and as the CSV of days, BENCH_LARGEST_REPEATS (3) times each, on a
//      scratch copy of the database (CREATE DATABASE … TEMPLATE) to which the rollups of the loaded
//      centers are copied under new locations until there are 1,000 (the reports read only the
//      rollups; kpi_hour is not copied: no heatmap over a year of 1,000 locations is accepted); its
//      time, the reporting process's peak RSS with its memory settings, and whether it survived.
//      Dropped afterwards (kept with BENCH_KEEP_DATABASE=1). BENCH_NO_LARGEST=1 skips it.
//   BENCH_DATABASE=<name>: run 2–5 on a database an earlier run loaded and rolled up (kept afterwards);
//   BENCH_LOAD_ONLY=1: run 1 only and keep the database for that. BENCH_NAME (bench) prefixes the
//   database and the topics.
//   BENCH_PHASES=<list> (default: all): only these phases, to iterate on one figure against a loaded
//   database (BENCH_DATABASE); comma-separated of: reference (0), requests (all of 2) or single kinds of
//   2 by key (month, year, org-year, heatmap, org-heatmap, csv, org-csv), live (3), old (4), largest (5).
//   E.g. BENCH_DATABASE=<name> BENCH_PHASES=live,month npm run bench:kpis: the one-location month and
//   the live phase only (about 2 minutes), no reference, so no ratios. BENCH_ACTIVITY=1 samples the
//   service's PostgreSQL sessions (state, wait event) every 100 ms in the live phase and prints the means.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { prepareServiceBench } from './service-bench.mjs';
import { processMemoryEnv } from '../dev/process-memory.mjs';
import {
  cpuGroups,
  fmt,
  formatCpu,
  formatPgbench,
  kafkajsReference,
  pgbenchReference,
  postgresConnection,
  processCpuMs,
  processTreeCpuMs,
  pidListeningOn,
  startCpu,
} from './reference.mjs';

const CENTERS = Number(process.env.BENCH_CENTERS ?? 100);
const CHAIRS = Number(process.env.BENCH_CHAIRS ?? 30);
const DAYS = Number(process.env.BENCH_DAYS ?? 366);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const OLD_TIMEOUT_S = Number(process.env.BENCH_OLD_TIMEOUT_S ?? 300);
const PORT = 3905;
// Mid-March: the organisation's year is then a rolling one (2027-03-10 to 2028-03-09), not a calendar year.
const FIRST_DAY = process.env.BENCH_FIRST_DAY ?? '2027-03-10';
const ZONES = ['America/New_York', 'Europe/London', 'Asia/Tokyo', 'America/Los_Angeles'];

const bench = await prepareServiceBench('reporting');
const { env, spawnService, finish } = bench;
// BENCH_DATABASE names a database an earlier run (or its first phase) loaded and rolled up: phase 1
// is skipped and the rest runs on it (it is kept afterwards), saving the five minutes of loading.
const reuse = process.env.BENCH_DATABASE;
const phases = process.env.BENCH_PHASES?.split(',').map((p) => p.trim());
/** Whether BENCH_PHASES asks for this phase (every phase when it is not set). */
const wants = (...names) => !phases || names.some((n) => phases.includes(n));
const database = reuse ?? bench.database;
const db = reuse
  ? new (await import('pg')).default.Client({
      host: env.DATABASE_HOST ?? '127.0.0.1',
      port: Number(env.DATABASE_PORT ?? 5432),
      user: env.DATABASE_USER ?? 'postgres',
      password: env.DATABASE_PASSWORD,
      database: reuse,
    })
  : bench.db;
if (reuse) {
  await db.connect();
  // An earlier run's database may predate this code's migrations (the service does not migrate).
  const { migrate } = await import('../dev/migrate.mjs');
  await migrate({ env: { ...env, REPORTING_DATABASE_NAME: reuse }, only: ['reporting'], log: (line) => console.log(line) });
}
const { DEV_ORGANISATION_ID } = await import('../../libs/platform/dist/index.js');
const { reportingDataSourceOptions } = await import('../../apps/reporting/dist/database/data-source.js');
const { refreshStaleDays } = await import('../../apps/reporting/dist/kpis/rollups/kpi-rollups.projector.js');
const log = (line) => console.log(`[bench:kpis] ${line}`);
const seconds = (t0) => ((performance.now() - t0) / 1000).toFixed(1);

// ---- 0. the machine's reference, before anything of the benchmark runs ----
const c = await import('../../libs/contracts/dist/index.js');
const m = await import('../../libs/messaging/dist/index.js');
const { default: pino } = await import('pino');
const kafka = m.createKafkaClient({
  brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  clientId: 'bench-kpis',
  logger: pino({ level: 'warn' }),
});
const kafkaPort = Number((env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':').at(-1));
const connection = postgresConnection(env);
let reference;
let raw;
if (!process.env.BENCH_LOAD_ONLY && !process.env.BENCH_NO_PGBENCH && wants('reference')) {
  reference = await pgbenchReference({ connection });
  console.log(formatPgbench(reference));
  raw = await kafkajsReference(kafka, { seconds: SECONDS, rate: RATE, kafkaPort });
  console.log(
    `Reference: raw kafkajs, same broker, same run: ${fmt(raw.throughput.consumedRate)} messages/s consumed (batches of 500, acks=all); paced at ${RATE}/s: p50 ${fmt(raw.paced.p50, 1)} ms, p95 ${fmt(raw.paced.p95, 1)} ms, p99 ${fmt(raw.paced.p99, 1)} ms; CPU per message:\n${formatCpu(raw.throughput.cpu, 'message')}`,
  );
}
/** A latency as a multiple of pgbench's average transaction latency in this run. */
const toPgbench = (ms) => (reference && Number.isFinite(ms) ? `${fmt(ms / reference.latencyAverage, 1)} × pgbench` : 'n/a');
/** A freshness as a multiple of raw kafkajs's paced p50 (produce → consume, no database) in this run. */
const toKafkajs = (ms) => (raw && Number.isFinite(ms) ? `${fmt(ms / raw.paced.p50, 1)} × raw kafkajs p50` : 'n/a');
const postmaster = pidListeningOn(connection.port);

// ---- 1. load the facts ----
const locations = reuse
  ? (await db.query('SELECT location_id AS id, time_zone AS zone, name FROM directory_location ORDER BY name')).rows
  : Array.from({ length: CENTERS }, (_, i) => ({
      id: randomUUID(),
      zone: ZONES[i % ZONES.length],
      name: `Center ${String(i + 1).padStart(3, '0')}`,
    }));
const weekly = JSON.stringify(
  Object.fromEntries(['1', '2', '3', '4', '5', '6'].map((d) => [d, [{ opens: '07:00', closes: '19:00' }]])),
);
let t0 = performance.now();
let facts;
let buildSeconds = 'n/a (BENCH_DATABASE: built by an earlier run)';
if (!reuse) {
  for (const l of locations)
    await db.query(
      `INSERT INTO directory_location (location_id, organisation_id, name, time_zone, chair_count, weekly_hours, closed_dates, last_sequence)
     VALUES ($1, $2, $3, $4, $5, $6, '[]', 1)`,
      [l.id, DEV_ORGANISATION_ID, l.name, l.zone, CHAIRS, weekly],
    );
  for (const l of locations) {
    // Whole-minute times, as the services record them; waits and lateness drawn per visit.
    await db.query(
      `INSERT INTO visit_fact (appointment_id, location_id, patient_id, therapy_code, chair_id, nurse_id, booked_at, starts_at, ends_at,
       duration_minutes, status, late_cancellation, cancelled_at, no_show_at, confirmed_at, checked_in_at, seated_at, drug_ready_at,
       infusion_started_at, infusion_completed_at, infusing_minutes, discharged_at, appointment_sequence)
     SELECT gen_random_uuid(), $1::uuid, gen_random_uuid(), therapy, md5($1::text || c)::uuid, md5($1::text || 'nurse' || (c % 8))::uuid,
       starts_at - (lead_days || ' days')::interval, starts_at, starts_at + (duration + 30) * interval '1 minute', duration,
       CASE WHEN fate < 0.07 THEN 'cancelled' WHEN fate < 0.12 THEN 'noshow' ELSE 'fulfilled' END,
       CASE WHEN fate < 0.07 THEN fate < 0.035 END, CASE WHEN fate < 0.07 THEN starts_at - interval '1 day' END,
       CASE WHEN fate >= 0.07 AND fate < 0.12 THEN starts_at + interval '30 minutes' END,
       CASE WHEN random() < 0.55 THEN starts_at - interval '1 day' END,
       CASE WHEN fate >= 0.12 THEN starts_at + late * interval '1 minute' END,
       CASE WHEN fate >= 0.12 THEN starts_at + (late + w1) * interval '1 minute' END,
       CASE WHEN fate >= 0.12 THEN starts_at + (late + w1 + w2) * interval '1 minute' END,
       CASE WHEN fate >= 0.12 THEN starts_at + (late + w1 + w2 + w3) * interval '1 minute' END,
       CASE WHEN fate >= 0.12 THEN starts_at + (late + w1 + w2 + w3 + duration) * interval '1 minute' END,
       CASE WHEN fate >= 0.12 THEN duration END,
       CASE WHEN fate >= 0.12 THEN starts_at + (late + w1 + w2 + w3 + duration + 30) * interval '1 minute' END, 1
     FROM generate_series(0, $3::int - 1) d, generate_series(1, $4::int) c, generate_series(0, 1) slot,
       LATERAL (SELECT ((date '${FIRST_DAY}' + d) + time '08:00' + slot * interval '5 hours' + (random() * 90)::int * interval '1 minute')
                       AT TIME ZONE $2 AS starts_at,
                  (ARRAY['iron', 'immune_globulin', 'chemotherapy', 'biologics', 'hydration'])[1 + floor(random() * 5)::int] AS therapy,
                  (ARRAY[30, 60, 90, 120, 180])[1 + floor(random() * 5)::int] AS duration, random() AS fate, floor(random() * 40)::int AS lead_days,
                  floor(random() * 45)::int - 20 AS late, floor(random() * 30)::int AS w1, floor(random() * 45)::int AS w2, floor(random() * 10)::int AS w3
                WHERE c > 0) x
     WHERE extract(isodow FROM date '${FIRST_DAY}' + d) < 7 AND random() < 0.8`,
      [l.id, l.zone, DAYS, CHAIRS],
    );
    await db.query(
      `INSERT INTO message_fact (message_id, appointment_id, location_id, kind, channel, status, rank, at)
     SELECT gen_random_uuid(), appointment_id, location_id, 'reminder', 'email', s.status, s.rank, starts_at - interval '1 day'
     FROM visit_fact v, LATERAL (SELECT CASE WHEN r < 0.1 THEN 'failed' WHEN r < 0.3 THEN 'sent' ELSE 'delivered' END AS status,
                                        CASE WHEN r < 0.1 THEN 2 WHEN r < 0.3 THEN 3 ELSE 4 END AS rank FROM (SELECT random() AS r WHERE v.location_id IS NOT NULL) x) s
     WHERE v.location_id = $1 AND random() < 0.6`,
      [l.id],
    );
    await db.query(
      `INSERT INTO reaction_fact (reaction_id, appointment_id, location_id, therapy_code, kind, grade, occurred_at)
     SELECT gen_random_uuid(), appointment_id, location_id, therapy_code, 'nausea', 1 + floor(random() * 4)::int, infusion_started_at + interval '10 minutes'
     FROM visit_fact WHERE location_id = $1 AND infusion_started_at IS NOT NULL AND random() < 0.03`,
      [l.id],
    );
  }
}
({
  rows: [facts],
} = await db.query(
  `SELECT (SELECT count(*) FROM visit_fact)::int AS visits, (SELECT count(*) FROM message_fact)::int AS messages,
          (SELECT count(*) FROM reaction_fact)::int AS reactions, (SELECT count(*) FROM kpi_stale_day)::int AS stale`,
));
if (!reuse) {
  log(
    `loaded ${facts.visits} visits, ${facts.messages} messages, ${facts.reactions} reactions in ${seconds(t0)} s; ${facts.stale} location-days to roll up`,
  );
  await db.query('VACUUM ANALYZE');

  // ---- build the rollups with the projector's recompute ----
  const dataSource = new DataSource({ ...reportingDataSourceOptions({ ...env, DATABASE_NAME: database }), logging: false });
  await dataSource.initialize();
  t0 = performance.now();
  let built = 0;
  for (;;) {
    const n = await dataSource.transaction((manager) => refreshStaleDays(manager, { limit: DAYS }));
    if (!n) break;
    built += n;
  }
  buildSeconds = seconds(t0);
  await dataSource.destroy();
  const {
    rows: [rollups],
  } = await db.query(
    `SELECT (SELECT count(*) FROM kpi_therapy_day)::int AS therapy_days, (SELECT count(*) FROM kpi_wait_histogram)::int AS histogram,
          (SELECT count(*) FROM kpi_hour)::int AS hours, pg_size_pretty(pg_database_size(current_database())) AS size`,
  );
  log(
    `rollups of ${built} location-days built in ${buildSeconds} s: ${rollups.therapy_days} therapy-day rows, ${rollups.histogram} histogram rows, ${rollups.hours} hour rows; database ${rollups.size}`,
  );
  await db.query('VACUUM ANALYZE');
  if (process.env.BENCH_LOAD_ONLY) {
    // Loading is most of a run's time: load once, then measure as often as needed with BENCH_DATABASE.
    log(`BENCH_LOAD_ONLY: database ${database} kept; run the rest with BENCH_DATABASE=${database}`);
    await db.end();
    process.exit(0);
  }
}

// ---- 2. and 3. each build of the service: the requests one after another, then live under report load ----
// The present code ("main": a build of the main branch's reporting, BENCH_OLD_SERVICE, default
// .data/old-reporting/dist/main.js when it is there) and this code ("new"), one after the other on the
// same database, each on topics of its own (so neither replays the other's live events).
const { existsSync } = await import('node:fs');
const oldService = process.env.BENCH_OLD_SERVICE ?? '.data/old-reporting/dist/main.js';
const variants = [
  ...(existsSync(oldService) ? [{ label: 'main', script: oldService }] : []),
  // BENCH_REPORTS_AT_ONCE (default 1; a list, e.g. 1,2, runs this code once per width): the report gate's width.
  ...(process.env.BENCH_REPORTS_AT_ONCE ?? '1').split(',').map((n) => ({
    label: `new-${n}`,
    script: undefined,
    extra: { KPI_REPORTS_AT_ONCE: n },
  })),
];
const url = `http://127.0.0.1:${PORT}`;
// As the bench's OAuth client (client credentials, analyst among its roles), like the other benches.
const { token } = bench;
const one = locations[0].id;
const last = new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
// A month inside the data, whole: the first one that begins after FIRST_DAY.
const monthStart = new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`));
monthStart.setUTCDate(1);
monthStart.setUTCMonth(monthStart.getUTCMonth() + 1);
const monthFrom = monthStart.toISOString().slice(0, 10);
const monthTo = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
const kpis = (query) => `/reports/kpis?${query}`;
const requests = [
  {
    key: 'month',
    name: 'one-location month',
    path: kpis(`from=${monthFrom}&to=${monthTo}&locationId=${one}`),
    repeats: REPEATS,
    old: { locationId: one, from: monthFrom, to: monthTo },
  },
  {
    key: 'year',
    name: 'one-location year',
    path: kpis(`from=${FIRST_DAY}&to=${last}&locationId=${one}`),
    repeats: REPEATS,
    old: { locationId: one, from: FIRST_DAY, to: last },
  },
  {
    key: 'org-year',
    name: 'organisation year',
    path: kpis(`from=${FIRST_DAY}&to=${last}`),
    repeats: Math.max(5, REPEATS / 4),
    old: { from: FIRST_DAY, to: last },
  },
  {
    key: 'heatmap',
    name: 'one-location heatmap month',
    path: kpis(`from=${monthFrom}&to=${monthTo}&locationId=${one}&include=heatmap`),
    repeats: REPEATS,
    old: { locationId: one, from: monthFrom, to: monthTo },
  },
  {
    key: 'org-heatmap',
    name: 'organisation heatmap month',
    path: kpis(`from=${monthFrom}&to=${monthTo}&include=heatmap`),
    repeats: Math.max(5, REPEATS / 4),
    old: { from: monthFrom, to: monthTo },
  },
  {
    key: 'csv',
    name: 'one-location year CSV',
    path: kpis(`from=${FIRST_DAY}&to=${last}&locationId=${one}&format=csv`),
    repeats: REPEATS,
    old: { locationId: one, from: FIRST_DAY, to: last },
    csv: true,
  },
  {
    key: 'org-csv',
    name: 'organisation year CSV',
    path: kpis(`from=${FIRST_DAY}&to=${last}&format=csv`),
    repeats: Math.max(5, REPEATS / 4),
    old: { from: FIRST_DAY, to: last },
    csv: true,
  },
];
// What the 20 clients ask for: every kind of answer the reports API has (JSON days, JSON with the
// heatmap, CSV of days, hours and therapies, the freshness), for one location and for the organisation.
const mix = [
  requests[0],
  requests[1],
  requests[2],
  requests[3],
  { name: 'organisation year CSV (days)', path: requests[6].path },
  {
    name: 'one-location month CSV (hours)',
    path: kpis(`from=${monthFrom}&to=${monthTo}&locationId=${one}&format=csv&view=hours`),
  },
  { name: 'organisation year CSV (therapies)', path: kpis(`from=${FIRST_DAY}&to=${last}&format=csv&view=therapies`) },
  { name: 'freshness', path: '/reports/freshness' },
];
const pct = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const stats = (times) => {
  const s = [...times].sort((a, b) => a - b);
  return { p50: pct(s, 0.5), p95: pct(s, 0.95), n: s.length };
};
async function get(path) {
  // Cached by the client until shortly before it expires; fetched outside the timed request.
  const authorization = `Bearer ${await token()}`;
  const t = performance.now();
  const response = await fetch(`${url}${path}`, { headers: { authorization } });
  const body = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${body.slice(0, 300)}`);
  return { ms: performance.now() - t, bytes: body.length };
}
const rssOf = (pid, field) =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
// What the process holds, from its own metrics (prom-client's defaults): the V8 heap in use and
// reserved, and memory outside it (Buffers, the drivers' sockets).
async function memory() {
  const text = await (await fetch(`${url}/metrics`)).text();
  const mb = (name) => (Number(new RegExp(`^chairside_${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1e6).toFixed(0);
  return `heap used ${mb('nodejs_heap_size_used_bytes')} of ${mb('nodejs_heap_size_total_bytes')} MB, external ${mb('nodejs_external_memory_bytes')} MB`;
}

const producer = kafka.producer({ allowAutoTopicCreation: false });
await producer.connect();
let sequence = 0;
const MINUTE = 60_000;
function visitEvents(i) {
  const l = locations[i % locations.length];
  const appointmentId = randomUUID();
  const ref = {
    appointmentId,
    locationId: l.id,
    patientId: randomUUID(),
    therapyCode: 'iron',
    chairId: randomUUID(),
    nurseId: randomUUID(),
  };
  // Live events are today's: one day at each center (visits spread over its working hours).
  const start = Date.parse('2027-06-01T13:00:00Z') + ((i * 7) % 480) * MINUTE;
  const at = (min) => new Date(start + min * MINUTE).toISOString();
  const event = (definition, data) => ({
    definition,
    event: c.buildEvent(definition, data, {
      aggregateId: appointmentId,
      aggregateSequence: ++sequence,
      correlationId: randomUUID(),
      locationId: l.id,
    }),
  });
  const s = (min) => ({ ...ref, actorId: 'bench-nurse', occurredAt: at(min) });
  return [
    event(c.AppointmentBookedV1, {
      ...ref,
      chairKind: 'recliner',
      startsAt: at(0),
      endsAt: at(60),
      chairReleasedAt: at(70),
      timeZone: l.zone,
      localStart: '2027-06-01T09:00:00',
      localEnd: '2027-06-01T10:00:00',
      durationMinutes: 30,
      observationMinutes: 30,
      bookedAt: at(-7 * 24 * 60),
    }),
    event(c.SessionCheckedInV1, { ...s(-5), plannedStartsAt: at(0), lateMinutes: -5 }),
    event(c.SessionSeatedV1, s(2)),
    event(c.SessionDrugReadyV1, s(10)),
    event(c.InfusionStartedV1, { ...s(12), plannedStartsAt: at(0) }),
  ];
}
async function send(events) {
  const byTopic = new Map();
  for (const e of events) {
    const topic = m.physicalTopic(e.definition.topic.name);
    byTopic.set(topic, [
      ...(byTopic.get(topic) ?? []),
      { key: e.event.data.appointmentId, value: JSON.stringify(e.event), headers: { ce_id: e.event.id, ce_type: e.event.type } },
    ]);
  }
  await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
}

const basePrefix = process.env.KAFKA_TOPIC_PREFIX;
const runs = [];
for (const variant of variants) {
  const run = { label: variant.label, results: [] };
  runs.push(run);
  // Topics of this variant's own: its consumer starts on empty topics.
  process.env.KAFKA_TOPIC_PREFIX = `${basePrefix}${variant.label}.`;
  await m.ensureTopics(kafka, c.ALL_TOPICS);
  const service = spawnService(
    PORT,
    {
      KAFKA_CONSUMER_GROUP: `bench-kpis-${variant.label}-${Date.now()}`,
      DATABASE_NAME: database,
      KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX,
      ...variant.extra,
    },
    variant.script,
  );
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error('reporting did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`[${variant.label}] reporting ${variant.script ?? 'apps/reporting/dist/main.js'} ready`);
  // CPU of the processes a report involves, read from /proc around each kind's timed runs (reference.mjs).
  const groups = cpuGroups({
    postgresPort: connection.port,
    kafkaPort,
    services: [{ name: `reporting (${variant.label})`, pid: service.pid }],
  });

  // ---- 2. the requests one after another ----
  for (const r of requests) {
    if (!wants('requests', r.key)) continue;
    await get(r.path); // warm-up
    const times = [];
    let bytes = 0;
    const cpuUsed = startCpu(groups);
    for (let i = 0; i < r.repeats; i++) ({ ms: times[i], bytes } = await get(r.path));
    const cpu = cpuUsed.end(r.repeats);
    const peak = rssOf(service.pid, 'VmHWM');
    run.results.push({ ...r, new: stats(times), bytes, peak, cpu });
    log(
      `[${variant.label}] ${r.name}: p50 ${stats(times).p50.toFixed(0)} ms, p95 ${stats(times).p95.toFixed(0)} ms = ${toPgbench(stats(times).p95)} (${r.repeats} runs, ${(bytes / 1e6).toFixed(2)} MB); reporting peak RSS so far ${(peak / 1e6).toFixed(0)} MB (${await memory()}); CPU per request:\n${formatCpu(cpu, 'request')}`,
    );
  }

  // ---- 3. freshness while 20 clients ask for reports, health polled ----
  if (!wants('live')) {
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    continue;
  }
  {
    // What the broker holds: its CPU in the live phase grows with the partitions earlier runs left on it.
    const admin = kafka.admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata();
    await admin.disconnect();
    log(
      `[${variant.label}] live: the broker holds ${topics.length} topics, ${topics.reduce((n, t) => n + t.partitions.length, 0)} partitions`,
    );
  }
  // CPU over the whole live phase, per report answered (the reporting process's includes applying the events).
  const liveCpuUsed = startCpu(groups);
  let stop = false;
  const underLoad = [];
  const failures = [];
  const clients = Array.from({ length: CLIENTS }, async (_, k) => {
    for (let i = k; !stop; i++) {
      const r = mix[i % mix.length];
      try {
        underLoad.push({ name: r.name, ...(await get(r.path)) });
      } catch (error) {
        failures.push(String(error).slice(0, 200));
      }
    }
  });
  // Health as an orchestrator sees it: /health/ready every 100 ms, each allowed 1 s.
  const health = { polls: 0, failed: 0, slowest: 0 };
  let polling = true;
  const healthPoller = (async () => {
    while (polling) {
      const t = performance.now();
      const ok = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1_000) }).then(
        async (r) => (await r.text(), r.status === 200),
        () => false,
      );
      health.polls++;
      if (!ok) health.failed++;
      health.slowest = Math.max(health.slowest, performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const times = new Map();
  // Freshness of the figures (the headline, as in every earlier run): an event is fresh once its inbox
  // row is committed and its location has no day left marked for recompute (its facts, and the rollups
  // recomputed from them), both read in one snapshot every 50 ms. Beside it, "facts visible": the
  // first poll that sees the event's inbox row committed. Each poll is timed by PostgreSQL's own clock
  // (clock_timestamp() in the statement, read just after its snapshot, on the machine whose clock
  // stamped the events), not by when the answer reached this process, so a reply waiting for this
  // busy event loop adds nothing; a figure is still late by up to 50 ms plus the poll query. The
  // poller has a connection of its own: on the one `applied()` below uses, a poll could queue behind it.
  const watcher = new (await import('pg')).default.Client({ ...connection, database });
  await watcher.connect();
  const pending = new Map();
  const fresh = [];
  const factsVisible = [];
  // BENCH_ACTIVITY=1: what the service's backends were doing, sampled every 100 ms on a connection of its
  // own (pg_stat_activity: state and wait event per application name; "running" = active, no wait event).
  const activity = new Map();
  const activitySampler = process.env.BENCH_ACTIVITY
    ? (async () => {
        const sampler = new (await import('pg')).default.Client({ ...connection, database });
        await sampler.connect();
        while (polling) {
          const { rows: sample } = await sampler.query(
            `SELECT application_name AS app, CASE WHEN state = 'active' AND wait_event IS NULL THEN 'running'
                      ELSE state || coalesce(' ' || wait_event_type || ':' || wait_event, '') END AS what, count(*)::int AS n
               FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
                 AND application_name LIKE 'chairside-reporting%' GROUP BY 1, 2`,
          );
          activity.set('samples', (activity.get('samples') ?? 0) + 1);
          for (const r of sample) activity.set(`${r.app} ${r.what}`, (activity.get(`${r.app} ${r.what}`) ?? 0) + r.n);
          await new Promise((r) => setTimeout(r, 100));
        }
        await sampler.end();
      })()
    : undefined;
  const poller = (async () => {
    while (polling || pending.size) {
      if (pending.size) {
        const {
          rows: [seen],
        } = await watcher.query(
          `SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS at,
                  (SELECT coalesce(array_agg(event_id::text), '{}') FROM inbox WHERE event_id = ANY($1)) AS applied,
                  (SELECT coalesce(array_agg(DISTINCT location_id::text), '{}') FROM kpi_stale_day) AS stale`,
          [[...pending.keys()]],
        );
        const stale = new Set(seen.stale);
        for (const id of seen.applied) {
          const p = pending.get(id);
          if (!p) continue;
          if (!p.visible) {
            p.visible = true;
            factsVisible.push(Math.round(seen.at - p.created));
          }
          if (!stale.has(p.locationId)) {
            fresh.push(Math.round(seen.at - p.created));
            pending.delete(id);
          }
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  // The clients first, so the events arrive into a full report queue.
  await new Promise((r) => setTimeout(r, 2_000));
  const acked = [];
  // This process's own event-loop delay over the live phase (the report clients' bodies are parsed here).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // The service's: prom-client's event-loop delay gauges cover the time since its previous scrape, so
  // a scrape now starts the window and one after the events were applied reads it.
  const serviceLoop = async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const gauge = (name) =>
      Number(new RegExp(`^chairside_nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1]) * 1000;
    return { p99: gauge('p99'), max: gauge('max') };
  };
  await serviceLoop();
  const liveStart = Date.now();
  let produced = 0;
  let visitsProduced = 0;
  for (let tick = 0; tick < SECONDS * 10; tick++) {
    const wait = liveStart + tick * 100 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const slice = Array.from({ length: Math.ceil(RATE / 10 / 5) }, () => visitEvents(visitsProduced++)).flat();
    for (const e of slice) {
      times.set(e.event.id, Date.parse(e.event.time));
      pending.set(e.event.id, { created: Date.parse(e.event.time), locationId: e.event.data.locationId });
    }
    await send(slice);
    // Each event's created → the broker's acknowledgement (acks: all) of its batch, read on this
    // process's clock: how much of a freshness is the way in (the broker, and this load generator's
    // own busy event loop), before the service could have seen the event at all.
    const ackedAt = Date.now();
    for (const e of slice) acked.push(ackedAt - Date.parse(e.event.time));
    produced += slice.length;
  }
  const liveSeconds = (Date.now() - liveStart) / 1000;
  loopDelay.disable();
  acked.sort((a, b) => a - b);
  // Counted by id: the inbox holds the other variant's events too.
  const applied = async () =>
    Number((await db.query('SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1)', [[...times.keys()]])).rows[0].n);
  while ((await applied()) < produced) await new Promise((r) => setTimeout(r, 200));
  const serviceLoopDelay = await serviceLoop();
  polling = false;
  await poller;
  await activitySampler;
  await watcher.end();
  await healthPoller;
  fresh.sort((a, b) => a - b);
  factsVisible.sort((a, b) => a - b);
  stop = true;
  await Promise.all(clients);
  const liveCpu = liveCpuUsed.end(Math.max(1, underLoad.length));
  const { rows } = await db.query(`SELECT event_id, handled_at FROM inbox WHERE event_id = ANY($1)`, [[...times.keys()]]);
  // Event created → its inbox transaction's first statement (handled_at is clock_timestamp() at the inbox
  // INSERT, before the run's facts are written and committed): the consumer's delay, not the facts'.
  const freshness = rows.map((r) => new Date(r.handled_at).getTime() - times.get(r.event_id)).sort((a, b) => a - b);
  const peakRss = rssOf(service.pid, 'VmHWM');
  const loadStats = Object.fromEntries(
    mix.map((r) => [r.name, stats(underLoad.filter((u) => u.name === r.name).map((u) => u.ms))]),
  );
  Object.assign(run, {
    produced,
    liveSeconds,
    fresh,
    factsVisible,
    freshness,
    peakRss,
    loadStats,
    health,
    failures,
    served: underLoad.length,
    liveCpu,
  });
  log(
    `[${variant.label}] live: ${produced} events at ${(produced / liveSeconds).toFixed(0)}/s for ${liveSeconds.toFixed(1)} s while ${CLIENTS} clients made ${underLoad.length} report requests (${failures.length} failed); freshness of the figures (report fresh: facts committed and no day of the location marked) p50 ${pct(fresh, 0.5)} ms, p99 ${pct(fresh, 0.99)} ms, max ${fresh.at(-1)} ms; facts visible (inbox row committed, first seen) p50 ${pct(factsVisible, 0.5)} ms, p99 ${pct(factsVisible, 0.99)} ms, max ${factsVisible.at(-1)} ms; event created → inbox transaction's first statement p50 ${pct(freshness, 0.5)} ms, p99 ${pct(freshness, 0.99)} ms, max ${freshness.at(-1)} ms; event created → produce acknowledged by the broker p50 ${pct(acked, 0.5)} ms, p99 ${pct(acked, 0.99)} ms, max ${acked.at(-1)} ms; reporting's event-loop delay p99 ${serviceLoopDelay.p99.toFixed(0)} ms, max ${serviceLoopDelay.max.toFixed(0)} ms; this load generator's p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms; /health/ready ${health.failed} of ${health.polls} not 200 within 1 s (slowest ${health.slowest.toFixed(0)} ms)`,
  );
  log(
    `[${variant.label}] live as ratios: freshness p99 ${toKafkajs(pct(fresh, 0.99))}, ${toPgbench(pct(fresh, 0.99))}; CPU per report answered (${underLoad.length}; the ${produced} events' work included, ${fmt((liveCpu.rows.find((x) => x.name.startsWith('reporting'))?.ms ?? NaN) / produced, 2)} ms of reporting's CPU per event if all of it were theirs):\n${formatCpu(liveCpu, 'report')}`,
  );
  if (activity.size) {
    const samples = activity.get('samples');
    activity.delete('samples');
    log(
      `[${variant.label}] live: PostgreSQL sessions of the service by state, mean over ${samples} samples (BENCH_ACTIVITY):\n${[
        ...activity,
      ]
        .sort((x, y) => y[1] - x[1])
        .map(([k, n]) => `    ${k}: ${(n / samples).toFixed(2)}`)
        .join('\n')}`,
    );
  }
  for (const f of failures.slice(0, 3)) log(`[${variant.label}]   failed: ${f}`);
  for (const [name, s] of Object.entries(loadStats))
    log(`[${variant.label}]   under load, ${name}: p50 ${s.p50?.toFixed(0)} ms, p95 ${s.p95?.toFixed(0)} ms (${s.n})`);
  log(`[${variant.label}] reporting peak RSS (VmHWM) ${(peakRss / 1e6).toFixed(0)} MB (after the live phase: ${await memory()})`);
  service.kill('SIGTERM');
  await new Promise((r) => service.once('exit', r));
}
await producer.disconnect();

// ---- 4. the old computation on the same data ----
const newRun = runs.at(-1);
for (const r of newRun.results) {
  if (!r.old || !wants('old')) continue;
  // The organisation year's CSV is that same computation and more: not run again once it did not finish.
  const orgYear = newRun.results.find((x) => x.name === 'organisation year');
  if (r.csv && !r.old.locationId && orgYear?.oldResult?.failed) {
    r.oldResult = { failed: `not run (the organisation year's computation, which it needs, ${orgYear.oldResult.failed})` };
    log(`old ${r.name}: ${r.oldResult.failed}`);
    continue;
  }
  const repeats = r.old.locationId ? 3 : 1;
  const query = JSON.stringify({ organisationId: DEV_ORGANISATION_ID, locations: '*', ...r.old });
  // PostgreSQL's CPU over the child's life (connecting included), per run; the child's own it reports.
  const postgresBefore = postmaster ? processTreeCpuMs(postmaster) : NaN;
  const outcome = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['infra/bench/kpis-per-visit.mjs', database, query, String(repeats), r.csv ? 'csv' : 'json'],
      { env: { ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    // Cut off after OLD_TIMEOUT_S, its CPU read from /proc first (what it spent until then).
    let cutCpuMs;
    const timer = setTimeout(() => {
      cutCpuMs = processCpuMs(child.pid);
      child.kill('SIGKILL');
    }, OLD_TIMEOUT_S * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(
        code === 0
          ? JSON.parse(out.trim().split('\n').at(-1))
          : { failed: signal ? `> ${OLD_TIMEOUT_S} s, cut off` : `exit ${code}`, cutCpuMs },
      );
    });
  });
  outcome.postgresCpuMs = (postmaster ? processTreeCpuMs(postmaster) - postgresBefore : NaN) / repeats;
  r.oldResult = outcome;
  const oldCpu = outcome.cpuMs
    ? `CPU per request: this process ${outcome.cpuMs.map((t) => fmt(t)).join(', ')} ms`
    : `CPU until cut off: this process ${fmt(outcome.cutCpuMs)} ms`;
  log(
    outcome.failed
      ? `old ${r.name}: ${outcome.failed}; ${oldCpu}, PostgreSQL ${fmt(outcome.postgresCpuMs)} ms`
      : `old ${r.name}: ${outcome.times.map((t) => t.toFixed(0)).join(', ')} ms = ${toPgbench(Math.max(...outcome.times))} (${repeats} runs in-process, no HTTP), peak RSS ${(outcome.peakRss / 1e6).toFixed(0)} MB; ${oldCpu}, PostgreSQL ${fmt(outcome.postgresCpuMs)} ms per request (all backends: whatever else used it meanwhile counted too)`,
  );
}

// ---- 5. the largest report the service accepts: the organisation's year over MAX_REPORT_LOCATIONS ----
// On a scratch copy, so the loaded database stays as it was: the rollups of the loaded centers copied
// under new locations until there are MAX_REPORT_LOCATIONS. Run with this code's process and its memory
// settings (processMemoryEnv, as npm start and docker-compose give them).
let largest;
let dbEnded = false;
if (!process.env.BENCH_NO_LARGEST && wants('largest')) {
  const { MAX_REPORT_LOCATIONS } = await import('../../apps/reporting/dist/kpis/kpi-report.query.js');
  const pg = (await import('pg')).default;
  const scratch = `${database}_largest`;
  const repeats = Number(process.env.BENCH_LARGEST_REPEATS ?? 3);
  largest = { locations: MAX_REPORT_LOCATIONS, results: [] };
  // CREATE DATABASE … TEMPLATE needs the template without sessions: ours is not needed after this.
  await db.end();
  dbEnded = true;
  const admin = new pg.Client({ ...connection, database: 'postgres' });
  await admin.connect();
  let service;
  try {
    t0 = performance.now();
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${scratch}" TEMPLATE "${database}" STRATEGY FILE_COPY`);
    const copy = new pg.Client({ ...connection, database: scratch });
    await copy.connect();
    const copies = Math.ceil(MAX_REPORT_LOCATIONS / locations.length) - 1;
    // New location k of loaded location l: Center NNN-k, its rollups l's, as if l's year had happened again there.
    await copy.query(
      `CREATE TABLE bench_largest_location AS
         SELECT location_id AS old_id, gen_random_uuid() AS new_id, k FROM directory_location, generate_series(1, $1::int) k`,
      [copies],
    );
    await copy.query(
      `DELETE FROM bench_largest_location WHERE (old_id, k) IN (
        SELECT old_id, k FROM bench_largest_location ORDER BY k, old_id OFFSET $1)`,
      [MAX_REPORT_LOCATIONS - locations.length],
    );
    await copy.query(`INSERT INTO directory_location (location_id, organisation_id, name, time_zone, chair_count, weekly_hours, closed_dates, last_sequence)
        SELECT m.new_id, l.organisation_id, l.name || '-' || m.k, l.time_zone, l.chair_count, l.weekly_hours, l.closed_dates, l.last_sequence
        FROM directory_location l JOIN bench_largest_location m ON m.old_id = l.location_id`);
    const tables = (
      await copy.query(
        `SELECT table_name, string_agg(column_name, ', ' ORDER BY ordinal_position) FILTER (WHERE column_name <> 'location_id') AS columns
           FROM information_schema.columns WHERE table_schema = 'public' AND left(table_name, 4) = 'kpi_'
            AND table_name NOT IN ('kpi_stale_day', 'kpi_hour') GROUP BY table_name
         HAVING bool_or(column_name = 'location_id')`,
      )
    ).rows;
    let rows = 0;
    for (const t of tables) {
      // A scratch copy needs no crash safety: unlogged, the copied rows write no WAL (minutes less); read the same.
      await copy.query(`ALTER TABLE ${t.table_name} SET UNLOGGED`).catch(() => undefined); // logged if it cannot be
      rows += (
        await copy.query(
          `INSERT INTO ${t.table_name} (location_id, ${t.columns})
             SELECT m.new_id, ${t.columns.replace(/(^|, )/g, '$1x.')} FROM ${t.table_name} x JOIN bench_largest_location m ON m.old_id = x.location_id`,
        )
      ).rowCount;
    }
    await copy.query('VACUUM ANALYZE');
    const {
      rows: [count],
    } = await copy.query(`SELECT count(*)::int AS n FROM directory_location WHERE organisation_id = $1`, [DEV_ORGANISATION_ID]);
    await copy.end();
    log(
      `largest: scratch database ${scratch} with ${count.n} locations (${rows} rollup rows copied into ${tables.map((t) => t.table_name).join(', ')}) in ${seconds(t0)} s`,
    );
    largest.count = count.n;
    process.env.KAFKA_TOPIC_PREFIX = `${basePrefix}largest.`;
    await m.ensureTopics(kafka, c.ALL_TOPICS);
    service = spawnService(PORT, {
      KAFKA_CONSUMER_GROUP: `bench-kpis-largest-${Date.now()}`,
      DATABASE_NAME: scratch,
      KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX,
    });
    let exited;
    service.once('exit', (code, signal) => (exited = signal ?? `exit ${code}`));
    for (let i = 0; ; i++) {
      const ok = await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 600 || exited) throw new Error(`reporting on ${scratch} did not become ready (${exited ?? 'timeout'})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    log(`largest: reporting ready on ${scratch} (NODE_OPTIONS ${processMemoryEnv('reporting', env).NODE_OPTIONS})`);
    const groups = cpuGroups({ postgresPort: connection.port, services: [{ name: 'reporting (largest)', pid: service.pid }] });
    for (const r of [
      { name: `organisation year, ${count.n} locations`, path: kpis(`from=${FIRST_DAY}&to=${last}`) },
      { name: `organisation year as CSV of days, ${count.n} locations`, path: kpis(`from=${FIRST_DAY}&to=${last}&format=csv`) },
    ]) {
      const times = [];
      let bytes = 0;
      let failed;
      const cpuUsed = startCpu(groups);
      for (let i = 0; i < repeats && !failed; i++) {
        try {
          ({ ms: times[i], bytes } = await get(r.path));
        } catch (error) {
          failed = String(error).slice(0, 300);
        }
      }
      const cpu = cpuUsed.end(Math.max(1, times.length));
      const peak = exited ? NaN : rssOf(service.pid, 'VmHWM');
      const result = { ...r, times, bytes, peak, cpu, failed: failed ?? (exited ? `process ${exited}` : undefined) };
      largest.results.push(result);
      log(
        `largest: ${r.name}: ${result.failed ? `FAILED ${result.failed}; ` : ''}${times.map((t) => t.toFixed(0)).join(', ')} ms = ${toPgbench(Math.max(...times))} (${(bytes / 1e6).toFixed(2)} MB); reporting ${exited ? `died: ${exited}` : `alive, peak RSS so far ${(peak / 1e6).toFixed(0)} MB (${await memory()})`}; CPU per request:\n${formatCpu(cpu, 'request')}`,
      );
      if (exited) break;
    }
    largest.exited = exited;
  } catch (error) {
    largest.error = String(error).slice(0, 300);
    log(`largest: not measured: ${largest.error}`);
  } finally {
    if (service && service.exitCode === null && !service.signalCode) {
      service.kill('SIGTERM');
      await new Promise((r) => service.once('exit', r));
    }
    if (process.env.BENCH_KEEP_DATABASE === '1') log(`largest: kept ${scratch}`);
    else await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.end();
  }
}

console.log(
  `\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; PostgreSQL and Kafka on the same machine; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the end.`,
);
console.log(
  `Data: ${CENTERS} centers × ${CHAIRS} chairs × ${DAYS} days from ${FIRST_DAY} to ${last}: ${facts.visits} visits, ${facts.messages} messages, ${facts.reactions} reactions; rollups built in ${buildSeconds} s. Month: ${monthFrom} to ${monthTo}; year: ${FIRST_DAY} to ${last}.`,
);
const ms = (s) => (s ? `${s.p50.toFixed(0)} / ${s.p95.toFixed(0)} ms` : 'n/a');
/** A process's CPU ms per request in a phase's CPU table (reference.mjs), by the start of its name. */
const cpuOf = (cpu, name) => fmt(cpu?.rows.find((x) => x.name.startsWith(name))?.perOp, 1);
console.log(
  `| request | ${runs.map((r) => `${r.label} p50 / p95; p95 ÷ pgbench latency; CPU ms per request: reporting, PostgreSQL`).join(' | ')} | old (per visit, in-process): time; ÷ pgbench latency; CPU ms per request: its process, PostgreSQL; peak RSS |`,
);
console.log(`|---|${runs.map(() => '---|').join('')}---|`);
for (const r of newRun.results)
  console.log(
    `| ${r.name} (${(r.bytes / 1e6).toFixed(2)} MB) | ${runs
      .map((run) => {
        const x = run.results.find((y) => y.name === r.name);
        return x ? `${ms(x.new)}; ${toPgbench(x.new.p95)}; ${cpuOf(x.cpu, 'reporting')}, ${cpuOf(x.cpu, 'PostgreSQL')}` : 'n/a';
      })
      .join(' | ')} | ${
      !r.oldResult
        ? 'n/a'
        : r.oldResult.failed
          ? `${r.oldResult.failed}${r.oldResult.cutCpuMs ? ` (its process's CPU until then ${fmt(r.oldResult.cutCpuMs)} ms, PostgreSQL ${fmt(r.oldResult.postgresCpuMs)} ms)` : ''}`
          : `${Math.min(...r.oldResult.times).toFixed(0)}–${Math.max(...r.oldResult.times).toFixed(0)} ms; ${toPgbench(Math.max(...r.oldResult.times))}; ${fmt(Math.max(...r.oldResult.cpuMs))}, ${fmt(r.oldResult.postgresCpuMs)}; ${(r.oldResult.peakRss / 1e6).toFixed(0)} MB`
    } |`,
  );
const row = (name, f) =>
  runs.some((r) => r.fresh) && console.log(`| ${name} | ${runs.map((r) => (r.fresh ? f(r) : 'n/a')).join(' | ')} | |`);
row(
  'live: freshness of the figures p50 / p99 / max; p99 as ratios',
  (r) =>
    `${pct(r.fresh, 0.5)} / ${pct(r.fresh, 0.99)} / ${r.fresh.at(-1)} ms; ${toKafkajs(pct(r.fresh, 0.99))}, ${toPgbench(pct(r.fresh, 0.99))}`,
);
row(
  'live: facts visible (inbox row committed) p50 / p99 / max',
  (r) => `${pct(r.factsVisible, 0.5)} / ${pct(r.factsVisible, 0.99)} / ${r.factsVisible.at(-1)} ms`,
);
row('live: event created → inbox transaction began p50 / p99', (r) => `${pct(r.freshness, 0.5)} / ${pct(r.freshness, 0.99)} ms`);
row('live: events', (r) => `${r.produced} at ${(r.produced / r.liveSeconds).toFixed(0)}/s`);
row(`live: reports answered (${CLIENTS} clients), failed`, (r) => `${r.served}, ${r.failures.length} failed`);
row(
  'live: CPU ms per report answered (events included): reporting, PostgreSQL, Kafka broker',
  (r) => `${cpuOf(r.liveCpu, 'reporting')}, ${cpuOf(r.liveCpu, 'PostgreSQL')}, ${cpuOf(r.liveCpu, 'Kafka')}`,
);
for (const q of mix) row(`live: ${q.name}`, (r) => ms(r.loadStats[q.name]));
row(
  'live: /health/ready not 200 (of polls), slowest',
  (r) => `${r.health.failed} of ${r.health.polls}, ${r.health.slowest.toFixed(0)} ms`,
);
row('reporting peak RSS (VmHWM)', (r) => `${(r.peakRss / 1e6).toFixed(0)} MB`);
if (largest) {
  console.log(
    `\nThe largest accepted report, ${largest.count ?? '?'} locations (cap ${largest.locations}), this code with its memory settings (${processMemoryEnv('reporting', env).NODE_OPTIONS}):${largest.error ? ` not measured: ${largest.error}` : ''}`,
  );
  for (const x of largest.results)
    console.log(
      `| ${x.name} (${(x.bytes / 1e6).toFixed(2)} MB) | ${x.times.map((t) => t.toFixed(0)).join(', ')} ms; ${toPgbench(Math.max(...x.times))}; CPU ms per request: reporting ${cpuOf(x.cpu, 'reporting')}, PostgreSQL ${cpuOf(x.cpu, 'PostgreSQL')} | ${x.failed ? `FAILED: ${x.failed}` : `answered, peak RSS ${(x.peak / 1e6).toFixed(0)} MB`} |`,
    );
}
console.log(
  reference
    ? `Reference in this run, before the benchmark: ${reference.command} ${fmt(reference.tps)} TPS, latency average ${fmt(reference.latencyAverage, 1)} ms; raw kafkajs paced at ${RATE}/s p50 ${fmt(raw.paced.p50, 1)} ms.`
    : 'Reference: not run (BENCH_NO_PGBENCH): no ratios.',
);
if (reuse && !dbEnded) await db.end();
// This run's topics go (each variant's and the largest's, under this run's prefix): a shared local
// broker kept them otherwise, and hundreds of partitions left by earlier runs cost a broker on two
// cores CPU that the next run's live phase measures (docs/benchmarks.md, session 23).
{
  const admin = kafka.admin();
  await admin.connect();
  const ours = (await admin.listTopics()).filter((t) => t.startsWith(basePrefix));
  if (ours.length) await admin.deleteTopics({ topics: ours, timeout: 30_000 }).catch(() => undefined);
  await admin.disconnect();
}
await finish();
process.exit(0);
