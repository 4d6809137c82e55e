// npm run bench:sessions — vitals at the chair and the day board, over HTTP against a real sessions process.
//   BENCH_RATE (1000) vital-sign sets per second, open loop, for BENCH_SECONDS (20), spread over the
//   infusing patients of BENCH_LOCATIONS (10) locations of 40 chairs; meanwhile the day board of a
//   40-chair location is read BENCH_BOARD_RATE (4) times a second. Reports achieved rate, latencies, and a count check.
//   First the machine's own reference in the same run (pgbench TPC-B against the same PostgreSQL,
//   reference.mjs): the achieved rate is stated as a ratio to pgbench's TPS, the latencies as ratios
//   to its average latency, with the CPU ms per vital-sign set of the sessions process(es),
//   PostgreSQL, the broker and the load generator. No raw kafkajs reference: a vital-sign set's
//   answer waits on PostgreSQL only (its alert reaches Kafka afterwards, through the outbox).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import {
  cpuGroups,
  fmt,
  formatCpu,
  formatPgbench,
  formatPostgresWaits,
  formatRatio,
  pgbenchReference,
  postgresConnection,
  samplePostgresWaits,
  startCpu,
} from './reference.mjs';
import { prepareServiceBench } from './service-bench.mjs';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const LOCATIONS = Number(process.env.BENCH_LOCATIONS ?? 10);
const CHAIRS = 40;
const ZONE = 'America/Chicago';
const PORT = 3902;
const MINUTE = 60_000;
const { db, env, database, spawnService, finish, token: benchToken } = await prepareServiceBench('sessions');
const connection = postgresConnection(env);
const kafkaPort = Number((env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':').at(-1));
// The reference first, before anything of the benchmark runs.
const reference = await pgbenchReference({ connection });
console.log(formatPgbench(reference));

// Setup by SQL, as the appointment events would have built it: per location 40 chairs, 10 nurses
// and a full day of 3 sessions per chair (120): the morning ones discharged, the midday ones
// infusing (they take the vitals), the afternoon ones expected.
const { DEV_ORGANISATION_ID } = await import('../../libs/platform/dist/index.js');
const { decide, newSession } = await import('../../apps/sessions/dist/session-lifecycle/session-machine.js');
const now = Date.now();
const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
  new Date(now),
);
const locations = [];
const infusing = [];
function stateAfter(plannedStart, kinds) {
  let state = newSession({
    plannedStart,
    plannedEnd: plannedStart + 150 * MINUTE,
    durationMinutes: 120,
    observationMinutes: 30,
    at: plannedStart - 120 * MINUTE,
  });
  let at = plannedStart - 10 * MINUTE;
  for (const command of kinds) {
    const d = decide(state, command, (at += 5 * MINUTE));
    if (!d.accepted) throw new Error(d.reason);
    state = d.state;
  }
  return state;
}
const ACCESS = { kind: 'establish-access', route: 'iv', site: 'left forearm', attempts: 1, numbingSprayUsed: false };
const RUNNING = [{ kind: 'check-in' }, { kind: 'seat' }, ACCESS, { kind: 'start' }];
const DONE = [...RUNNING, { kind: 'complete' }, { kind: 'discharge', mayDrive: true, escortRequired: false }];
for (let l = 0; l < LOCATIONS; l++) {
  const locationId = randomUUID();
  locations.push(locationId);
  await db.query(`INSERT INTO directory_location (location_id, organisation_id, name, time_zone) VALUES ($1, $2, $3, $4)`, [
    locationId,
    DEV_ORGANISATION_ID,
    `Bench ${l}`,
    ZONE,
  ]);
  const { rows: chairs } = await db.query(
    `INSERT INTO directory_chair (chair_id, location_id, label, kind) SELECT gen_random_uuid(), $1, 'Chair ' || lpad(i::text, 2, '0'), 'recliner' FROM generate_series(1, ${CHAIRS}) i RETURNING chair_id`,
    [locationId],
  );
  const { rows: nurses } = await db.query(
    `INSERT INTO directory_nurse (nurse_id, location_id, display_name) SELECT gen_random_uuid(), $1, 'Nurse ' || i FROM generate_series(1, 10) i RETURNING nurse_id`,
    [locationId],
  );
  const rows = [];
  chairs.forEach(({ chair_id }, c) => {
    for (const [slot, offsetHours, steps, status] of [
      [0, -5, DONE, 'discharged'],
      [1, -1, RUNNING, 'infusing'],
      [2, 3, [], 'expected'],
    ]) {
      const plannedStart = now + offsetHours * 60 * MINUTE;
      const state = stateAfter(plannedStart, steps);
      const id = randomUUID();
      if (status === 'infusing') infusing.push({ locationId, appointmentId: id });
      rows.push([
        id,
        locationId,
        randomUUID(),
        'immune_globulin',
        chair_id,
        nurses[(c + slot) % nurses.length].nurse_id,
        new Date(plannedStart),
        new Date(plannedStart + 150 * MINUTE),
        ZONE,
        today,
        JSON.stringify({ vitals: { firstHourEveryMinutes: 15, thenEveryMinutes: 30 }, mayDriveAfter: true }),
        status,
        JSON.stringify(state),
        new Date(plannedStart + 150 * MINUTE),
      ]);
    }
  });
  for (const r of rows) {
    await db.query(
      `INSERT INTO session (appointment_id, location_id, patient_id, therapy_code, chair_id, nurse_id, planned_starts_at, planned_ends_at, time_zone, local_date, therapy, status, state, projected_ends_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1)`,
      r,
    );
  }
}

