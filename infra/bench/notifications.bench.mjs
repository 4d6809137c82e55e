// npm run bench:notifications — 10,000 due reminders dispatched to a real SMTP server on loopback.
//   BENCH_REMINDERS (10000) reminders due now, each for its own patient; one notifications process
//   (DISPATCH_CONCURRENCY, SMTP_MAX_CONNECTIONS as set); reports messages/s at the SMTP server and
//   checks none arrived twice (by SMTP transaction, not only by Message-ID).
import os from 'node:os';
import { prepareServiceBench } from './service-bench.mjs';

const COUNT = Number(process.env.BENCH_REMINDERS ?? 10_000);
const PORT = 3903;
const { db, spawnService, finish } = await prepareServiceBench('notifications');

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
for (let seen = 0; ;) {
  await new Promise((r) => setTimeout(r, 20));
  const now = receipts();
  if (now > 0 && !first) first = performance.now();
  if (now !== seen) last = performance.now();
  seen = now;
  if (now >= COUNT) break;
  if (performance.now() - t0 > 600_000) throw new Error(`only ${now} of ${COUNT} arrived in 10 minutes`);
}
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
console.log(
  `Check: ${sink.mails.length} distinct Message-IDs, ${sink.receipts - sink.mails.length} duplicate SMTP transactions; ${sent} rows recorded sent.`,
);

service.kill('SIGTERM');
await new Promise((r) => service.once('exit', r));
await sink.close();
await finish();
