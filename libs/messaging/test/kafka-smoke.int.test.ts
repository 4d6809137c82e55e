import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { testKafka, waitFor } from '@chairside/testing';

/**
 * Why the broker is pinned to 4.x: kafkajs 2.2.4 is unmaintained and Kafka 4.0 removed old
 * protocol versions (KIP-896). This is the check that kafkajs still does everything we use.
 */
describe('kafkajs 2.2.4 against the pinned Kafka 4 broker', () => {
  const kafka = testKafka('smoke');
  const topic = `smoke.${randomUUID()}`;
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates a topic with explicit partitions and retention', async () => {
    expect(
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 4, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
      }),
    ).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]!.partitions).toHaveLength(4);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: topic, configNames: ['retention.ms'] }],
    });
    expect(configs.resources[0]!.configEntries[0]!.configValue).toBe('3600000');
  });

  it('produces idempotently, shares partitions between two group members, and commits offsets', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const keys = Array.from({ length: 40 }, (_, i) => `aggregate-${i}`);
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: keys.map((key) => ({ key, value: key })) }] });
    await producer.disconnect();

    const groupId = `smoke-${randomUUID()}`;
    const seen = new Map<string, string[]>();
    const members: Consumer[] = [];
    const assignments = new Map<string, number[]>();
    for (const name of ['a', 'b']) {
      const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => assignments.set(name, payload.memberAssignment[topic] ?? []));
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.set(name, [...(seen.get(name) ?? []), message.key!.toString()]);
        },
      });
      members.push(consumer);
    }
    try {
      await waitFor(
        () =>
          [...seen.values()].flat().length >= keys.length && assignments.get('a')!.length + assignments.get('b')!.length === 4,
        { what: 'both members to consume all 40 messages' },
      );
      expect(assignments.get('a')!.length).toBeGreaterThan(0);
      expect(assignments.get('b')!.length).toBeGreaterThan(0);
      expect(new Set([...seen.values()].flat())).toEqual(new Set(keys));
    } finally {
      await Promise.all(members.map((m) => m.disconnect()));
    }
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(committed).toBe(keys.length);
  });
});
