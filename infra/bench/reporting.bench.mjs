// npm run bench:reporting — reporting's consumers against the real broker and PostgreSQL.
//   1. Replay: BENCH_VISITS (20000) visits' events (booked, check-in, seated, drug ready, started,
//      completed, discharged, reminder sent and delivered: 9 each) are on the topics before a fresh
//      reporting process starts; it reads them from offset 0. Reports events/s from the first event
//      applied to the last.
//   2. Live: BENCH_RATE (1000) events/s produced for BENCH_SECONDS (20) while it runs; freshness is
//      the time from each event's creation to its commit in reporting's database.
//   First the machine's own reference in the same run (reference.mjs): pgbench TPC-B against the
//   same PostgreSQL, then raw kafkajs on a topic of its own (as fast as it goes, then paced at
//   BENCH_RATE); replay events/s are stated as ratios to raw kafkajs's consumed rate and to pgbench's
//   TPS, freshness as ratios to raw kafkajs's paced latency and pgbench's average latency, with the
//   CPU ms per event of the reporting process, PostgreSQL, the broker and this process.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
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
import { prepareServiceBench } from './service-bench.mjs';

const VISITS = Number(process.env.BENCH_VISITS ?? 20000);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PORT = 3904;
const { env, db, spawnService, finish } = await prepareServiceBench('reporting');

const c = await import('../../libs/contracts/dist/index.js');
const m = await import('../../libs/messaging/dist/index.js');
const { default: pino } = await import('pino');
const { DEV_ORGANISATION_ID } = await import('../../libs/platform/dist/index.js');
const kafka = m.createKafkaClient({
  brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  clientId: 'bench-reporting',
  logger: pino({ level: 'warn' }),
});
const connection = postgresConnection(env);
const kafkaPort = Number((env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':').at(-1));
// The reference first, before anything of the benchmark runs.
const reference = await pgbenchReference({ connection });
console.log(formatPgbench(reference));
const raw = await kafkajsReference(kafka, { seconds: SECONDS, rate: RATE, kafkaPort });
console.log(
  `Reference: raw kafkajs, same broker, same run: ${fmt(raw.throughput.consumedRate)} messages/s consumed (batches of 500, acks=all); paced at ${RATE}/s: p50 ${fmt(raw.paced.p50, 1)} ms, p95 ${fmt(raw.paced.p95, 1)} ms, p99 ${fmt(raw.paced.p99, 1)} ms; CPU per message:\n${formatCpu(raw.throughput.cpu, 'message')}`,
);
await m.ensureTopics(kafka, c.ALL_TOPICS);
const producer = kafka.producer({ allowAutoTopicCreation: false });
await producer.connect();

const MINUTE = 60_000;
const locationId = randomUUID();
const chairs = Array.from({ length: 40 }, () => randomUUID());
const nurse = randomUUID();
let sequence = 0;
const event = (definition, key, data, time = new Date()) => ({
  definition,
  key,
  event: c.buildEvent(definition, data, {
    aggregateId: key,
    aggregateSequence: ++sequence,
    correlationId: randomUUID(),
    locationId,
    time,
  }),
});

/** The nine events of one visit, as scheduling, sessions and notifications publish them. */
function visitEvents(i, time = new Date()) {
  const appointmentId = randomUUID();
  const patientId = randomUUID();
  const start = Date.now() - ((i % 30) + 1) * 24 * 60 * MINUTE + (i % 10) * 30 * MINUTE;
  const at = (min) => new Date(start + min * MINUTE).toISOString();
  const chairId = chairs[i % chairs.length];
  const ref = { appointmentId, locationId, patientId, therapyCode: 'iron', chairId, nurseId: nurse };
  const s = (min) => ({ ...ref, actorId: 'bench-nurse', occurredAt: at(min) });
  const message = {
    messageId: randomUUID(),
    appointmentId,
    patientId,
    locationId,
    kind: 'reminder',
    channel: 'email',
    occurrence: at(0),
    offsetHours: 24,
  };
  return [
    event(
      c.AppointmentBookedV1,
      appointmentId,
      {
        ...ref,
        chairKind: 'recliner',
        startsAt: at(0),
        endsAt: at(60),
        chairReleasedAt: at(70),
        timeZone: 'America/Chicago',
        localStart: '2026-11-02T09:00:00',
        localEnd: '2026-11-02T10:00:00',
        durationMinutes: 30,
        observationMinutes: 30,
        bookedAt: at(-7 * 24 * 60),
      },
      time,
    ),
    event(c.SessionCheckedInV1, appointmentId, { ...s(-5), plannedStartsAt: at(0), lateMinutes: -5 }, time),
    event(c.SessionSeatedV1, appointmentId, s(2), time),
    event(c.SessionDrugReadyV1, appointmentId, s(10), time),
    event(c.InfusionStartedV1, appointmentId, { ...s(12), plannedStartsAt: at(0) }, time),
    event(c.InfusionCompletedV1, appointmentId, { ...s(44), infusingMinutes: 32, plannedDurationMinutes: 30 }, time),
    event(
      c.SessionDischargedV1,
      appointmentId,
      { ...s(75), plannedEndsAt: at(60), actualEndsAt: at(75), mayDrive: true, escortRequired: false, stoppedEarly: false },
      time,
    ),
    event(c.NotificationSentV1, message.messageId, { ...message, sentAt: at(-24 * 60), attempts: 1, fallback: false }, time),
    event(c.NotificationDeliveredV1, message.messageId, { ...message, deliveredAt: at(-24 * 60 + 1) }, time),
  ];
}

