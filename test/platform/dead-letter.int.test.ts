import { randomUUID } from 'node:crypto';
import { buildEvent, ChairAddedV1, deadLetterTopic } from '@chairside/contracts';
import { produceRaw, readTopicUntil, testKafka, testTopic } from '@chairside/testing';
import { PlatformHarness } from './harness.js';

describe('poison messages go to the dead-letter topic and the partition keeps flowing', () => {
  const h = new PlatformHarness('dlt');
  const kafka = testKafka();

  beforeAll(async () => {
    await h.createDatabases();
    await h.startReporting({ CONSUMER_MAX_ATTEMPTS: '3', CONSUMER_RETRY_BASE_MS: '20' });
  });
  afterAll(() => h.stop());

  it('dead-letters a malformed message, an unknown version and an always-failing handler, then handles the next message', async () => {
    const chairId = randomUUID(); // one key: every message below lands on the same partition, in this order
    const locationA = randomUUID();
    const meta = (sequence: number) => ({ aggregateId: chairId, aggregateSequence: sequence, correlationId: randomUUID() });
    const added = buildEvent(ChairAddedV1, { chairId, locationId: locationA, label: 'Chair 7', kind: 'bed' }, meta(1));
    const unknownVersion = {
      ...buildEvent(ChairAddedV1, { chairId, locationId: locationA, label: 'Chair 7', kind: 'bed' }, meta(1)),
      type: 'chairside.scheduling.chair.added.v7',
    };
    // The directory's invariant: chairs never change location. This event can never be applied.
    const moved = buildEvent(ChairAddedV1, { chairId, locationId: randomUUID(), label: 'Chair 7', kind: 'bed' }, meta(2));
    const later = buildEvent(
      ChairAddedV1,
      { chairId: randomUUID(), locationId: locationA, label: 'Chair 8', kind: 'recliner' },
      { ...meta(1), aggregateId: chairId },
    );

    await produceRaw(kafka, ChairAddedV1.topic.name, [
      { key: chairId, value: '{"this is": not json' },
      { key: chairId, value: JSON.stringify(unknownVersion) },
      { key: chairId, value: JSON.stringify(added) },
      { key: chairId, value: JSON.stringify(moved) },
      { key: chairId, value: JSON.stringify(later) },
    ]);

    await h.waitFor(async () => (await h.reportingDb.query('SELECT 1 FROM inbox WHERE event_id = $1', [later.id])).length === 1, {
      what: 'the message after the poison ones',
      timeoutMs: 60_000,
    });
    const outcomes = await h.reportingDb.query<{ event_id: string; outcome: string }>(
      'SELECT event_id, outcome FROM inbox WHERE event_id = ANY($1)',
      [[added.id, moved.id, later.id]],
    );
    expect(Object.fromEntries(outcomes.map((r) => [r.event_id, r.outcome]))).toEqual({
      [added.id]: 'applied',
      [moved.id]: 'dead_lettered',
      [later.id]: 'applied',
    });
    expect((await h.directoryRow(locationA))?.chair_count).toBe(2);

    const letters = await readTopicUntil(
      kafka,
      deadLetterTopic('reporting').name,
      (ms) => ms.filter((m) => m.message.key?.toString() === chairId).length >= 3,
    );
    const ours = letters.filter((m) => m.message.key?.toString() === chairId);
    expect(ours.map((m) => m.headers['dlt-reason'])).toEqual(['malformed', 'unknown-version', 'handler-failed']);
    expect(ours[2]!.headers['dlt-error']).toContain('ChairMovedError');
    expect(ours[2]!.headers['dlt-attempts']).toBe('3');
    expect(ours[1]!.headers['dlt-error']).toContain('known: v1');
    for (const letter of ours) {
      expect(letter.headers['dlt-original-topic']).toBe(testTopic(ChairAddedV1.topic.name));
      expect(Number(letter.headers['dlt-original-offset'])).toBeGreaterThanOrEqual(0);
      expect(letter.headers['dlt-original-partition']).toMatch(/^\d+$/);
      expect(letter.headers['dlt-consumer-group']).toBe(`${h.runId}-reporting`);
    }
    expect(ours[0]!.value).toBe('{"this is": not json');
  });
});
