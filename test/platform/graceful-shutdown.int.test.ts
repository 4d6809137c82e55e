import { ChairAddedV1 } from '@chairside/contracts';
import { testKafka, testTopic } from '@chairside/testing';
import { PlatformHarness } from './harness.js';

describe('graceful shutdown', () => {
  const h = new PlatformHarness('graceful');

  beforeAll(async () => {
    await h.createDatabases();
    await h.startScheduling();
  });
  afterAll(() => h.stop());

  it('finishes, commits its offsets and leaves on SIGTERM, so a restart re-applies nothing', async () => {
    const location = await h.registerLocation('Northgate');
    const chairs = [];
    for (let i = 1; i <= 5; i++) chairs.push(await h.addChair(location.id, `Chair ${i}`));
    // Other test files leave poison messages on these topics: dead-letter them quickly.
    const reporting = await h.startReporting({ CONSUMER_MAX_ATTEMPTS: '2', CONSUMER_RETRY_BASE_MS: '10' });
    await h.waitFor(async () => (await h.directoryRow(location.id))?.chair_count === 5, { what: 'five chairs in the directory' });
    const topic = testTopic(ChairAddedV1.topic.name);
    const admin = testKafka().admin();
    await admin.connect();
    const ends = (await admin.fetchTopicOffsets(topic)).filter((end) => end.high !== '0');
    await h.waitFor(
      async () => {
        const text = await (await fetch(`${reporting.url}/metrics`)).text();
        return ends.every((end) =>
          text.includes(`chairside_consumer_lag{service="reporting",topic="${topic}",partition="${end.partition}"} 0`),
        );
      },
      { what: 'the consumer to catch up on every partition' },
    );

    expect(await reporting.stop()).toBe(0);
    expect(reporting.logs()).not.toMatch(/"level":"(error|fatal)"/);

    // Every partition's committed offset is at its end: nothing processed is left uncommitted.
    try {
      const [committed] = await admin.fetchOffsets({ groupId: `${h.runId}-reporting`, topics: [topic] });
      for (const end of ends) expect(committed!.partitions.find((p) => p.partition === end.partition)?.offset).toBe(end.high);
    } finally {
      await admin.disconnect();
    }

    const restarted = await h.startReporting();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await h.metric(restarted, 'chairside_consumer_events_total', { type: ChairAddedV1.type, outcome: 'duplicate' })).toBe(
      0,
    );
    expect((await h.directoryRow(location.id))?.chair_count).toBe(5);
  });
});