async function send(events) {
  const byTopic = new Map();
  for (const e of events) {
    const topic = m.physicalTopic(e.definition.topic.name);
    byTopic.set(topic, [
      ...(byTopic.get(topic) ?? []),
      {
        key: e.key,
        value: JSON.stringify(e.event),
        headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8', ce_id: e.event.id, ce_type: e.event.type },
      },
    ]);
  }
  await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
}

// The location first, so KPIs have a zone; then the backlog.
await send([
  event(c.LocationRegisteredV1, locationId, {
    locationId,
    organisationId: DEV_ORGANISATION_ID,
    name: 'Bench Center',
    timeZone: 'America/Chicago',
  }),
]);
let backlog = 1;
for (let i = 0; i < VISITS; i += 200) {
  const chunk = Array.from({ length: Math.min(200, VISITS - i) }, (_, k) => visitEvents(i + k)).flat();
  await send(chunk);
  backlog += chunk.length;
}

const group = `bench-reporting-${Date.now()}`;
const service = spawnService(PORT, { KAFKA_CONSUMER_GROUP: group });
const groups = cpuGroups({
  postgresPort: connection.port,
  kafkaPort,
  services: [{ name: 'reporting service', pid: service.pid }],
  self: 'load generator (this process, producer)',
});
const replayCpu = startCpu(groups);
const applied = async () => Number((await db.query('SELECT count(*)::int AS n FROM inbox')).rows[0].n);
const t0 = Date.now();
while ((await applied()) < backlog) {
  if (Date.now() - t0 > 600_000) throw new Error('replay did not finish in 10 minutes');
  await new Promise((r) => setTimeout(r, 200));
}
const {
  rows: [span],
} = await db.query(`SELECT extract(epoch FROM max(handled_at) - min(handled_at)) AS seconds FROM inbox`);
const replaySeconds = Number(span.seconds);
const replayCpuUsed = replayCpu.end(backlog);

// Live: paced production; freshness measured per event from its creation to its commit.
const times = new Map();
const liveCpu = startCpu(groups);
const liveStart = Date.now();
let produced = 0;
let producedVisits = 0;
for (let tick = 0; tick < SECONDS * 10; tick++) {
  const due = liveStart + tick * 100;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  // Whole visits, as many as make up a tenth of the rate (rounded up to nine events each).
  const slice = Array.from({ length: Math.ceil(RATE / 10 / 9) }, (_, k) => visitEvents(producedVisits + k, new Date())).flat();
  for (const e of slice) times.set(e.event.id, Date.parse(e.event.time));
  await send(slice);
  produced += slice.length;
  producedVisits += slice.length / 9;
}
const liveSeconds = (Date.now() - liveStart) / 1000;
while ((await applied()) < backlog + produced) await new Promise((r) => setTimeout(r, 200));
const liveCpuUsed = liveCpu.end(produced);
const { rows } = await db.query(`SELECT event_id, handled_at FROM inbox WHERE event_id = ANY($1)`, [[...times.keys()]]);
const freshness = rows.map((r) => new Date(r.handled_at).getTime() - times.get(r.event_id)).sort((a, b) => a - b);
const p = (q) => freshness[Math.min(freshness.length - 1, Math.ceil(q * freshness.length) - 1)];
const {
  rows: [facts],
} = await db.query(`SELECT count(*)::int AS visits FROM visit_fact`);

console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; one reporting process, PostgreSQL and Kafka on the same machine.`,
);
console.log(
  `Replay: ${backlog} events (${VISITS} visits × 9, and the location) from offset 0 in ${replaySeconds.toFixed(1)} s from the first applied to the last: ${(backlog / replaySeconds).toFixed(0)} events/s.`,
);
console.log(
  `Live: ${produced} events produced at ${(produced / liveSeconds).toFixed(0)}/s for ${liveSeconds.toFixed(1)} s; freshness (created → committed in reporting) p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms, max ${freshness.at(-1)} ms.`,
);
console.log(
  `Replay as ratios: ${formatRatio(backlog / replaySeconds, raw.throughput.consumedRate, 'raw kafkajs consumed rate')}, ${formatRatio(backlog / replaySeconds, reference.tps, 'pgbench TPS')}; CPU per event:\n${formatCpu(replayCpuUsed, 'event')}`,
);
const versus = (ms) =>
  `${fmt(ms / raw.paced.p50, 2)} × raw kafkajs paced p50, ${fmt(ms / reference.latencyAverage, 2)} × pgbench average latency`;
console.log(
  `Live freshness as ratios: p50 ${versus(p(0.5))}; p95 ${versus(p(0.95))}; p99 ${versus(p(0.99))}. CPU per event:\n${formatCpu(liveCpuUsed, 'event')}`,
);
console.log(`Check: ${facts.visits} visit rows for ${VISITS + producedVisits} visits.`);

await producer.disconnect();
service.kill('SIGTERM');
await new Promise((r) => service.once('exit', r));
await finish();
console.log(
  `Command: node infra/bench/reporting.bench.mjs (BENCH_VISITS=${VISITS}, BENCH_RATE=${RATE}, BENCH_SECONDS=${SECONDS})`,
);
