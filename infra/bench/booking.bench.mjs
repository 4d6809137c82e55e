// npm run bench:booking — booking and slot search over HTTP against a real scheduling process.
//   BENCH_SECONDS (20) of booking with BENCH_CLIENTS (50) concurrent clients, then BENCH_SEARCHES
//   (200) slot searches at one 40-chair location. Reports throughput, latency and an overlap audit,
//   each beside the machine's own limit measured first in the same run (pgbench TPC-B, reference.mjs)
//   as a ratio, and the CPU ms per booking and per search of every process involved.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { DateTime } from 'luxon';
import {
  cpuGroups,
  fmt,
  formatCpu,
  formatLatency,
  formatPgbench,
  formatRatio,
  latencySummary,
  pgbenchReference,
  postgresConnection,
  samplePostgresWaits,
  formatPostgresWaits,
  startCpu,
} from './reference.mjs';
import { prepareServiceBench } from './service-bench.mjs';
import { ROOT } from '../dev/steps.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 200);
// BENCH_IDEMPOTENCY=1: every booking carries an Idempotency-Key, as the simulator's and careful clients' do.
const IDEMPOTENCY = process.env.BENCH_IDEMPOTENCY === '1';
const LOCATIONS = 10;
const DAYS = 14;
const ZONE = 'America/Chicago';
const PORT = 3901;
const { db, env, database, spawnService, finish, token: benchToken } = await prepareServiceBench('scheduling');
// The reference first, on a machine where nothing of the benchmark runs yet.
const reference = await pgbenchReference({ connection: postgresConnection(env) });
console.log(formatPgbench(reference));
const postgresPort = postgresConnection(env).port;
const kafkaPort = Number((env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':').at(-1));

// Setup by SQL: 11 locations × (40 chairs, 12 nurses with a 10-hour shift a day), 5,000 patients.
const { DEV_ORGANISATION_ID } = await import('../../libs/platform/dist/index.js');
const first = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf('day');
const hours = JSON.stringify(
  Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), [{ opens: '07:00', closes: '19:00' }]])),
);
const locations = [];
for (let l = 0; l <= LOCATIONS; l++) {
  const id = randomUUID();
  locations.push(id);
  await db.query(
    `INSERT INTO location (id, organisation_id, name, time_zone, version, weekly_hours) VALUES ($1, $2, $3, $4, 1, $5)`,
    [id, DEV_ORGANISATION_ID, `Bench ${l}`, ZONE, hours],
  );
  await db.query(
    `INSERT INTO chair (id, location_id, label, kind, version) SELECT gen_random_uuid(), $1, 'Chair ' || i, CASE WHEN i % 10 = 9 THEN 'bed' WHEN i % 10 = 8 THEN 'private_room' ELSE 'recliner' END, 1 FROM generate_series(1, 40) i`,
    [id],
  );
  for (let n = 0; n < 12; n++) {
    const nurse = randomUUID();
    await db.query(
      `INSERT INTO nurse (id, location_id, display_name, certifications, capacity, start_window_minutes) VALUES ($1, $2, $3, $4, 4, 15)`,
      [nurse, id, `Nurse ${n}`, n % 3 === 0 ? ['infusion'] : ['infusion', 'chemotherapy_biotherapy']],
    );
    for (let d = 0; d < DAYS; d++) {
      const s = first.plus({ days: d }).set({ hour: n % 2 ? 7 : 9 });
      await db.query(
        `INSERT INTO nurse_shift (id, nurse_id, starts_at, ends_at, breaks) VALUES (gen_random_uuid(), $1, $2, $3, $4)`,
        [
          nurse,
          s.toJSDate(),
          s.plus({ hours: 10 }).toJSDate(),
          JSON.stringify([{ start: s.plus({ hours: 5 }).toISO(), end: s.plus({ hours: 5, minutes: 30 }).toISO() }]),
        ],
      );
    }
  }
}
// Medical record numbers as the service assigns them (patient registry migration: 'C' and eight digits from the sequence).
const MRN = `'C' || lpad(nextval('patient_mrn_seq')::text, 8, '0')`;
const { rows: patients } = await db.query(
  `INSERT INTO patient (id, organisation_id, given_name, family_name, date_of_birth, version, mrn, name_search) SELECT gen_random_uuid(), $1, 'Bench', 'Patient ' || i, '1970-01-01', 1, ${MRN}, 'bench patient ' || i FROM generate_series(1, 5000) i RETURNING id`,
  [DEV_ORGANISATION_ID],
);

