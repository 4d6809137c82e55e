// npm run bench: outbox → Kafka → inbox against raw kafkajs produce → consume, same broker, same run.
//   BENCH_SECONDS (default 20) per phase; BENCH_WRITERS (default 16) concurrent writers; BENCH_RATE
//   for the paced phase (default: 0.4 × the pgbench TPS measured first, half of issue 20's 0.8 target).
// Every figure is printed beside the machine's own limit measured in the same run (reference.mjs:
// pgbench TPC-B, raw kafkajs) as a ratio, with the CPU ms per event of each process involved.
// Needs built code, PostgreSQL and Kafka (started if absent, as `npm test` does).
// BENCH_PROFILE=<dir>: a V8 CPU profile of each timed phase, of this process (writers + relay) and
// of the consumer's, written there as <phase>.<process>.cpuprofile (infra/bench/cpu-profile-summary.mjs reads them).
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import {
  cpuGroups,
  fmt,
  formatCpu,
  formatLatency,
  formatPgbench,
  formatRatio,
  kafkajsReference,
  latencySummary,
  pgbenchReference,
  postgresConnection,
  startCpu,
} from './reference.mjs';
import { ensureKafka } from '../dev/kafka.mjs';
import { ensurePostgres } from '../dev/postgres.mjs';
import { ROOT } from '../dev/steps.mjs';
import { startProfile } from './cpu-profile.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 16);
/**
 * BENCH_WRITES=final-write: one event per transaction is written as the services' hottest use
 * cases write (UnitOfWork.runWithFinalWrite: BEGIN, the state row and its event in one statement,
 * COMMIT, one round trip) and the consumer's handler stages its row (one multi-row INSERT per inbox
 * transaction, as the reporting projections do). The default writes one statement per round trip:
 * BEGIN, the state row, the outbox row, COMMIT; and the handler INSERTs once per event.
 */
