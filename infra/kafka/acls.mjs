// Prepares the secure broker (kafka.sh start-secure) as its operator would: connects as `admin`
// over TLS with SCRAM, creates every topic (the services may create only their own) and grants
// each service's principal its ACLs (libs/messaging kafka/acls.ts). Exits 0 once done; kafka.sh
// calls it until the broker answers. Needs `npm run build`.
//   node infra/kafka/acls.mjs <secure-dir>/client.env     (topic names carry KAFKA_TOPIC_PREFIX)
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { ALL_TOPICS, deadLetterTopic, SERVICE_NAMES } from '@chairside/contracts';
import { applyKafkaAcls, createKafkaClient, ensureTopics } from '@chairside/messaging';

const file = process.argv[2];
if (!file) throw new Error('usage: node infra/kafka/acls.mjs <client.env>');
const vars = Object.fromEntries(
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const kafka = createKafkaClient({
  brokers: [vars.KAFKA_SECURE_BROKERS],
  ssl: { ca: [readFileSync(vars.KAFKA_SSL_CA_FILE, 'utf8')] },
  sasl: { mechanism: 'scram-sha-512', username: 'admin', password: vars.KAFKA_SASL_PASSWORD_ADMIN },
  clientId: 'chairside-operator',
  logger: pino({ level: 'silent' }),
});
const created = await ensureTopics(kafka, [...ALL_TOPICS, ...SERVICE_NAMES.map(deadLetterTopic)]);
const admin = kafka.admin();
await admin.connect();
let acls;
try {
  acls = await applyKafkaAcls(admin, process.env);
} finally {
  await admin.disconnect();
}
// The controller has accepted the ACLs; the broker's authorizer applies them a moment later. Ready
// is when a service principal is let into its own group (found: clients were refused for a second).
const scheduling = createKafkaClient({
  brokers: [vars.KAFKA_SECURE_BROKERS],
  ssl: { ca: [readFileSync(vars.KAFKA_SSL_CA_FILE, 'utf8')] },
  sasl: { mechanism: 'scram-sha-512', username: 'chairside-scheduling', password: vars.KAFKA_SASL_PASSWORD_CHAIRSIDE_SCHEDULING },
  clientId: 'chairside-operator-check',
  logger: pino({ level: 'silent' }),
}).admin();
await scheduling.connect();
try {
  for (let attempt = 1; ; attempt++) {
    try {
      await scheduling.fetchOffsets({ groupId: 'chairside-scheduling-ready', topics: [] });
      break;
    } catch (error) {
      if (attempt >= 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
} finally {
  await scheduling.disconnect();
}
console.log(`[kafka] ${created.length} topic(s) created, ${acls} ACL bindings granted and in force`);