const spawnedAt = performance.now();
const service = spawnService(PORT, {
  DATABASE_POOL_SIZE: process.env.BENCH_POOL ?? '20',
  KAFKA_CONSUMER_GROUP: `bench-${Date.now()}`,
});
const url = `http://127.0.0.1:${PORT}`;
for (let i = 0; ; i++) {
  if (
    await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 300) throw new Error('scheduling did not start');
  await new Promise((r) => setTimeout(r, 100));
}
// From spawn to /health/ready: the service's start, its warm-up (WARM_UP_ROUNDS, since session 12) included.
const readyMs = performance.now() - spawnedAt;
const token = await benchToken();
// pg_stat_statements, where the server loads it (shared_preload_libraries): each statement's calls and
// execution time per booking, this database only. Wall time inside PostgreSQL, lock waits included.
const statements = await db
  .query(`SELECT current_setting('shared_preload_libraries') ~ 'pg_stat_statements' AS loaded`)
  .then(async ({ rows: [{ loaded }] }) => {
    if (!loaded) return undefined;
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    return {
      reset: () => db.query('SELECT pg_stat_statements_reset()'),
      read: () =>
        db
          .query(
            `SELECT calls::float8, total_exec_time, total_plan_time, rows::float8, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
               FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
              ORDER BY total_exec_time DESC`,
          )
          .then((r) => r.rows),
    };
  });
// The kernel's TCP counters (whole machine) over the booking phase: a connection burst that overflows a
// listen queue shows as ListenOverflows / SYN retransmissions, each costing the client about 1 s (the initial RTO).
const tcpCounters = () => {
  const out = {};
  for (const file of ['/proc/net/netstat', '/proc/net/snmp']) {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const names = lines[i].split(/\s+/);
      const values = lines[i + 1].split(/\s+/);
      names.slice(1).forEach((n, j) => (out[`${names[0]}${n}`] = Number(values[j + 1])));
    }
  }
  return out;
};
const TCP_COUNTERS = [
  'TcpExt:ListenOverflows',
  'TcpExt:ListenDrops',
  'TcpExt:TCPReqQFullDrop',
  'TcpExt:TCPSynRetrans',
  'Tcp:RetransSegs',
  'Tcp:ActiveOpens',
  'Tcp:PassiveOpens',
];
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const THERAPIES = ['iron', 'hydration', 'immunotherapy', 'steroids', 'iv_antibiotics', 'biologics', 'therapeutic_phlebotomy'];
// The load generator is this process with Node's fetch (undici): an in-process client, whose CPU is
// measured and reported beside the service's rather than assumed to be free.
const groups = cpuGroups({
  postgresPort,
  kafkaPort,
  services: [{ name: 'scheduling service', pid: service.pid }],
  self: 'load generator (this process, fetch)',
});