// BENCH_INSTANCES (1) sessions processes in one consumer group, each on its own port; the load
// generator spreads requests over them as a load balancer would.
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1);
const group = `bench-${Date.now()}`;
const services = Array.from({ length: INSTANCES }, (_, i) =>
  spawnService(PORT + i, { DATABASE_POOL_SIZE: process.env.BENCH_POOL ?? '20', KAFKA_CONSUMER_GROUP: group }),
);
const url = `http://127.0.0.1:${PORT}`;
for (let p = 0; p < INSTANCES; p++) {
  for (let i = 0; ; i++) {
    if (
      await fetch(`http://127.0.0.1:${PORT + p}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 300) throw new Error('sessions did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}
const token = await benchToken();
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
// A bounded keep-alive pool, as a device gateway would hold: fetch would open a connection per
// request in flight and measure connection set-up instead of the service.
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(process.env.BENCH_CONNECTIONS ?? 64) });
let next = 0;
function post(path, body) {
  const port = PORT + (next++ % INSTANCES);
  return new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', (error) => resolve(error.code ?? 'error'));
    req.end(payload);
  });
}
const percentile = (v, p) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.ceil(p * v.length) - 1)];

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const vitalLatencies = [];
const timeline = [];
const statuses = {};
const inFlight = new Set();
let boardRunning = true;
const boardLatencies = [];
// Nurse stations poll the board; BENCH_BOARD_RATE (4) reads a second, each timed on its own.
const BOARD_RATE = Number(process.env.BENCH_BOARD_RATE ?? 4);
const boardLoop = (async () => {
  while (boardRunning) {
    await new Promise((r) => setTimeout(r, 1000 / BOARD_RATE));
    const t = performance.now();
    const r = await fetch(`${url}/locations/${locations[0]}/board?date=${today}`, { headers });
    const body = await r.json();
    boardLatencies.push(performance.now() - t);
    if (r.status !== 200 || body.sessions.length !== CHAIRS * 3) throw new Error(`board: ${r.status} ${body.sessions?.length}`);
  }
})();

// Open loop: request i is due at t0 + i / RATE, whatever happened to the ones before; latency
// counts from when it was due. The first BENCH_WARMUP_SECONDS (3) at the same rate are not counted:
// they open the connections (HTTP and PostgreSQL pools) and warm the JIT.
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
let late = 0;
let t0 = 0;
async function offer(seconds, record) {
  const total = RATE * seconds;
  const start = performance.now();
  if (record) t0 = start;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    else if (wait < -50 && record) late++;
    const s = infusing[Math.floor(random() * infusing.length)];
    const abnormal = random() < 0.02;
    const p = post(`/locations/${s.locationId}/sessions/${s.appointmentId}/vitals`, {
      systolic: 118,
      diastolic: 76,
      heartRate: abnormal ? 128 : 72,
      respiratoryRate: 14,
      temperatureC: 36.8,
      spo2: 98,
      pain: 1,
    }).then((status) => {
      if (!record) return;
      statuses[status] = (statuses[status] ?? 0) + 1;
      vitalLatencies.push(performance.now() - due);
      timeline.push([Math.floor((due - start) / 1000), performance.now() - due]);
    });
    inFlight.add(p);
    p.finally(() => inFlight.delete(p));
  }
  await Promise.all(inFlight);
}
await offer(WARMUP, false);
const warmRows = Number((await db.query('SELECT count(*)::int AS n FROM vital_signs')).rows[0].n);
boardLatencies.length = 0;
const cpu = startCpu(
  cpuGroups({
    postgresPort: connection.port,
    kafkaPort,
    services: services.map((s, i) => ({ name: `sessions service ${i + 1}`, pid: s.pid })),
    self: 'load generator (this process)',
  }),
);
// Where the database's time goes meanwhile (running, waiting on a lock, the WAL, the client): a
// request that waits while the machine has CPU to spare waits on something this names.
const waits = await samplePostgresWaits({ connection, database });
await offer(SECONDS, true);
const total = RATE * SECONDS;
const cpuUsed = cpu.end(total);
const waitsUsed = await waits.stop(total);
const elapsed = (performance.now() - t0) / 1000;
boardRunning = false;
await boardLoop;

if (process.env.BENCH_TIMELINE) {
  const bySecond = new Map();
  for (const [second, ms] of timeline) bySecond.set(second, [...(bySecond.get(second) ?? []), ms]);
  console.log(`p99 by second: ${[...bySecond].map(([sec, v]) => `${sec}:${percentile(v, 0.99).toFixed(0)}`).join(' ')}`);
}
const {
  rows: [{ n }],
} = await db.query('SELECT count(*)::int AS n FROM vital_signs');
const {
  rows: [{ alerts }],
} = await db.query(`SELECT count(*)::int AS alerts FROM outbox WHERE event_type = 'chairside.sessions.vitals.out-of-range.v1'`);
console.log(`Connections: ${agent.maxSockets} keep-alive.`);
console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; ${INSTANCES} sessions process(es) (pool ${process.env.BENCH_POOL ?? 20} each), PostgreSQL, Kafka and the load generator on the same machine.`,
);
console.log(
  `Setup: ${LOCATIONS} locations × ${CHAIRS} chairs, ${CHAIRS * 3} sessions each today (${infusing.length} infusing and taking vitals).`,
);
console.log(
  `Vitals: ${total} requests offered at ${RATE}/s for ${SECONDS} s after a ${WARMUP} s warm-up; completed in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(0)}/s), ${late} sent more than 50 ms behind schedule; statuses ${JSON.stringify(statuses)}; latency from the scheduled send p50 ${percentile(vitalLatencies, 0.5).toFixed(1)} ms, p95 ${percentile(vitalLatencies, 0.95).toFixed(1)} ms, p99 ${percentile(vitalLatencies, 0.99).toFixed(1)} ms, max ${Math.max(...vitalLatencies).toFixed(1)} ms.`,
);
console.log(
  `Check: ${n - warmRows} vital-sign rows written for ${statuses[201] ?? 0} answers 201 (after ${warmRows} in the warm-up); ${alerts} out-of-range alerts in the outbox.`,
);
console.log(
  `Day board of a 40-chair location (120 sessions), read ${BOARD_RATE} times a second during the load: ${boardLatencies.length} reads, p50 ${percentile(boardLatencies, 0.5).toFixed(1)} ms, p95 ${percentile(boardLatencies, 0.95).toFixed(1)} ms, p99 ${percentile(boardLatencies, 0.99).toFixed(1)} ms.`,
);

const latencyRatio = (ms) => fmt(ms / reference.latencyAverage, 2);
console.log(
  `As ratios: vitals ${formatRatio(total / elapsed, reference.tps, 'pgbench TPS')}; latency p50 ${latencyRatio(percentile(vitalLatencies, 0.5))} ×, p95 ${latencyRatio(percentile(vitalLatencies, 0.95))} ×, p99 ${latencyRatio(percentile(vitalLatencies, 0.99))} × pgbench's average latency (${fmt(reference.latencyAverage, 1)} ms); board p50 ${latencyRatio(percentile(boardLatencies, 0.5))} ×, p95 ${latencyRatio(percentile(boardLatencies, 0.95))} ×.`,
);
console.log(`CPU per vital-sign set (the board's reads included):\n${formatCpu(cpuUsed, 'vital set')}`);
console.log(formatPostgresWaits(waitsUsed, 'vital-sign set'));
console.log(
  `Command: node infra/bench/sessions.bench.mjs (BENCH_RATE=${RATE}, BENCH_SECONDS=${SECONDS}, BENCH_LOCATIONS=${LOCATIONS}, BENCH_INSTANCES=${INSTANCES})`,
);

await Promise.all(
  services.map(
    (s) =>
      new Promise((r) => {
        s.once('exit', r);
        s.kill('SIGTERM');
      }),
  ),
);
await finish();
