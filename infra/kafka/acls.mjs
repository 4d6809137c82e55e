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
try {
  const acls = await applyKafkaAcls(admin, process.env);
  console.log(`[kafka] ${created.length} topic(s) created, ${acls} ACL bindings granted`);
} finally {
  await admin.disconnect();
}