// Booking: each client books a random patient, therapy, location and start on the 15-minute grid.
let seed = 11;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
/** CLIENTS clients booking as fast as they can for `seconds`; each request handed to `record`. */
async function book(seconds, record) {
  const from = performance.now();
  let running = true;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let nth = 0; running; nth++) {
        const start = first.plus({ days: Math.floor(random() * DAYS), minutes: 8 * 60 + 15 * Math.floor(random() * 28) });
        const body = {
          patientId: patients[Math.floor(random() * patients.length)].id,
          therapyCode: THERAPIES[Math.floor(random() * THERAPIES.length)],
          startsAt: start.toUTC().toISO(),
        };
        const t = performance.now();
        const response = await fetch(`${url}/locations/${locations[Math.floor(random() * LOCATIONS)]}/appointments`, {
          method: 'POST',
          headers: IDEMPOTENCY ? { ...headers, 'idempotency-key': randomUUID() } : headers,
          body: JSON.stringify(body),
        });
        await response.arrayBuffer();
        record({ client, nth, t, done: performance.now(), status: response.status });
        if (performance.now() - from > seconds * 1000) running = false;
      }
    }),
  );
}
// BENCH_WARMUP_SECONDS (0): the same clients book for that long first, not counted, so the measured
// phase starts on a process whose code is compiled and whose connections (HTTP and PostgreSQL) are open.
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 0);
let warmupBooked = 0;
if (WARMUP > 0) await book(WARMUP, (r) => (warmupBooked += r.status === 201 ? 1 : 0));
const latencies = [];
const completions = [];
const outcomes = {};
// Every request: when it started (ms from t0), how long it took, and whether it was its client's first
// (which opens the client's connection), to name what the slowest ones have in common.
const requests = [];
await statements?.reset();
const tcpBefore = tcpCounters();
const bookingCpu = startCpu(groups);
const bookingWaits = await samplePostgresWaits({ connection: postgresConnection(env), database });
const t0 = performance.now();
await book(SECONDS, ({ client, nth, t, done, status }) => {
  latencies.push(done - t);
  completions.push(done);
  requests.push({ client, nth, start: t - t0, ms: done - t, status });
  outcomes[status] = (outcomes[status] ?? 0) + 1;
});
const elapsed = (performance.now() - t0) / 1000;
const booked = outcomes[201] ?? 0;
// Per booking made: the refusals' (409) cost, a few percent of the requests, is carried by the bookings.
const bookingCpuUse = bookingCpu.end(booked);
const bookingWaitsUse = await bookingWaits.stop(booked);
const bookingLatency = latencySummary(latencies, completions, { from: t0, to: t0 + elapsed * 1000 });
const tcpAfter = tcpCounters();
const tcpDelta = Object.fromEntries(TCP_COUNTERS.map((k) => [k, tcpAfter[k] - tcpBefore[k]]));
const bookingStatements = (await statements?.read())?.map((r) => ({
  callsPerBooking: r.calls / booked,
  msPerBooking: r.total_exec_time / booked,
  msPerCall: r.total_exec_time / r.calls,
  // Zero unless pg_stat_statements.track_planning is on.
  planMsPerBooking: r.total_plan_time / booked,
  query: r.query,
}));
const slow = requests.filter((r) => r.ms > 1000);
const slowSummary = {
  n: slow.length,
  firstOfClient: slow.filter((r) => r.nth === 0).length,
  startedFrom: slow.length ? Math.min(...slow.map((r) => r.start)) : NaN,
  startedTo: slow.length ? Math.max(...slow.map((r) => r.start)) : NaN,
  ms: slow.map((r) => Math.round(r.ms)).sort((a, b) => a - b),
};
// The same latencies without each client's first request (its connection's opening), and after the first 3 s.
const warm = latencySummary(requests.filter((r) => r.nth > 0).map((r) => r.ms));
const after3s = latencySummary(requests.filter((r) => r.start >= 3000).map((r) => r.ms));
const firsts = latencySummary(requests.filter((r) => r.nth === 0).map((r) => r.ms));

