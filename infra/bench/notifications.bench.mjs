// npm run bench:notifications — 10,000 due reminders dispatched to a real SMTP server on loopback.
//   BENCH_REMINDERS (10000) reminders due now, each for its own patient; one notifications process
//   (DISPATCH_CONCURRENCY, SMTP_MAX_CONNECTIONS as set); reports messages/s at the SMTP server and
//   checks none arrived twice (by SMTP transaction, not only by Message-ID). First measures the
//   machine in the same run (pgbench TPC-B against the same PostgreSQL, reference.mjs) and states
//   messages/s as a ratio to pgbench's TPS, with the CPU ms per message of the notifications process,
//   PostgreSQL, the Kafka broker and this process (the SMTP server). No raw kafkajs reference: the
//   measured path is the database's due reminders to SMTP; no message of it goes through Kafka.
import os from 'node:os';
import {
  cpuGroups,
  fmt,
  formatCpu,
  formatPgbench,
  formatRatio,
  pgbenchReference,
  postgresConnection,
  startCpu,
} from './reference.mjs';
import { prepareServiceBench } from './service-bench.mjs';

const COUNT = Number(process.env.BENCH_REMINDERS ?? 10_000);
const PORT = 3903;
const { db, env, spawnService, finish } = await prepareServiceBench('notifications');
const connection = postgresConnection(env);
const kafkaPort = Number((env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':').at(-1));
// The reference first, before anything of the benchmark runs.
const reference = await pgbenchReference({ connection });
console.log(formatPgbench(reference));

const { startMailSink, seedDueReminders } = await import('../../libs/testing/dist/index.js');
const { DEV_ORGANISATION_ID } = await import('../../libs/platform/dist/index.js');
const sink = await startMailSink();
let first = 0;
let last = 0;
const receipts = () => sink.receipts;
await seedDueReminders((sql, parameters) => db.query(sql, parameters), COUNT, DEV_ORGANISATION_ID);

const t0 = performance.now();
// The bench's sink speaks plain SMTP on loopback (a real relay gets STARTTLS, SMTP_TLS's default).
const service = spawnService(PORT, {
  SMTP_PORT: String(sink.port),
  SMTP_TLS: 'off',
  KAFKA_CONSUMER_GROUP: `bench-${Date.now()}`,
});
// From the process's start to the last message: its start-up is part of what one dispatch run costs.
const cpu = startCpu(
  cpuGroups({
    postgresPort: connection.port,
    kafkaPort,
    services: [{ name: 'notifications service', pid: service.pid }],
    self: 'SMTP server (this process)',
  }),
);
for (let seen = 0; ;) {
  await new Promise((r) => setTimeout(r, 20));
  const now = receipts();
  if (now > 0 && !first) first = performance.now();
  if (now !== seen) last = performance.now();
  seen = now;
  if (now >= COUNT) break;
  if (performance.now() - t0 > 600_000) throw new Error(`only ${now} of ${COUNT} arrived in 10 minutes`);
}
const cpuUsed = cpu.end(COUNT);
await new Promise((r) => setTimeout(r, 1_000));
const {
  rows: [{ sent }],
} = await db.query(`SELECT count(*)::int AS sent FROM message WHERE status = 'sent'`);
const seconds = (last - first) / 1000;
console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; one notifications process, PostgreSQL, Kafka and the SMTP server (smtp-server + mailparser, in the benchmark's process) on the same machine.`,
);
console.log(
  `Dispatch: ${COUNT} due reminders; first at the SMTP server ${((first - t0) / 1000).toFixed(1)} s after the process started; ${sink.receipts} SMTP transactions in ${seconds.toFixed(1)} s: ${(sink.receipts / seconds).toFixed(0)} messages/s.`,
);
console.log(`  = ${formatRatio(sink.receipts / seconds, reference.tps, 'pgbench TPS')}`);
console.log(`CPU per message, from the process's start to the last message:\n${formatCpu(cpuUsed, 'message')}`);
console.log(
  `Check: ${sink.mails.length} distinct Message-IDs, ${sink.receipts - sink.mails.length} duplicate SMTP transactions; ${sent} rows recorded sent.`,
);

service.kill('SIGTERM');
await new Promise((r) => service.once('exit', r));
await sink.close();
await finish();
console.log(`Command: node infra/bench/notifications.bench.mjs (BENCH_REMINDERS=${COUNT}); reference ${fmt(reference.tps)} TPS`);
