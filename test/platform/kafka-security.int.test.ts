import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import { ALL_TOPICS, deadLetterTopic, type ServiceName, Topics } from '@chairside/contracts';
import { createKafkaClient, ensureTopics, kafkaConnection, physicalTopic } from '@chairside/messaging';
import { loadConfig } from '@chairside/platform';
import { serviceConfigSchema } from '@chairside/runtime';
import { freePort } from '@chairside/testing';

const run = promisify(execFile);
const KAFKA_SH = fileURLToPath(new URL('../../infra/kafka/kafka.sh', import.meta.url));

/** Every kafkajs error type and message along an error's causes (a refusal is often wrapped in a retry error). */
function refusal(error: unknown): string {
  const found: string[] = [];
  for (let e = error as { type?: string; message?: string; cause?: unknown; originalError?: unknown } | undefined; e;) {
    found.push(`${e.type ?? ''} ${e.message ?? ''}`);
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return found.join(' | ');
}

async function refusalOf(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    return refusal(error);
  }
  throw new Error('expected the broker to refuse');
}

/**
 * A second broker started for this file by `kafka.sh start-secure`: SASL_SSL only (SCRAM-SHA-512
 * over TLS with its own CA), KRaft's StandardAuthorizer denying what no ACL allows, one principal
 * per service with the ACLs of libs/messaging kafka/acls.ts. The services' clients are built the
 * way a service builds them: its configuration schema (NODE_ENV=production, so the refusal of
 * clear text is checked too), kafkaConnection, createKafkaClient.
 */
