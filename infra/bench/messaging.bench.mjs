// npm run bench: outbox → Kafka → inbox against raw kafkajs produce → consume, same broker, same run.
//   BENCH_SECONDS (default 20) per phase; BENCH_WRITERS (default 16) concurrent writers.
// Needs built code, PostgreSQL and Kafka (started if absent, as `npm test` does).
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { ensureKafka } from '../dev/kafka.mjs';
import { ensurePostgres } from '../dev/postgres.mjs';
import { ROOT } from '../dev/steps.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 16);
const RATE = 1000;
/** Events per writer transaction in the full-speed phase (a series booking writes several). */
const EVENTS_PER_TX = (process.env.BENCH_EVENTS_PER_TX ?? '1,10').split(',').map(Number);
process.env.KAFKA_TOPIC_PREFIX = `bench-${Date.now()}.`;
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const started = [await ensurePostgres(), await ensureKafka()];
Object.assign(process.env, ...started.map((s) => s.env));

const { default: pino } = await import('pino');
const { DataSource } = await import('typeorm');
const { ChairAddedV1, ALL_TOPICS } = await import('../../libs/contracts/dist/index.js');
const db = await import('../../libs/database/dist/index.js');
const m = await import('../../libs/messaging/dist/index.js');

const logger = pino({ level: 'warn' });
const kafka = m.createKafkaClient({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  clientId: 'bench',
  logger,
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function database(label, extraSql) {
  const env = { ...process.env, DATABASE_NAME: `bench_${label}_${Date.now()}`, DATABASE_POOL_SIZE: '24' };
  const config = db.databaseConfigFromEnv('bench', env);
  await db.ensureDatabase(config);
  const dataSource = new DataSource(
    db.serviceDataSourceOptions({
      service: `bench-${label}`,
      config,
      entities: [m.OutboxMessage, m.InboxMessage],
      migrations: [m.MessagingTables1764230400000],
    }),
  );
  await dataSource.initialize();
  await db.runMigrations(dataSource);
  await dataSource.query(extraSql);
  return {
    env,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await db.dropDatabase(config);
    },
  };
}

/** The consumer runs in its own process, like the reporting service it stands for. */
async function startInboxConsumer(env) {
  const child = fork(new URL('./inbox-consumer.mjs', import.meta.url), { env: { ...env, BENCH_GROUP: `bench-${randomUUID()}` } });
  const state = { applied: 0, latencies: null };
  await new Promise((resolve, reject) => {
    child.on('message', (message) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'applied') {
        state.applied = message.applied;
        if (state.latencies) state.latencies.push(...message.latencies);
      }
    });
    child.once('exit', (code) => reject(new Error(`bench consumer exited (${code})`)));
  });
  state.stop = () =>
    new Promise((resolve) => {
      child.once('exit', resolve);
      child.send({ type: 'stop' });
    });
  return state;
}