// Fill an 11th location, which the booking phase left alone, to the issue's 70% of chair time: the engine places treatments on the state it
// reads back from the database (so nothing overlaps what the booking phase left), rows go in by SQL.
const FILL = Number(process.env.BENCH_FILL ?? 0.7);
const { findSlots, bookSlot } = await import('../../apps/scheduling/dist/slot-search/find-slots.js');
const { DEFAULT_THERAPIES, THERAPY_CODES } = await import('../../libs/domain/dist/index.js');
const { CenterStateRepository } = await import('../../apps/scheduling/dist/appointments/center-state.repository.js');
const stateManager = { query: (sql, params) => db.query(sql, params).then((r) => r.rows) };
const fillFrom = first.toMillis();
const fillTo = first.plus({ days: DAYS }).toMillis();
const fillCenter = await new CenterStateRepository().load(stateManager, {
  locationId: locations[LOCATIONS],
  organisationId: DEV_ORGANISATION_ID,
  from: new Date(fillFrom - 86_400_000),
  to: new Date(fillTo + 86_400_000),
});
const openMinutes = 40 * DAYS * 12 * 60;
let usedMinutes = fillCenter.bookings.reduce((sum, b) => sum + (b.chairReleasedAt - b.start) / 60_000, 0);
const fillRows = [];
for (let d = 0; d < DAYS; d++) {
  const dayWindow = {
    from: first.plus({ days: d }).toMillis(),
    to: first.plus({ days: d + 1 }).toMillis(),
    now: Date.now(),
    limit: 5,
  };
  for (let misses = 0; misses < 200 && usedMinutes < openMinutes * FILL * ((d + 1) / DAYS);) {
    const therapy = DEFAULT_THERAPIES[THERAPY_CODES[Math.floor(random() * THERAPY_CODES.length)]];
    const request = {
      patientId: randomUUID(),
      durationMinutes: therapy.defaultDurationMinutes,
      observationMinutes: therapy.observationMinutes,
      turnoverMinutes: therapy.turnoverMinutes,
      chairKinds: therapy.chairKinds,
      certification: therapy.certification,
      pharmacyLeadMinutes: therapy.pharmacyLeadMinutes,
    };
    const [slot] = findSlots(fillCenter, request, dayWindow);
    if (!slot) {
      misses++;
      continue;
    }
    const booking = bookSlot(slot, request, randomUUID());
    fillCenter.bookings.push(booking);
    fillRows.push({ booking, therapy });
    usedMinutes += (slot.chairReleasedAt - slot.start) / 60_000;
  }
}
for (let i = 0; i < fillRows.length; i += 500) {
  const batch = fillRows.slice(i, i + 500);
  await db.query(
    `INSERT INTO patient (id, organisation_id, given_name, family_name, date_of_birth, version, mrn, name_search) SELECT unnest($1::uuid[]), $2, 'Bench', 'Fill', '1970-01-01', 1, ${MRN}, 'bench fill'`,
    [batch.map((r) => r.booking.patientId), DEV_ORGANISATION_ID],
  );
  await db.query(
    `INSERT INTO appointment (id, location_id, patient_id, therapy_code, chair_id, nurse_id, starts_at, ends_at, chair_released_at, setup_ends_at, status, version, duration_minutes, observation_minutes)
     SELECT id, $1, patient_id, therapy_code, chair_id, nurse_id, to_timestamp(s / 1000.0), to_timestamp(e / 1000.0), to_timestamp(r / 1000.0), to_timestamp(u / 1000.0), 'booked', 1, dm, om
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::uuid[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::int[], $12::int[]) AS t(id, patient_id, therapy_code, chair_id, nurse_id, s, e, r, u, dm, om)`,
    [
      locations[LOCATIONS],
      batch.map((r) => r.booking.id),
      batch.map((r) => r.booking.patientId),
      batch.map((r) => r.therapy.code),
      batch.map((r) => r.booking.chairId),
      batch.map((r) => r.booking.nurseId),
      batch.map((r) => r.booking.start),
      batch.map((r) => r.booking.end),
      batch.map((r) => r.booking.chairReleasedAt),
      batch.map((r) => r.booking.setupEnd),
      batch.map((r) => r.therapy.defaultDurationMinutes),
      batch.map((r) => r.therapy.observationMinutes),
    ],
  );
}