describe('Kafka with SCRAM, TLS and ACLs: each service only on its own topics and groups', () => {
  let secureDir = '';
  let env: Record<string, string> = {};
  const clients: Kafka[] = [];
  const stopEnv: Record<string, string> = {};

  beforeAll(async () => {
    const [port, controllerPort] = [await freePort(), await freePort()];
    Object.assign(stopEnv, {
      ...process.env,
      KAFKA_SECURE_PORT: String(port),
      KAFKA_SECURE_CONTROLLER_PORT: String(controllerPort),
      // A second broker beside the shared one on a small machine: a small heap is plenty for this file.
      KAFKA_HEAP_OPTS: '-Xms64m -Xmx384m',
    });
    await run('bash', [KAFKA_SH, 'start-secure'], { env: stopEnv, timeout: 100_000 });
    secureDir = join(process.env.KAFKA_HOME_DIR ?? join(homedir(), '.cache/chairside/kafka'), `secure-${port}`);
    env = Object.fromEntries(
      readFileSync(join(secureDir, 'client.env'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  }, 110_000);

  afterAll(async () => {
    await run('bash', [KAFKA_SH, 'stop-secure'], { env: stopEnv, timeout: 60_000 });
  });

  /** A service's Kafka client from its own configuration, as startService and MessagingModule build it. */
  function clientOf(
    service: ServiceName,
    password = env[`KAFKA_SASL_PASSWORD_CHAIRSIDE_${service.toUpperCase()}`]!,
    username = `chairside-${service}`,
  ): Kafka {
    const config = loadConfig(serviceConfigSchema(service), {
      NODE_ENV: 'production',
      AUTH_OIDC_ISSUER: 'https://sso.hospital.example/realms/chairside',
      KAFKA_BROKERS: env.KAFKA_SECURE_BROKERS,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: env.KAFKA_SSL_CA_FILE,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: username,
      KAFKA_SASL_PASSWORD: password,
    });
    const kafka = createKafkaClient({
      ...kafkaConnection(config),
      clientId: `chairside-${service}`,
      logger: pino({ level: 'silent' }),
    });
    clients.push(kafka);
    return kafka;
  }

  const appointments = () => physicalTopic(Topics.schedulingAppointments.name);

  it('lets scheduling write its own topic and sessions read it in its own group', async () => {
    const producer = clientOf('scheduling').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const key = randomUUID();
    await producer.send({ topic: appointments(), messages: [{ key, value: 'booked' }] });
    await producer.disconnect();

    const consumer = clientOf('sessions').consumer({ groupId: `chairside-sessions-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: appointments(), fromBeginning: true });
    const received = new Promise<string>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() === key) resolve(String(message.value));
        },
      });
    });
    await expect(received).resolves.toBe('booked');
    await consumer.disconnect();
  });

  it("refuses sessions writing scheduling's topic and reading a topic it does not consume (TopicAuthorizationFailed)", async () => {
    const sessions = clientOf('sessions');
    const producer = sessions.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    expect(await refusalOf(producer.send({ topic: appointments(), messages: [{ value: 'forged booking' }] }))).toContain(
      'TOPIC_AUTHORIZATION_FAILED',
    );
    await producer.disconnect();

    const consumer = sessions.consumer({ groupId: `chairside-sessions-${randomUUID()}` });
    await consumer.connect();
    // Patients' contact details are for notifications only.
    expect(
      await refusalOf(consumer.subscribe({ topic: physicalTopic(Topics.schedulingPatientContacts.name), fromBeginning: true })),
    ).toContain('TOPIC_AUTHORIZATION_FAILED');
    await consumer.disconnect();
  });

  it('lets reporting publish the analytics stream and the analytics principal read it, and nothing internal', async () => {
    const visits = physicalTopic(Topics.analyticsVisits.name);
    const producer = clientOf('reporting').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const key = randomUUID();
    await producer.send({ topic: visits, messages: [{ key, value: 'de-identified visit' }] });
    await producer.disconnect();

    // The analytics teams' principal: a client like any other, with its own SCRAM user.
    const analytics = clientOf('reporting', env.KAFKA_SASL_PASSWORD_CHAIRSIDE_ANALYTICS!, 'chairside-analytics');
    const consumer = analytics.consumer({ groupId: `chairside-analytics-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: visits, fromBeginning: true });
    const received = new Promise<string>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() === key) resolve(String(message.value));
        },
      });
    });
    await expect(received).resolves.toBe('de-identified visit');
    await consumer.disconnect();

    const internal = analytics.consumer({ groupId: `chairside-analytics-${randomUUID()}` });
    await internal.connect();
    expect(await refusalOf(internal.subscribe({ topic: appointments(), fromBeginning: true }))).toContain(
      'TOPIC_AUTHORIZATION_FAILED',
    );
    await internal.disconnect();
    const writer = analytics.producer();
    await writer.connect();
    expect(await refusalOf(writer.send({ topic: visits, messages: [{ value: 'forged' }] }))).toContain(
      'TOPIC_AUTHORIZATION_FAILED',
    );
    await writer.disconnect();
  });

  it("refuses sessions in scheduling's consumer group (GroupAuthorizationFailed)", async () => {
    const admin = clientOf('sessions').admin();
    await admin.connect();
    // kafkajs drops the broker's GROUP_AUTHORIZATION_FAILED when it looks for the group's
    // coordinator; the authorizer's own log names the refusal.
    expect(await refusalOf(admin.fetchOffsets({ groupId: 'chairside-scheduling', topics: [appointments()] }))).toContain(
      'Failed to find group coordinator',
    );
    await expect(
      admin.fetchOffsets({ groupId: `chairside-sessions-${randomUUID()}`, topics: [appointments()] }),
    ).resolves.toHaveLength(1);
    await admin.disconnect();
    expect(readFileSync(join(secureDir, 'server.log'), 'utf8')).toMatch(
      /Principal = User:chairside-sessions is Denied operation = DESCRIBE .* on resource = Group:LITERAL:chairside-scheduling for request = FindCoordinator/,
    );
  });

  it('starts a service whose topic set includes others it may not create: only its own are its concern', async () => {
    // The same call MessagingModule makes at every start; the operator created every topic already.
    await expect(
      ensureTopics(clientOf('sessions'), [...ALL_TOPICS, deadLetterTopic('sessions')], 1, 'sessions'),
    ).resolves.toEqual([]);
  });

  it('refuses a wrong password (SASL authentication failed)', async () => {
    const admin = clientOf('sessions', 'not-the-password').admin();
    expect(await refusalOf(admin.connect())).toMatch(/SASL.*authentication failed/i);
  });

  it('refuses a client without TLS at start when NODE_ENV=production', () => {
    expect(() =>
      kafkaConnection(
        loadConfig(serviceConfigSchema('sessions'), {
          NODE_ENV: 'production',
          AUTH_OIDC_ISSUER: 'https://sso.hospital.example/realms/chairside',
          KAFKA_BROKERS: env.KAFKA_SECURE_BROKERS,
        }),
      ),
    ).toThrow(/KAFKA_SSL must be true/);
  });
});