async function outboxPipeline() {
  await m.ensureTopics(kafka, ALL_TOPICS);
  const producerDb = await database('outbox', 'CREATE TABLE chair_state (chair_id uuid PRIMARY KEY, label text NOT NULL)');
  const consumerDb = await database(
    'inbox',
    'CREATE TABLE chair_seen (chair_id uuid PRIMARY KEY, seen_at timestamptz NOT NULL DEFAULT clock_timestamp())',
  );
  const relay = new m.OutboxRelay(producerDb.dataSource, kafka, logger, { service: 'scheduling' });
  const consumer = await startInboxConsumer(consumerDb.env);
  relay.start();
  await sleep(3000); // group join

  // One event: one state insert and one outbox append. Several: one multi-row insert of the state
  // and one appendManyToOutbox, as a use case that books a series of doses does.
  const writeOne = async (events = 1) => {
    await producerDb.dataSource.transaction(async (manager) => {
      const chairIds = Array.from({ length: events }, () => randomUUID());
      await manager.query(`INSERT INTO chair_state (chair_id, label) SELECT id, 'Chair' FROM unnest($1::uuid[]) AS id`, [
        chairIds,
      ]);
      await m.appendManyToOutbox(
        manager,
        ChairAddedV1,
        chairIds.map((chairId) => ({
          data: { chairId, locationId: chairId, label: 'Chair', kind: 'recliner' },
          meta: { aggregateId: chairId, aggregateSequence: 1, correlationId: chairId },
        })),
      );
    });
    relay.wake();
  };

  // Phase 1: writers as fast as they can; what matters is what reaches the inbox per second.
  const throughput = [];
  for (const perTx of EVENTS_PER_TX) {
    let written = 0;
    let running = true;
    const appliedAtStart = consumer.applied;
    const t0 = Date.now();
    const writers = Array.from({ length: WRITERS }, async () => {
      while (running) {
        await writeOne(perTx);
        written += perTx;
      }
    });
    await sleep(SECONDS * 1000);
    running = false;
    await Promise.all(writers);
    const elapsed = (Date.now() - t0) / 1000;
    const appliedInWindow = consumer.applied - appliedAtStart;
    const drainStart = Date.now();
    while (consumer.applied < written + appliedAtStart && Date.now() - drainStart < 120_000) await sleep(100);
    throughput.push({
      perTx,
      written,
      writeRate: written / elapsed,
      applied: appliedInWindow,
      appliedRate: appliedInWindow / elapsed,
      drainSeconds: (Date.now() - drainStart) / 1000,
      allApplied: consumer.applied - appliedAtStart === written,
    });
  }

  // Phase 1b: a backlog, as after a Kafka outage: fill the outbox with the relay stopped, then
  // time relay → Kafka → inbox until every event is applied. This is the pipeline's own capacity.
  await relay.stop();
  const backlog = Number(process.env.BENCH_BACKLOG ?? 120_000);
  const fillers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = w; i < backlog / 50; i += 8)
      await producerDb.dataSource.transaction(async (manager) => {
        for (let j = 0; j < 50; j++) {
          const chairId = randomUUID();
          await m.appendToOutbox(
            manager,
            ChairAddedV1,
            { chairId, locationId: chairId, label: 'Chair', kind: 'recliner' },
            { aggregateId: chairId, aggregateSequence: 1, correlationId: chairId },
          );
        }
      });
  });
  await Promise.all(fillers);
  const before = consumer.applied;
  const d0 = Date.now();
  relay.start();
  while (consumer.applied < before + backlog && Date.now() - d0 < 300_000) await sleep(20);
  const drain = { events: consumer.applied - before, seconds: (Date.now() - d0) / 1000 };
  drain.rate = drain.events / drain.seconds;

  // Phase 2: paced at 1,000 events/s; latency = event time (in the writer's transaction) → inbox commit.
  await sleep(1000);
  consumer.latencies = [];
  const latencies = consumer.latencies;
  const p0 = Date.now();
  let sent = 0;
  const inflight = new Set();
  while (Date.now() - p0 < SECONDS * 1000) {
    const due = Math.floor(((Date.now() - p0) / 1000) * RATE) - sent;
    for (let i = 0; i < due; i++) {
      const p = writeOne().finally(() => inflight.delete(p));
      inflight.add(p);
      sent++;
    }
    await sleep(10);
  }
  await Promise.all(inflight);
  const w0 = Date.now();
  while (latencies.length < sent && Date.now() - w0 < 60_000) await sleep(50);
  const paced = {
    sent,
    rate: sent / ((Date.now() - p0) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    measured: latencies.length,
  };

  // Where the time goes: write transaction start → relay publish (outbox), publish → inbox commit.
  const [relayDelay] = await producerDb.dataSource.query(
    `
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
      FROM (SELECT extract(epoch FROM published_at - created_at) * 1000 AS ms FROM outbox WHERE created_at >= to_timestamp($1 / 1000.0)) d`,
    [p0],
  );
  paced.relayP50 = Number(relayDelay.p50);
  paced.relayP99 = Number(relayDelay.p99);
  await consumer.stop();
  await relay.stop();
  const [{ duplicates }] = await consumerDb.dataSource.query(
    `SELECT (SELECT count(*) FROM inbox) - (SELECT count(*) FROM chair_seen) AS duplicates`,
  );
  await producerDb.drop();
  await consumerDb.drop();
  return { throughput, drain, paced, duplicates: Number(duplicates) };
}

