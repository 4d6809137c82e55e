// The consuming side of `npm run bench`, in its own process as a real service is.
// Reports applied counts, event-time → commit latencies and the times at which batches were applied
// (for the longest stall) to the parent over IPC.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { startProfile } from './cpu-profile.mjs';

const { default: pino } = await import('pino');
const { ChairAddedV1 } = await import('../../libs/contracts/dist/index.js');
const db = await import('../../libs/database/dist/index.js');
const m = await import('../../libs/messaging/dist/index.js');

const logger = pino({ level: 'warn' });
const config = db.databaseConfigFromEnv('bench', process.env);
const dataSource = new DataSource(
  db.serviceDataSourceOptions({ service: 'bench-inbox', config, entities: [m.OutboxMessage, m.InboxMessage], migrations: [] }),
);
await dataSource.initialize();
const kafka = m.createKafkaClient({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  clientId: 'bench-inbox',
  logger,
});

let applied = 0;
let transactions = 0;
let latencies = [];
let completions = [];
const server = new m.KafkaEventServer({
  service: 'reporting',
  kafka,
  groupId: process.env.BENCH_GROUP,
  dataSource,
  logger,
  onFatal: (error) => {
    console.error(error);
    process.exit(1);
  },
  onApplied: (events) => {
    applied += events.length;
    transactions++;
    const now = Date.now();
    completions.push(now);
    for (const e of events) latencies.push(now - Date.parse(e.time));
  },
});
/** BENCH_WRITES=final-write: the handler's rows land as one INSERT per inbox transaction (staged). */
const chairSeen = {
  key: (chairId) => chairId,
  merge: (earlier) => earlier,
  write: (manager, chairIds) => manager.query('INSERT INTO chair_seen (chair_id) SELECT unnest($1::uuid[])', [chairIds]),
};
const staged = process.env.BENCH_WRITES === 'final-write';
server.addHandler(
  ChairAddedV1.type,
  async (event, ctx) => {
    if (staged) ctx.stage(chairSeen, event.data.chairId);
    else await ctx.manager.query('INSERT INTO chair_seen (chair_id) VALUES ($1)', [event.data.chairId]);
  },
  true,
);
await new Promise((resolve, reject) => server.listen((error) => (error ? reject(error) : resolve())));

const report = setInterval(() => {
  process.send({ type: 'applied', applied, transactions, latencies, completions });
  latencies = [];
  completions = [];
}, 100);
let writeProfile;
process.on('message', async (message) => {
  // BENCH_PROFILE: the parent starts and ends a CPU profile around each timed phase.
  if (message.type === 'profile-start') {
    writeProfile = await startProfile();
    process.send({ type: 'profiling' });
  }
  if (message.type === 'profile-stop') {
    await writeProfile?.(message.file);
    writeProfile = undefined;
    process.send({ type: 'profiled' });
  }
  if (message.type !== 'stop') return;
  clearInterval(report);
  process.send({ type: 'applied', applied, transactions, latencies, completions });
  await server.close();
  await dataSource.destroy();
  process.exit(0);
});
process.send({ type: 'ready' });
