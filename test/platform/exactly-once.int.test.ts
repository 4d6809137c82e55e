import { ChairAddedV1 } from '@chairside/contracts';
import { produceRaw, testKafka } from '@chairside/testing';
import { PlatformHarness } from './harness.js';

describe('a state change in scheduling is applied exactly once by reporting', () => {
  const h = new PlatformHarness('once');

  beforeAll(async () => {
    await h.createDatabases();
    await h.startScheduling();
  });
  afterAll(() => h.stop());

  it('yields one event, applied once, also when reporting is killed between its commit and its offset commit', async () => {
    const location = await h.registerLocation('Lakeside');
    const chair = await h.addChair(location.id, 'Chair 1');
    const chairEventId = await h.outboxEventId(chair.id);
    // Exactly one event per state change, in the outbox of the service that changed.
    expect(
      await h.schedulingDb.query('SELECT event_type FROM outbox WHERE aggregate_id IN ($1, $2)', [location.id, chair.id]),
    ).toHaveLength(2);

    // Reporting dies (SIGKILL) right after committing the chair event's inbox row and effect,
    // before it can resolve and commit the Kafka offset.
    const doomed = await h.startReporting(
      { CHAIRSIDE_FAULT: 'kill-after-inbox-commit', CHAIRSIDE_FAULT_EVENT_ID: chairEventId },
      false,
    );
    expect(await doomed.exited).toBe('SIGKILL');
    const [inbox] = await h.reportingDb.query('SELECT outcome FROM inbox WHERE event_id = $1', [chairEventId]);
    expect(inbox?.outcome).toBe('applied');
    expect((await h.directoryRow(location.id))?.chair_count).toBe(1);

    // Restarted on the same consumer group: the uncommitted message comes again and is recognised.
    const reporting = await h.startReporting();
    await h.waitFor(
      async () =>
        (await h.metric(reporting, 'chairside_consumer_events_total', { type: ChairAddedV1.type, outcome: 'duplicate' })) >= 1,
      { what: 'the redelivered chair event' },
    );
    await h.waitFor(async () => (await h.directoryRow(location.id))?.name === 'Lakeside', {
      what: 'the location in the directory',
    });
    expect((await h.directoryRow(location.id))?.chair_count).toBe(1);

    // Delivered twice by the broker (same CloudEvent id, published again): still one effect.
    const [outboxRow] = await h.schedulingDb.query<{ payload: string }>('SELECT payload FROM outbox WHERE event_id = $1', [
      chairEventId,
    ]);
    const duplicatesBefore = await h.metric(reporting, 'chairside_consumer_events_total', {
      type: ChairAddedV1.type,
      outcome: 'duplicate',
    });
    await produceRaw(testKafka(), ChairAddedV1.topic.name, [{ key: chair.id, value: outboxRow!.payload }]);
    await h.waitFor(
      async () =>
        (await h.metric(reporting, 'chairside_consumer_events_total', { type: ChairAddedV1.type, outcome: 'duplicate' })) >
        duplicatesBefore,
      { what: 'the duplicate delivery' },
    );
    expect((await h.directoryRow(location.id))?.chair_count).toBe(1);
    expect(await h.reportingDb.query('SELECT event_id FROM inbox WHERE event_id = $1', [chairEventId])).toHaveLength(1);
  });
});
