import { randomUUID } from 'node:crypto';
import { ALL_TOPICS, buildEvent, LocationRegisteredV1 } from '@chairside/contracts';
import { ensureTopics } from '@chairside/messaging';
import { produceRaw, testKafka } from '@chairside/testing';
import { PlatformHarness } from './harness.js';

describe('a consumer that dies is never silent', () => {
  const h = new PlatformHarness('crash');

  beforeAll(() => h.createDatabases());
  afterAll(() => h.stop());

  it('fails liveness and readiness, then exits non-zero', async () => {
    // kafkajs treats this error as fatal (no restart): the case where a plain Nest/kafkajs
    // process would stay up and consume nothing. The fault fires on the first message consumed.
    const locationId = randomUUID();
    const event = buildEvent(
      LocationRegisteredV1,
      { locationId, organisationId: randomUUID(), name: 'Crash Center', timeZone: 'UTC' },
      { aggregateId: locationId, aggregateSequence: 1, correlationId: randomUUID() },
    );
    await ensureTopics(testKafka(), ALL_TOPICS);
    await produceRaw(testKafka(), LocationRegisteredV1.topic.name, [{ key: locationId, value: JSON.stringify(event) }]);
    const reporting = await h.startReporting(
      { CHAIRSIDE_FAULT: 'consumer-non-retriable-error', FATAL_EXIT_DELAY_MS: '3000' },
      false,
    );
    const observed = await h.waitFor(
      async () => {
        const [live, ready] = await Promise.all([fetch(`${reporting.url}/health/live`), fetch(`${reporting.url}/health/ready`)]);
        return live.status === 503 && ready.status === 503 ? { live: await live.json(), ready: await ready.json() } : undefined;
      },
      { what: 'health to report the crashed consumer', intervalMs: 50 },
    );
    expect(observed.live).toMatchObject({ status: 'error', error: { 'consumer-alive': { status: 'down', state: 'crashed' } } });
    expect(await reporting.exited).toBe(70);
    expect(reporting.logs()).toContain('consumer crashed and will not recover');
  });
});