const FINAL_WRITE = process.env.BENCH_WRITES === 'final-write';
/** Events per writer transaction in the full-speed phase (a series booking writes several). */
const EVENTS_PER_TX = (process.env.BENCH_EVENTS_PER_TX ?? '1,10').split(',').map(Number);
const PROFILE = process.env.BENCH_PROFILE;
if (PROFILE) mkdirSync(PROFILE, { recursive: true });
process.env.KAFKA_TOPIC_PREFIX = `bench-${Date.now()}.`;
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const started = [await ensurePostgres(), await ensureKafka()];
Object.assign(process.env, ...started.map((s) => s.env));
const postgresPort = postgresConnection().port;
const kafkaPort = Number((process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':').at(-1));
// The reference first, while nothing of the benchmark runs.
const reference = await pgbenchReference();
console.log(formatPgbench(reference));
const RATE = Number(process.env.BENCH_RATE ?? Math.round(0.4 * reference.tps));

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
  const state = { applied: 0, transactions: 0, latencies: null, completions: [], pid: child.pid };
  let profiled;
  await new Promise((resolve, reject) => {
    child.on('message', (message) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'profiled' || message.type === 'profiling') profiled?.();
      if (message.type === 'applied') {
        state.applied = message.applied;
        state.transactions = message.transactions;
        state.completions.push(...message.completions);
        if (state.latencies) state.latencies.push(...message.latencies);
      }
    });
    child.once('exit', (code) => reject(new Error(`bench consumer exited (${code})`)));
  });
  /** Starts a CPU profile in the consumer's process; the returned function writes it to `file`. */
  state.profile = async () => {
    await new Promise((resolve) => {
      profiled = resolve;
      child.send({ type: 'profile-start' });
    });
    return (file) =>
      new Promise((resolve) => {
        profiled = resolve;
        child.send({ type: 'profile-stop', file });
      });
  };
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
  // Passes that published something, and what they published: events per relay transaction.
  const passes = { count: 0, events: 0 };
  const relayOnce = relay.relayOnce.bind(relay);
  relay.relayOnce = async () => {
    const n = await relayOnce();
    if (n) {
      passes.count++;
      passes.events += n;
    }
    return n;
  };
  /** Profiles of one phase in both processes (BENCH_PROFILE), and its relay passes and consumer transactions. */
  const observe = async (phase) => {
    const own = PROFILE ? await startProfile() : undefined;
    const theirs = PROFILE ? await consumer.profile() : undefined;
    const p0 = { ...passes };
    const t0 = consumer.transactions;
    return async () => {
      await own?.(`${PROFILE}/${phase}.writers-relay.cpuprofile`);
      await theirs?.(`${PROFILE}/${phase}.consumer.cpuprofile`);
      return {
        relayPasses: passes.count - p0.count,
        relayEvents: passes.events - p0.events,
        consumerTransactions: consumer.transactions - t0,
      };
    };
  };
  const consumer = await startInboxConsumer(consumerDb.env);
  relay.start();
  await sleep(3000); // group join
  // Writers and the relay share this process, as a service's use cases and relay do.
  const groups = cpuGroups({
    postgresPort,
    kafkaPort,
    services: [{ name: 'inbox consumer (its own process)', pid: consumer.pid }],
    self: 'writers + outbox relay (this process)',
  });

  // One event: one state insert and one outbox append. Several: one multi-row insert of the state
  // and one appendManyToOutbox, as a use case that books a series of doses does.
  const unitOfWork = new m.UnitOfWork(producerDb.dataSource, relay);
  const writeOne = async (events = 1) => {
    if (FINAL_WRITE && events === 1) {
      const chairId = randomUUID();
      // runWithFinalWrite wakes the relay after the commit.
      await unitOfWork.runWithFinalWrite(async (tx) => ({
        result: undefined,
        finalWrite: tx.prepareWith(
          { sql: `INSERT INTO chair_state (chair_id, label) VALUES ($1, 'Chair')`, parameters: [chairId] },
          ChairAddedV1,
          { chairId, locationId: chairId, label: 'Chair', kind: 'recliner' },
          { aggregateId: chairId, aggregateSequence: 1 },
        ),
      }));
      return;
    }
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
    consumer.completions = [];
    const observed = await observe(`${perTx}-per-tx`);
    const cpu = startCpu(groups);
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
    const cpuUse = cpu.end(appliedInWindow);
    const counts = await observed();
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
      cpu: cpuUse,
      ...counts,
      // Longest time in which the consumer applied nothing, writers running (the first second is the relay's and consumer's start).
      stall: latencySummary(
        [],
        consumer.completions.filter((t) => t >= t0 + 1000 && t <= t0 + elapsed * 1000),
        {
          from: t0 + 1000,
          to: t0 + elapsed * 1000,
        },
      ).stall,
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
  const drainCpu = startCpu(groups);
  const d0 = Date.now();
  relay.start();
  while (consumer.applied < before + backlog && Date.now() - d0 < 300_000) await sleep(20);
  const drain = { events: consumer.applied - before, seconds: (Date.now() - d0) / 1000 };
  drain.rate = drain.events / drain.seconds;
  drain.cpu = drainCpu.end(drain.events);

  // Phase 2: paced at 1,000 events/s; latency = event time (in the writer's transaction) → inbox commit.
  await sleep(1000);
  consumer.latencies = [];
  consumer.completions = [];
  const latencies = consumer.latencies;
  const pacedObserved = await observe('paced');
  const pacedCpu = startCpu(groups);
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
    ...latencySummary(latencies, consumer.completions, { from: p0 + 1000, to: consumer.completions.at(-1) }),
    measured: latencies.length,
    cpu: pacedCpu.end(latencies.length),
  };
  Object.assign(paced, await pacedObserved());

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

/** How many events one relay pass and one consumer transaction carried in a phase. */
function batching(phase) {
  return `relay: ${fmt(phase.relayPasses)} passes that published, ${fmt(phase.relayEvents / phase.relayPasses, 1)} events each; consumer: ${fmt(phase.consumerTransactions)} inbox transactions, ${fmt(phase.applied / phase.consumerTransactions, 1)} events each`;
}

function machine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