async function rawKafkajs() {
  const topic = `${process.env.KAFKA_TOPIC_PREFIX}raw`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6, replicationFactor: 1 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  let latencies = null;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (latencies) {
        const now = Date.now();
        for (const msg of batch.messages) latencies.push(now - Number(msg.value.toString()));
      }
    },
  });
  await sleep(3000);
  const value = () => String(Date.now());

  let running = true;
  let produced = 0;
  const c0 = consumed;
  const t0 = Date.now();
  const loop = (async () => {
    while (running) {
      const messages = Array.from({ length: 500 }, (_, i) => ({ key: `k${produced + i}`, value: value() }));
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
      produced += 500;
    }
  })();
  await sleep(SECONDS * 1000);
  running = false;
  await loop;
  const elapsed = (Date.now() - t0) / 1000;
  const throughput = { produced, produceRate: produced / elapsed, consumedRate: (consumed - c0) / elapsed };
  while (consumed - c0 < produced) await sleep(50);

  latencies = [];
  const p0 = Date.now();
  let sent = 0;
  while (Date.now() - p0 < SECONDS * 1000) {
    const due = Math.floor(((Date.now() - p0) / 1000) * RATE) - sent;
    if (due > 0) {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: due }, (_, i) => ({ key: `p${sent + i}`, value: value() })),
      });
      sent += due;
    }
    await sleep(20);
  }
  while (latencies.length < sent) await sleep(50);
  const paced = {
    sent,
    rate: sent / ((Date.now() - p0) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  };
  await consumer.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return { throughput, paced };
}

function machine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

const fmt = (n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
try {
  const pipeline = await outboxPipeline();
  const raw = await rawKafkajs();
  const [pgVersion] = await (async () => {
    const { default: pg } = await import('pg');
    const c = new pg.Client({
      host: process.env.DATABASE_HOST ?? '127.0.0.1',
      port: Number(process.env.DATABASE_PORT ?? 5432),
      user: process.env.DATABASE_USER ?? 'postgres',
      password: process.env.DATABASE_PASSWORD,
      database: 'postgres',
    });
    await c.connect();
    const r = await c.query('SHOW server_version');
    await c.end();
    return [r.rows[0].server_version];
  })();
  const report = `
Machine: ${machine()}; PostgreSQL ${pgVersion}; Kafka 4.1.1 (one KRaft broker); ${SECONDS} s per phase, ${WRITERS} writers.
Writers and the outbox relay run in one process (as in a service), the inbox consumer in another; the broker and PostgreSQL share the same 2 cores. Paced phase: single-event transactions at ${RATE}/s; latency is event time (set inside the writer's transaction) to the consumer's inbox commit.

| path | full-speed throughput | paced at ${RATE}/s: p50 | p99 | max |
|---|---|---|---|---|
${pipeline.throughput.map((t, i) => `| outbox → Kafka → inbox, ${t.perTx === 1 ? '1 event per write transaction' : `${t.perTx} events per write transaction (one multi-row insert each)`} | ${fmt(t.appliedRate)} events/s applied (${fmt(t.writeRate)}/s written; backlog drained ${fmt(t.drainSeconds, 1)} s after; all applied: ${t.allApplied}) | ${i === 0 ? `${fmt(pipeline.paced.p50)} ms` : ''} | ${i === 0 ? `${fmt(pipeline.paced.p99)} ms` : ''} | ${i === 0 ? `${fmt(pipeline.paced.max)} ms` : ''} |`).join('\n')}
| outbox backlog of ${fmt(pipeline.drain.events)} events (written while the relay was stopped) → Kafka → inbox | ${fmt(pipeline.drain.rate)} events/s (drained in ${fmt(pipeline.drain.seconds, 1)} s) | | | |
| raw kafkajs produce → consume (idempotent, acks=all, batches of 500; no database) | ${fmt(raw.throughput.consumedRate)} msgs/s consumed (${fmt(raw.throughput.produceRate)}/s produced) | ${fmt(raw.paced.p50)} ms | ${fmt(raw.paced.p99)} ms | ${fmt(raw.paced.max)} ms |

Outbox share of the paced latency (transaction start → published): p50 ${fmt(pipeline.paced.relayP50)} ms, p99 ${fmt(pipeline.paced.relayP99)} ms.
Duplicate effects in the inbox database: ${pipeline.duplicates}. Paced phase: ${fmt(pipeline.paced.sent)} events at ${fmt(pipeline.paced.rate)}/s, ${fmt(pipeline.paced.measured)} latencies measured.
`;
  console.log(report);
  mkdirSync(`${ROOT}.data`, { recursive: true });
  writeFileSync(`${ROOT}.data/bench-messaging.json`, JSON.stringify({ machine: machine(), pgVersion, pipeline, raw }, null, 2));
} finally {
  for (const s of started.reverse()) await s.stop().catch(() => undefined);
}
process.exit(0);
