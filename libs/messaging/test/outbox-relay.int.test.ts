import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { ChairAddedV1, LocationUpdatedV1 } from '@chairside/contracts';
import { serviceDataSourceOptions } from '@chairside/database';
import { createMigratedDatabase, readTopicUntil, testKafka, testRunId, type TestDatabase } from '@chairside/testing';
import {
  InboxMessage,
  MessagingTables1764230400000,
  OutboxMessage,
  OutboxRelay,
  appendManyToOutbox,
  appendToOutbox,
  appendToOutboxWith,
  ensureTopics,
} from '../src/index.js';
import { ALL_TOPICS } from '@chairside/contracts';

const optionsFor = (env: NodeJS.ProcessEnv) =>
  serviceDataSourceOptions({
    service: 'messaging-test',
    config: {
      host: env.DATABASE_HOST ?? '127.0.0.1',
      port: Number(env.DATABASE_PORT ?? 5432),
      user: env.DATABASE_USER ?? 'postgres',
      password: env.DATABASE_PASSWORD,
      database: env.DATABASE_NAME!,
      poolSize: 10,
    },
    entities: [OutboxMessage, InboxMessage],
    migrations: [MessagingTables1764230400000],
  });

describe('outbox relay', () => {
  const kafka = testKafka('relay-test');
  let db: TestDatabase;
  let dataSource: DataSource;
  let relay: OutboxRelay;

  beforeAll(async () => {
    await ensureTopics(kafka, ALL_TOPICS);
    db = await createMigratedDatabase('messaging-test', testRunId('relay'), optionsFor);
    dataSource = new DataSource(optionsFor({ ...process.env, DATABASE_NAME: db.name }));
    await dataSource.initialize();
    relay = new OutboxRelay(dataSource, kafka, pino({ level: 'silent' }), { service: 'scheduling', idlePollMs: 50 });
  });

  afterAll(async () => {
    await relay.stop();
    await dataSource.destroy();
    await db.drop();
  });

  const chairAdded = (manager: EntityManager, chairId = randomUUID()) =>
    appendToOutbox(
      manager,
      ChairAddedV1,
      { chairId, locationId: randomUUID(), label: 'Chair', kind: 'recliner' },
      { aggregateId: chairId, aggregateSequence: 1, correlationId: randomUUID() },
    );

  it('refuses to append outside a transaction', async () => {
    await expect(chairAdded(dataSource.manager)).rejects.toThrow(/inside a transaction/);
  });

  it('publishes a row that committed after a later row was already published', async () => {
    // Transaction A takes the lower position but commits last: an "id > last id" relay skips it.
    const runnerA = dataSource.createQueryRunner();
    await runnerA.connect();
    await runnerA.startTransaction();
    const late = await chairAdded(runnerA.manager);
    const early = await dataSource.transaction((m) => chairAdded(m));
    const [{ a, b }] = await db.query(
      `SELECT (SELECT position FROM outbox WHERE event_id = $1) AS a, (SELECT position FROM outbox WHERE event_id = $2) AS b`,
      [late.id, early.id],
    );
    expect(Number(a)).toBeLessThan(Number(b));

    expect(await relay.relayOnce()).toBe(1); // only the committed one is visible
    await runnerA.commitTransaction();
    await runnerA.release();
    expect(await relay.relayOnce()).toBe(1);

    const [{ unpublished }] = await db.query(`SELECT count(*)::int AS unpublished FROM outbox WHERE published_at IS NULL`);
    expect(unpublished).toBe(0);
    const ids = new Set([late.id, early.id]);
    const received = await readTopicUntil(kafka, ChairAddedV1.topic.name, (ms) =>
      [...ids].every((id) => ms.some((m) => m.headers.ce_id === id)),
    );
    const ours = received.filter((m) => ids.has(m.headers.ce_id!));
    expect(ours).toHaveLength(2);
    for (const m of ours) {
      expect(m.headers['content-type']).toContain('application/cloudevents+json');
      expect(m.message.key!.toString()).toBe(JSON.parse(m.value!).aggregateid);
    }
  });

  it('publishes one aggregate’s events in sequence order, woken without waiting for a poll', async () => {
    relay.start();
    const locationId = randomUUID();
    const organisationId = randomUUID();
    for (let sequence = 1; sequence <= 20; sequence++) {
      await dataSource.transaction((m) =>
        appendToOutbox(
          m,
          LocationUpdatedV1,
          { locationId, organisationId, name: `Name ${sequence}`, timeZone: 'Europe/Madrid' },
          { aggregateId: locationId, aggregateSequence: sequence, correlationId: randomUUID() },
        ),
      );
      relay.wake();
    }
    const received = await readTopicUntil(
      kafka,
      LocationUpdatedV1.topic.name,
      (ms) => ms.filter((m) => m.message.key?.toString() === locationId).length >= 20,
    );
    const sequences = received
      .filter((m) => m.message.key?.toString() === locationId)
      .map((m) => JSON.parse(m.value!).aggregatesequence as number);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('appends several events in one statement, in the order given', async () => {
    const locationId = randomUUID();
    const organisationId = randomUUID();
    const events = await dataSource.transaction((m) =>
      appendManyToOutbox(
        m,
        LocationUpdatedV1,
        [1, 2, 3].map((sequence) => ({
          data: { locationId, organisationId, name: `Series ${sequence}`, timeZone: 'America/Chicago' },
          meta: { aggregateId: locationId, aggregateSequence: sequence, correlationId: randomUUID() },
        })),
      ),
    );
    const rows = await db.query<{ event_id: string; aggregate_sequence: number }>(
      'SELECT event_id, aggregate_sequence FROM outbox WHERE aggregate_id = $1 ORDER BY position',
      [locationId],
    );
    expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.id));
    expect(rows.map((r) => r.aggregate_sequence)).toEqual([1, 2, 3]);
    await expect(
      dataSource.transaction((m) =>
        appendManyToOutbox(m, LocationUpdatedV1, [
          {
            data: { locationId, organisationId, name: '', timeZone: 'UTC' },
            meta: { aggregateId: locationId, aggregateSequence: 4, correlationId: randomUUID() },
          },
        ]),
      ),
    ).rejects.toThrow();
  });

  it('writes a state change and its event in one statement, or neither', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS written_fact (id uuid PRIMARY KEY)');
    const chairId = randomUUID();
    const event = { chairId, locationId: randomUUID(), label: 'Chair', kind: 'recliner' as const };
    const meta = () => ({ aggregateId: chairId, aggregateSequence: 1, correlationId: randomUUID() });
    const write = { sql: 'INSERT INTO written_fact (id) VALUES ($1)', parameters: [chairId] };
    const published = await dataSource.transaction((m) => appendToOutboxWith(m, write, ChairAddedV1, event, meta()));
    // The same id again: the write fails, and its event with it.
    await expect(
      dataSource.transaction((m) => appendToOutboxWith(m, write, ChairAddedV1, event, { ...meta(), aggregateSequence: 2 })),
    ).rejects.toThrow(/written_fact_pkey/);
    const rows = await db.query<{ event_id: string }>('SELECT event_id FROM outbox WHERE aggregate_id = $1', [chairId]);
    expect(rows.map((r) => r.event_id)).toEqual([published.id]);
    expect(await db.query('SELECT id FROM written_fact WHERE id = $1', [chairId])).toEqual([{ id: chairId }]);
  });

  it('rejects a second event with the same aggregate sequence', async () => {
    const chairId = randomUUID();
    await dataSource.transaction((m) => chairAdded(m, chairId));
    await expect(dataSource.transaction((m) => chairAdded(m, chairId))).rejects.toThrow(/outbox_aggregate_sequence_key/);
  });
});