// Slot search at that location, 14 days, over HTTP.
const searchLatencies = [];
await statements?.reset();
const searchCpu = startCpu(groups);
for (let i = 0; i < SEARCHES; i++) {
  const q = new URLSearchParams({
    therapyCode: THERAPIES[i % THERAPIES.length],
    patientId: patients[i % patients.length].id,
    from: first.toUTC().toISO(),
    to: first.plus({ days: DAYS }).toUTC().toISO(),
    preferredFrom: '09:00',
    preferredTo: '11:00',
  });
  const t = performance.now();
  const response = await fetch(`${url}/locations/${locations[LOCATIONS]}/slots?${q}`, { headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`slots: ${response.status}`);
  searchLatencies.push(performance.now() - t);
}
const searchCpuUse = searchCpu.end(SEARCHES);
// The searches' statements (read before the in-process reference below sends its own reads).
const searchStatements = (await statements?.read())?.map((r) => ({
  callsPerSearch: r.calls / SEARCHES,
  msPerSearch: r.total_exec_time / SEARCHES,
  planMsPerSearch: r.total_plan_time / SEARCHES,
  query: r.query,
}));

// The slot search's reference: the same searches in this process, the engine alone (findSlots on the
// center state read just before, as the query reads it), and the read plus the engine. What HTTP adds
// on top is the service's layers (routing, auth, validation, serialisation) and the client's.
const { effectiveTherapy, treatmentRequest } = await import('../../apps/scheduling/dist/appointments/treatment-request.js');
const engineLatencies = [];
const readAndEngineLatencies = [];
for (let i = 0; i < SEARCHES; i++) {
  const therapyCode = THERAPIES[i % THERAPIES.length];
  const patientId = patients[i % patients.length].id;
  const tRead = performance.now();
  const center = await new CenterStateRepository().load(stateManager, {
    locationId: locations[LOCATIONS],
    organisationId: DEV_ORGANISATION_ID,
    from: new Date(fillFrom - 86_400_000),
    to: new Date(fillTo + 86_400_000),
    patientId,
    therapyCode,
  });
  const tEngine = performance.now();
  findSlots(
    center,
    treatmentRequest(patientId, effectiveTherapy(therapyCode, center.therapyOverride)),
    { from: fillFrom, to: fillTo, now: Date.now(), limit: 20, preferredLocal: { from: '09:00', to: '11:00' } },
    center.patientBusy,
  );
  const tDone = performance.now();
  engineLatencies.push(tDone - tEngine);
  readAndEngineLatencies.push(tDone - tRead);
}
const httpSearch = latencySummary(searchLatencies);
const engineSearch = latencySummary(engineLatencies);
const readAndEngineSearch = latencySummary(readAndEngineLatencies);
const {
  rows: [fill],
} = await db.query(
  `SELECT count(*)::int AS n, sum(extract(epoch FROM chair_released_at - starts_at))::float / (40 * ${DAYS} * 12 * 3600) AS utilisation FROM appointment WHERE location_id = $1 AND status = 'booked'`,
  [locations[LOCATIONS]],
);
const active = `status IN ('proposed', 'booked', 'arrived', 'checked-in')`;
const {
  rows: [audit],
} = await db.query(`SELECT
  (SELECT count(*) FROM appointment a JOIN appointment b ON a.chair_id = b.chair_id AND a.id < b.id AND tstzrange(a.starts_at, a.chair_released_at) && tstzrange(b.starts_at, b.chair_released_at) WHERE a.${active} AND b.${active})::int AS chair_overlaps,
  (SELECT count(*) FROM appointment a JOIN appointment b ON a.patient_id = b.patient_id AND a.id < b.id AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at) WHERE a.${active} AND b.${active})::int AS patient_overlaps,
  (SELECT count(*) FROM appointment a JOIN nurse n ON n.id = a.nurse_id WHERE n.capacity < (SELECT count(*) FROM appointment b WHERE b.nurse_id = a.nurse_id AND b.starts_at <= a.starts_at AND a.starts_at < b.ends_at))::int AS capacity_violations`);

const bookingsPerSecond = booked / elapsed;
const clientMs = (cpu) => cpu.rows.find((r) => r.name.startsWith('load generator'))?.perOp ?? 0;
// The load generator shares the two cores: its CPU subtracted, what the rest costs per booking and the
// rate that cost would allow on this machine's cores if every core were busy with it.
function withoutClient(cpu, unit, rate) {
  const all = cpu.rows.reduce((s, r) => s + (Number.isFinite(r.perOp) ? r.perOp : 0), 0);
  const rest = all - clientMs(cpu);
  const cores = os.cpus().length;
  const ceiling = (cores * 1000) / rest;
  return `  without the load generator (${fmt(clientMs(cpu), 3)} ms/${unit}): ${fmt(rest, 3)} ms/${unit} for the rest; at ${fmt(cpu.machineBusyShare * 100)}% busy that is ${fmt((rate * all) / rest)} ${unit}s/s if its share went to them, at most ${fmt(ceiling)}/s with every core busy (ratio ${fmt(ceiling / reference.tps, 3)} to pgbench)`;
}
console.log(`
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; one scheduling process (pool ${process.env.BENCH_POOL ?? 20}), PostgreSQL, the Kafka broker and the load generator on the same machine.
The service was ready ${fmt(readyMs)} ms after it was spawned (WARM_UP_ROUNDS ${process.env.WARM_UP_ROUNDS ?? 'default'}).
${formatPgbench(reference)}

Booking${IDEMPOTENCY ? ' with an Idempotency-Key each' : ''} over HTTP, ${CLIENTS} concurrent clients (in-process fetch), ${WARMUP > 0 ? `after ${WARMUP} s of warm-up not counted (${warmupBooked} booked), ` : ''}${elapsed.toFixed(1)} s: ${fmt(bookingsPerSecond)} bookings/s (${booked} booked), ${fmt((outcomes[409] ?? 0) / elapsed)} refusals/s (409), other statuses: ${JSON.stringify(Object.fromEntries(Object.entries(outcomes).filter(([s]) => s !== '201' && s !== '409')))}
  ratio: ${formatRatio(bookingsPerSecond, reference.tps, 'pgbench TPS', 0.4)}
  latency of all requests: ${formatLatency(bookingLatency)} (targets: p99 ≤ 250 ms ${bookingLatency.p99 <= 250 ? 'met' : 'NOT met'}; no stall > 1 s ${Math.max(bookingLatency.stall, bookingLatency.max) <= 1000 ? 'met' : 'NOT met'})
  CPU per booking made:
${formatCpu(bookingCpuUse, 'booking')}
${formatPostgresWaits(bookingWaitsUse, 'booking')}
${withoutClient(bookingCpuUse, 'booking', bookingsPerSecond)}
  requests over 1 s: ${slowSummary.n} (${slowSummary.firstOfClient} of them their client's first request), started between ${fmt(slowSummary.startedFrom)} and ${fmt(slowSummary.startedTo)} ms into the run: ${slowSummary.ms.join(', ')} ms
  the clients' first requests (${firsts.n}): ${formatLatency(firsts)}
  every later request: ${formatLatency(warm)}; those started after the first 3 s: ${formatLatency(after3s)}
  TCP counters over the booking phase (whole machine): ${JSON.stringify(tcpDelta)}
${
  bookingStatements
    ? `  pg_stat_statements, this database, per booking (calls, execution ms; wall time in PostgreSQL, lock waits included):\n${bookingStatements
        .slice(0, 14)
        .map(
          (r) =>
            `    ${fmt(r.callsPerBooking, 2).padStart(6)} calls ${fmt(r.msPerBooking, 3).padStart(7)} ms (${fmt(r.msPerCall, 3)} ms a call) + plan ${fmt(r.planMsPerBooking, 3)} ms  ${r.query}`,
        )
        .join('\n')}\n    all statements: ${fmt(
        bookingStatements.reduce((a, r) => a + r.callsPerBooking, 0),
        1,
      )} calls, ${fmt(
        bookingStatements.reduce((a, r) => a + r.msPerBooking, 0),
        3,
      )} ms executing and ${fmt(
        bookingStatements.reduce((a, r) => a + r.planMsPerBooking, 0),
        3,
      )} ms planning per booking`
    : '  (pg_stat_statements not loaded by this server)'
}
Audit: ${JSON.stringify(audit)}.

Slot search at a 40-chair, 12-nurse location (${fill.n} bookings, ${(fill.utilisation * 100).toFixed(0)}% of chair time), 14 days, ${SEARCHES} searches one after another:
  over HTTP:                     p50 ${fmt(httpSearch.p50, 1)} ms, p95 ${fmt(httpSearch.p95, 1)} ms, p99 ${fmt(httpSearch.p99, 1)} ms, p99.9 ${fmt(httpSearch.p999, 1)} ms, max ${fmt(httpSearch.max, 1)} ms
  in process, engine alone:      p50 ${fmt(engineSearch.p50, 1)} ms, p95 ${fmt(engineSearch.p95, 1)} ms, p99 ${fmt(engineSearch.p99, 1)} ms, max ${fmt(engineSearch.max, 1)} ms
  in process, read + engine:     p50 ${fmt(readAndEngineSearch.p50, 1)} ms, p95 ${fmt(readAndEngineSearch.p95, 1)} ms, p99 ${fmt(readAndEngineSearch.p99, 1)} ms
  HTTP p95 − engine p95: ${fmt(httpSearch.p95 - engineSearch.p95, 1)} ms (target ≤ 15 ms: ${httpSearch.p95 - engineSearch.p95 <= 15 ? 'met' : 'NOT met'})
  CPU per search over HTTP:
${formatCpu(searchCpuUse, 'search')}
  the load generator's CPU per search (${fmt(clientMs(searchCpuUse), 2)} ms) is in series with each search (one at a time): without it, HTTP p95 − engine p95 = ${fmt(httpSearch.p95 - clientMs(searchCpuUse) - engineSearch.p95, 1)} ms
${
  searchStatements
    ? `  pg_stat_statements, this database, per search over HTTP (calls, execution ms, planning ms):\n${searchStatements
        .slice(0, 8)
        .map(
          (r) =>
            `    ${fmt(r.callsPerSearch, 2).padStart(6)} calls ${fmt(r.msPerSearch, 3).padStart(7)} ms + plan ${fmt(r.planMsPerSearch, 3)} ms  ${r.query}`,
        )
        .join('\n')}`
    : ''
}
`);
mkdirSync(`${ROOT}.data`, { recursive: true });
if (process.env.BENCH_REQUESTS) writeFileSync(process.env.BENCH_REQUESTS, JSON.stringify(requests));
writeFileSync(
  `${ROOT}.data/bench-booking.json`,
  JSON.stringify(
    {
      reference,
      booking: {
        bookingsPerSecond,
        ratio: bookingsPerSecond / reference.tps,
        outcomes,
        latency: bookingLatency,
        cpu: bookingCpuUse,
        postgres: bookingWaitsUse,
        slow: slowSummary,
        firstRequests: firsts,
        laterRequests: warm,
        after3s,
        tcp: tcpDelta,
        statements: bookingStatements,
      },
      audit,
      readyMs,
      search: {
        http: httpSearch,
        engine: engineSearch,
        readAndEngine: readAndEngineSearch,
        cpu: searchCpuUse,
        statements: searchStatements,
      },
    },
    null,
    2,
  ),
);

service.kill('SIGTERM');
await new Promise((r) => service.once('exit', r));
await finish();