try {
  const pipeline = await outboxPipeline();
  const raw = await kafkajsReference(kafka, { seconds: SECONDS, rate: RATE, kafkaPort });
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
  const [one, ...more] = pipeline.throughput;
  const report = `
Machine: ${machine()}; PostgreSQL ${pgVersion}; Kafka 4.1.1 (one KRaft broker); ${SECONDS} s per phase, ${WRITERS} writers.
Writers and the outbox relay run in one process (as in a service), the inbox consumer in another; the broker and PostgreSQL share the same cores.
Writes: ${FINAL_WRITE ? 'final-write (one event per transaction in one round trip; the handler stages its rows)' : 'one statement per round trip (BEGIN, state row, outbox row, COMMIT; the handler INSERTs per event)'}.
${formatPgbench(reference)}
Reference: raw kafkajs on a topic of its own (idempotent, acks=all, batches of 500, eachBatch consumer, no database): ${fmt(raw.throughput.consumedRate)} msgs/s consumed (${fmt(raw.throughput.produceRate)}/s produced); CPU per message:
${formatCpu(raw.throughput.cpu, 'msg')}
  paced at ${fmt(RATE)}/s: ${formatLatency(raw.paced)}

Outbox → Kafka → inbox, ${one.perTx === 1 ? '1 event' : `${one.perTx} events`} per write transaction: ${fmt(one.appliedRate)} events/s applied (${fmt(one.writeRate)}/s written; backlog drained ${fmt(one.drainSeconds, 1)} s after; all applied: ${one.allApplied}); longest stall ${fmt(one.stall)} ms
  ratio: ${formatRatio(one.appliedRate, reference.tps, 'pgbench TPS', one.perTx === 1 ? 0.8 : undefined)}; ${formatRatio(one.appliedRate, raw.throughput.consumedRate, 'raw kafkajs')}
  ${batching(one)}
  CPU per event applied:
${formatCpu(one.cpu, 'event')}
${more
  .map(
    (
      t,
    ) => `Outbox → Kafka → inbox, ${t.perTx} events per write transaction (one multi-row insert each): ${fmt(t.appliedRate)} events/s applied (${fmt(t.writeRate)}/s written; drained ${fmt(t.drainSeconds, 1)} s after; all applied: ${t.allApplied}); longest stall ${fmt(t.stall)} ms
  ratio: ${formatRatio(t.appliedRate, reference.tps, 'pgbench TPS')}; ${formatRatio(t.appliedRate, raw.throughput.consumedRate, 'raw kafkajs')}
  ${batching(t)}
  CPU per event applied:
${formatCpu(t.cpu, 'event')}`,
  )
  .join('\n')}
Outbox backlog of ${fmt(pipeline.drain.events)} events (written while the relay was stopped) → Kafka → inbox: ${fmt(pipeline.drain.rate)} events/s (drained in ${fmt(pipeline.drain.seconds, 1)} s)
  ratio: ${formatRatio(pipeline.drain.rate, reference.tps, 'pgbench TPS')}; ${formatRatio(pipeline.drain.rate, raw.throughput.consumedRate, 'raw kafkajs')}
  CPU per event applied:
${formatCpu(pipeline.drain.cpu, 'event')}

Paced, 1 event per write transaction at ${fmt(RATE)}/s (${fmt(RATE / reference.tps, 2)} × pgbench TPS), event time (set inside the writer's transaction) → inbox commit:
  ${formatLatency(pipeline.paced)} (target p99 ≤ 250 ms: ${pipeline.paced.p99 <= 250 ? 'met' : 'NOT met'}; no stall > 1 s: ${Math.max(pipeline.paced.max, pipeline.paced.stall) <= 1000 ? 'met' : 'NOT met'})
  ${fmt(pipeline.paced.sent)} events at ${fmt(pipeline.paced.rate)}/s, ${fmt(pipeline.paced.measured)} latencies measured; outbox share (transaction start → published): p50 ${fmt(pipeline.paced.relayP50)} ms, p99 ${fmt(pipeline.paced.relayP99)} ms
  ${batching({ ...pipeline.paced, applied: pipeline.paced.measured })}
  CPU per event:
${formatCpu(pipeline.paced.cpu, 'event')}

Duplicate effects in the inbox database: ${pipeline.duplicates}.
`;
  console.log(report);
  mkdirSync(`${ROOT}.data`, { recursive: true });
  writeFileSync(
    `${ROOT}.data/bench-messaging.json`,
    JSON.stringify({ machine: machine(), pgVersion, reference, pipeline, raw }, null, 2),
  );
} finally {
  for (const s of started.reverse()) await s.stop().catch(() => undefined);
}
process.exit(0);
