// npm run bench:system — a day for BENCH_CENTERS (50) centers × BENCH_CHAIRS (30) chairs, compressed.
//   The simulator books and plays visits through the public APIs (its clock ×BENCH_PACE, 144 by
//   default: a 24-hour day in 10 minutes of booking). Reports, per service, events produced and
//   applied per second, CPU and memory; booking → reporting latency; consumer lag; and reminder
//   throughput (afterwards, notifications' clock moves a day ahead and every due reminder goes).
//   First the machine's own reference in the same run (reference.mjs), before any service starts:
//   pgbench TPC-B against the same PostgreSQL and raw kafkajs on a topic of its own (as fast as it
//   goes, then paced at 100 messages/s). Events applied/s are stated as a ratio to raw kafkajs's
//   consumed rate, booking → reporting as ratios to raw kafkajs's paced p50 and pgbench's average
//   latency, reminders/s as a ratio to pgbench's TPS; and the CPU ms per booking of every service,
//   PostgreSQL, the broker and the simulator over the day.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { preparePlatformScript } from '../dev/platform-script.mjs';
import {
  cpuGroups,
  fmt,
  formatCpu,
  formatPgbench,
  formatRatio,
  kafkajsReference,
  pgbenchReference,
  postgresConnection,
  startCpu,
} from './reference.mjs';

const CENTERS = Number(process.env.BENCH_CENTERS ?? 50);
const CHAIRS = Number(process.env.BENCH_CHAIRS ?? 30);
const PACE = Number(process.env.BENCH_PACE ?? 144);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 10);
const SEED = Number(process.env.BENCH_SEED ?? 3);
// About three visits per chair per day, spread over the 24 hours the simulated clock covers.
const BOOKINGS_PER_HOUR = Number(process.env.BENCH_BOOKINGS_PER_HOUR ?? (CHAIRS * 3) / 24);
const {
  testing: t,
  simulator: sim,
  dataSources: sources,
  stopInfrastructure,
  machineToken,
} = await preparePlatformScript('system');
const { SERVICE_NAMES: SERVICES } = await import('../../libs/contracts/dist/services.js');
const log = (line) => console.log(`[bench:system] ${line}`);

// The reference first, before any service of the platform starts.
const connection = postgresConnection();
const kafkaPort = Number((process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':').at(-1));
const reference = await pgbenchReference({ connection });
console.log(formatPgbench(reference));
const { default: pino } = await import('pino');
const messaging = await import('../../libs/messaging/dist/index.js');
const referenceKafka = messaging.createKafkaClient({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  clientId: 'bench-system-reference',
  logger: pino({ level: 'warn' }),
});
const raw = await kafkajsReference(referenceKafka, { seconds: 15, rate: 100, kafkaPort });
console.log(
  `Reference: raw kafkajs, same broker, same run: ${fmt(raw.throughput.consumedRate)} messages/s consumed (batches of 500, acks=all); paced at 100/s: p50 ${fmt(raw.paced.p50, 1)} ms, p95 ${fmt(raw.paced.p95, 1)} ms, p99 ${fmt(raw.paced.p99, 1)} ms; CPU per message:\n${formatCpu(raw.throughput.cpu, 'message')}`,
);

const platform = await t.PlatformRun.start({
  label: 'system',
  dataSources: sources,
  env: { LOG_LEVEL: 'warn', NOTIFICATIONS_ADJUSTABLE_CLOCK: 'true' },
});
// The simulator's own OAuth client (client credentials), as in npm start.
const simulatorToken = machineToken('chairside-simulator');
const api = new sim.Api(platform.urls, simulatorToken, new sim.Tally(), 300_000);
const setupStart = Date.now();
const specs = sim.fleet(CENTERS, CHAIRS, `System ${platform.id}`, 2);
const centers = [];
for (let i = 0; i < specs.length; i += 10)
  centers.push(...(await Promise.all(specs.slice(i, i + 10).map((s) => sim.ensureCenter(api, s)))));
const patients = (
  await Promise.all(
    Array.from({ length: 10 }, (_, k) =>
      sim.createPatients(api, new sim.Random(SEED * 100 + k), Math.ceil((CENTERS * CHAIRS * 4) / 10), `${platform.id}-${k}`),
    ),
  )
).flat();
log(`set up ${centers.length} centers, ${patients.length} patients in ${((Date.now() - setupStart) / 1000).toFixed(0)} s`);

