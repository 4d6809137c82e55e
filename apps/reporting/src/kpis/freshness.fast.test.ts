import { randomUUID } from 'node:crypto';
import { AppointmentBookedV1, LocationRegisteredV1 } from '@chairside/contracts';
import { ConsumerLagProbe } from '@chairside/messaging';
import { anEvent, type UseCaseHarness } from '@chairside/testing';
import { reportingHarness } from '../../test/builders/reporting-harness.js';
import { DirectoryConsumer } from '../directory/directory.consumer.js';
import { VisitFactsConsumer } from '../visits/visit-facts.consumer.js';
import { ReportFreshness } from './report-freshness.js';
import { refreshKpis } from './rollups/kpi-rollups.projector.js';

const ZONE = 'Europe/Madrid';
let h: UseCaseHarness;

beforeAll(async () => {
  h = await reportingHarness('freshness');
});
afterAll(() => h?.close());

/** An organisation with one location and one booking made at `bookedAt`. */
async function organisationWithBookingAt(bookedAt: string): Promise<string> {
  return (await locationWithBookingAt(bookedAt, randomUUID())).organisationId;
}

/** A location of the organisation with one booking made at `bookedAt`. */
async function locationWithBookingAt(
  bookedAt: string,
  organisationId: string,
): Promise<{ organisationId: string; locationId: string }> {
  const locationId = randomUUID();
  await h.deliver(
    anEvent(LocationRegisteredV1, { locationId, organisationId, name: 'Center', timeZone: ZONE }, { aggregateId: locationId }),
    (e, ctx) => h.get(DirectoryConsumer).onLocationRegistered(e, ctx),
  );
  const appointmentId = randomUUID();
  const booked = anEvent(
    AppointmentBookedV1,
    {
      appointmentId,
      locationId,
      patientId: randomUUID(),
      therapyCode: 'iron' as const,
      chairId: randomUUID(),
      chairKind: 'recliner' as const,
      nurseId: randomUUID(),
      startsAt: '2027-03-10T09:00:00.000Z',
      endsAt: '2027-03-10T10:30:00.000Z',
      chairReleasedAt: '2027-03-10T10:30:00.000Z',
      timeZone: ZONE,
      localStart: '2027-03-10T10:00:00',
      localEnd: '2027-03-10T11:30:00',
      durationMinutes: 60,
      observationMinutes: 30,
      bookedAt,
    },
    { aggregateId: appointmentId },
  );
  await h.deliver(booked, async (e, ctx) => h.get(VisitFactsConsumer).onBooked(e, ctx));
  return { organisationId, locationId };
}

describe('freshness is per organisation and grant (fast tier)', () => {
  it("tells an organisation the moment of its own newest fact, never another organisation's, and nothing of the platform's traffic", async () => {
    const quiet = await organisationWithBookingAt('2027-03-01T08:00:00.000Z');
    const busy = await organisationWithBookingAt('2027-03-05T17:30:00.000Z');
    const probe = new ConsumerLagProbe();
    const freshness = new ReportFreshness(h.dataSource, probe);
    // Facts count once the figures include them: after the recompute of their days.
    expect(await freshness.read(quiet, '*')).toEqual({ freshAsOf: null, consumerLag: null });
    await refreshKpis(h.dataSource);
    expect(await freshness.read(quiet, '*')).toEqual({ freshAsOf: '2027-03-01T08:00:00.000Z', consumerLag: null });
    expect(await freshness.read(busy, '*')).toEqual({ freshAsOf: '2027-03-05T17:30:00.000Z', consumerLag: null });
    expect(await freshness.read(randomUUID(), '*')).toEqual({ freshAsOf: null, consumerLag: null });
    // The platform's backlog: only whether there is one, not its size or its topics.
    const measuredAt = new Date().toISOString();
    probe.attach(async () => ({
      group: 'chairside-reporting',
      messages: 1234,
      topics: [{ topic: 't', messages: 1234 }],
      measuredAt,
    }));
    expect(await freshness.read(quiet, '*')).toEqual({
      freshAsOf: '2027-03-01T08:00:00.000Z',
      consumerLag: { caughtUp: false, measuredAt },
    });
  });

  it("tells a grant of one location that location's newest fact, never another location's of the organisation", async () => {
    const organisationId = randomUUID();
    const mine = await locationWithBookingAt('2027-03-03T08:00:00.000Z', organisationId);
    const other = await locationWithBookingAt('2027-03-04T16:00:00.000Z', organisationId);
    const freshness = new ReportFreshness(h.dataSource, new ConsumerLagProbe());
    await refreshKpis(h.dataSource);
    expect(await freshness.read(organisationId, [mine.locationId])).toEqual({
      freshAsOf: '2027-03-03T08:00:00.000Z',
      consumerLag: null,
    });
    expect(await freshness.read(organisationId, [other.locationId])).toEqual({
      freshAsOf: '2027-03-04T16:00:00.000Z',
      consumerLag: null,
    });
    expect(await freshness.read(organisationId, '*')).toEqual({ freshAsOf: '2027-03-04T16:00:00.000Z', consumerLag: null });
    // A grant naming another organisation's location learns nothing of it.
    expect(await freshness.read(randomUUID(), [other.locationId])).toEqual({ freshAsOf: null, consumerLag: null });
  });

  it('is not caught up while days its events touched wait for their recompute, however empty Kafka is', async () => {
    const organisationId = await organisationWithBookingAt('2027-03-02T08:00:00.000Z');
    const measuredAt = new Date().toISOString();
    const probe = new ConsumerLagProbe();
    probe.attach(async () => ({ group: 'chairside-reporting', messages: 0, topics: [], measuredAt }));
    const freshness = new ReportFreshness(h.dataSource, probe);
    expect(await freshness.read(organisationId, '*')).toEqual({ freshAsOf: null, consumerLag: { caughtUp: false, measuredAt } });
    await refreshKpis(h.dataSource);
    expect(await freshness.read(organisationId, '*')).toEqual({
      freshAsOf: '2027-03-02T08:00:00.000Z',
      consumerLag: { caughtUp: true, measuredAt },
    });
  });
});