// Samples every 5 s: CPU and memory of each service process (from /proc), and consumer lag (from /metrics).
const ticks = 100; // USER_HZ: what /proc counts CPU time in on Linux
const cpu = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticks;
  } catch {
    return undefined;
  }
};
const rss = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return undefined;
  }
};
const usage = Object.fromEntries(
  SERVICES.map((s) => [s, { cpuStart: undefined, cpuEnd: undefined, rssPeak: 0, rssSum: 0, samples: 0, lagPeak: 0 }]),
);
const lagOf = async (service) => {
  const text = String((await t.call('GET', `${platform.url(service)}/metrics`)).body);
  return text
    .split('\n')
    .filter((l) => l.startsWith('chairside_consumer_lag{'))
    .reduce((s, l) => s + Number(l.split(' ').at(-1)), 0);
};
const sample = async () => {
  for (const { service, pid } of platform.pids()) {
    const u = usage[service];
    const c = cpu(pid);
    u.cpuStart ??= c;
    u.cpuEnd = c;
    const m = rss(pid) ?? 0;
    u.rssPeak = Math.max(u.rssPeak, m);
    u.rssSum += m;
    u.samples++;
    u.lagPeak = Math.max(u.lagPeak, await lagOf(service).catch(() => 0));
  }
};
const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      SERVICES.map(async (s) => [
        s,
        {
          applied: Number((await platform.databases[s].query('SELECT count(*)::int AS n FROM inbox'))[0].n),
          produced: Number(
            (await platform.databases[s].query('SELECT coalesce(max(position), 0)::bigint AS n FROM outbox'))[0].n,
          ),
        },
      ]),
    ),
  );

await sample();
const before = await counts();
const dayCpu = startCpu(
  cpuGroups({
    postgresPort: connection.port,
    kafkaPort,
    services: platform.pids().map((p) => ({ name: `${p.service} ${p.index + 1}`, pid: p.pid })),
    self: 'simulator (this process)',
  }),
);
const dayStart = Date.now();
const booked = [];
const simulation = new sim.Simulation({
  api,
  centers,
  patients,
  seed: SEED,
  pace: PACE,
  bookingsPerHour: BOOKINGS_PER_HOUR,
  horizonHours: 24,
  durationMs: MINUTES * 60_000,
  playUntilMs: (MINUTES + 1) * 60_000,
  log: (l) => log(l),
});
// Booking → reporting: each booking's response time, to compare with when reporting applied its event.
const realCall = api.call.bind(api);
api.call = async (service, method, path, body, headers) => {
  const r = await realCall(service, method, path, body, headers);
  if (service === 'scheduling' && method === 'POST' && /\/appointments$/.test(path) && r.status === 201)
    booked.push({ id: r.body.id, at: Date.now() });
  return r;
};
const sampler = setInterval(() => void sample(), 5_000);
const progress = setInterval(
  () => log(`${((Date.now() - dayStart) / 60_000).toFixed(1)} min: ${JSON.stringify(api.tally)}`),
  60_000,
);
await simulation.run();
const dayEnd = Date.now();
await t.quiesce(platform, { timeoutMs: 900_000 });
const settled = Date.now();
const dayCpuUsed = dayCpu.end(booked.length);
clearInterval(sampler);
clearInterval(progress);
await sample();
const after = await counts();
const dayUsage = Object.fromEntries(
  SERVICES.map((s) => [
    s,
    {
      cpuPercent: (100 * (usage[s].cpuEnd - usage[s].cpuStart)) / ((settled - dayStart) / 1000),
      rssMeanMb: usage[s].rssSum / usage[s].samples,
      rssPeakMb: usage[s].rssPeak,
      lagPeak: usage[s].lagPeak,
    },
  ]),
);

const latencies = (
  await platform.databases.reporting.query(
    `SELECT aggregate_id, handled_at FROM inbox WHERE event_type = 'chairside.scheduling.appointment.booked.v1'`,
  )
).reduce((m, r) => m.set(r.aggregate_id, new Date(r.handled_at).getTime()), new Map());
const e2e = booked
  .filter((b) => latencies.has(b.id))
  .map((b) => latencies.get(b.id) - b.at)
  .sort((a, b) => a - b);
const pct = (q) => e2e[Math.min(e2e.length - 1, Math.max(0, Math.ceil(q * e2e.length) - 1))];

// Reminders: move notifications' clock a day ahead; everything due for the day's appointments goes now.
const due = Number(
  (
    await platform.databases.notifications.query(
      `SELECT count(*)::int AS n FROM message WHERE status IN ('scheduled', 'retrying') AND due_at <= now() + interval '1 day'`,
    )
  )[0].n,
);
const sentBefore = Number(
  (
    await platform.databases.notifications.query(
      `SELECT count(*)::int AS n FROM message WHERE status IN ('sent', 'delivered', 'failed', 'suppressed')`,
    )
  )[0].n,
);
const reminderStart = Date.now();
await t.call('PUT', `${platform.url('notifications')}/test/clock`, {
  token: await simulatorToken(),
  body: { now: new Date(Date.now() + 24 * 3600_000).toISOString() },
});
await t.waitFor(
  async () =>
    Number(
      (
        await platform.databases.notifications.query(
          `SELECT count(*)::int AS n FROM message WHERE status IN ('scheduled', 'retrying', 'sending') AND due_at <= now() + interval '1 day'`,
        )
      )[0].n,
    ) === 0
      ? true
      : undefined,
  { timeoutMs: 900_000, intervalMs: 250, what: 'the day-ahead messages to go' },
);
const reminderSeconds = (Date.now() - reminderStart) / 1000;
const sentAfter = Number(
  (
    await platform.databases.notifications.query(
      `SELECT count(*)::int AS n FROM message WHERE status IN ('sent', 'delivered', 'failed', 'suppressed')`,
    )
  )[0].n,
);

const seconds = (settled - dayStart) / 1000;
console.log(`
Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; one process per service, PostgreSQL, Kafka and the simulator on the same machine.
Day: ${CENTERS} centers × ${CHAIRS} chairs, ${patients.length} patients, simulated clock ×${PACE}, ${MINUTES} min of booking (${BOOKINGS_PER_HOUR.toFixed(2)} bookings per simulated hour per center), seed ${SEED}.
Simulator: ${JSON.stringify(api.tally)}
The day ran ${((dayEnd - dayStart) / 1000).toFixed(0)} s (${MINUTES} min of booking, then the visits under way played out); everything was applied everywhere ${seconds.toFixed(0)} s after the start.
| service | events produced/s | events applied/s | CPU (% of one core) | RSS mean / peak (MB) | consumer lag peak (messages) |
|---|---|---|---|---|---|
${SERVICES.map((s) => `| ${s} | ${((after[s].produced - before[s].produced) / seconds).toFixed(1)} | ${((after[s].applied - before[s].applied) / seconds).toFixed(1)} | ${dayUsage[s].cpuPercent.toFixed(0)} | ${dayUsage[s].rssMeanMb.toFixed(0)} / ${dayUsage[s].rssPeakMb.toFixed(0)} | ${dayUsage[s].lagPeak} |`).join('\n')}
Booking → reporting (API response → booked event applied in reporting), ${e2e.length} bookings: p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, p99 ${pct(0.99)} ms, max ${e2e.at(-1)} ms.
Reminders: ${due} messages due within the next day; after moving the clock, ${sentAfter - sentBefore} sent or settled in ${reminderSeconds.toFixed(1)} s: ${((sentAfter - sentBefore) / reminderSeconds).toFixed(0)} messages/s.
`);
const appliedPerSecond = SERVICES.reduce((sum, s) => sum + (after[s].applied - before[s].applied), 0) / seconds;
const versus = (ms) =>
  `${fmt(ms / raw.paced.p50, 2)} × raw kafkajs paced p50, ${fmt(ms / reference.latencyAverage, 2)} × pgbench average latency`;
console.log(`As ratios to the reference measured first in this run:
Events applied, all services: ${fmt(appliedPerSecond, 1)}/s = ${formatRatio(appliedPerSecond, raw.throughput.consumedRate, 'raw kafkajs consumed rate')}
Booking → reporting: p50 ${versus(pct(0.5))}; p95 ${versus(pct(0.95))}; p99 ${versus(pct(0.99))}
Reminders: ${formatRatio((sentAfter - sentBefore) / reminderSeconds, reference.tps, 'pgbench TPS')}
CPU per booking over the day (the visits it plays and the events it makes included):
${formatCpu(dayCpuUsed, 'booking')}
Command: node infra/bench/system.bench.mjs (BENCH_CENTERS=${CENTERS}, BENCH_CHAIRS=${CHAIRS}, BENCH_PACE=${PACE}, BENCH_MINUTES=${MINUTES}, BENCH_SEED=${SEED})`);
await t.quiesce(platform, { timeoutMs: 600_000 });
const audit = await t.auditPlatform(platform);
console.log(
  `Audit: ${JSON.stringify(audit.figures)}${audit.problems.length ? `\nProblems: ${audit.problems.join('; ')}` : ' (no problems)'}`,
);
await platform.stop();
await stopInfrastructure();
process.exit(audit.problems.length ? 1 : 0);
