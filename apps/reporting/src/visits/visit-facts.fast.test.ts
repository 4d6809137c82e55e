import { randomUUID } from 'node:crypto';
import { AppointmentBookedV1, AppointmentRescheduledV1, LocationRegisteredV1 } from '@chairside/contracts';
import { anEvent, type UseCaseHarness } from '@chairside/testing';
import { reportingHarness } from '../../test/builders/reporting-harness.js';
import { DirectoryConsumer } from '../directory/directory.consumer.js';
import { refreshKpis } from '../kpis/rollups/kpi-rollups.projector.js';
import { VisitFactsConsumer } from './visit-facts.consumer.js';

// Sydney is UTC+11 in March 2027: a morning visit there falls on the previous UTC date, so a
// rollup keyed by the UTC date instead of the location's would be caught here.
const ZONE = 'Australia/Sydney';
const locationId = randomUUID();
let h: UseCaseHarness;

beforeAll(async () => {
  h = await reportingHarness('visitfacts');
  const registered = anEvent(
    LocationRegisteredV1,
    { locationId, organisationId: randomUUID(), name: 'Sydney', timeZone: ZONE },
    { aggregateId: locationId },
  );
  await h.deliver(registered, (e, ctx) => h.get(DirectoryConsumer).onLocationRegistered(e, ctx));
});
afterAll(() => h?.close());

function booking(appointmentId: string, localStart: string, utcStart: string, utcEnd: string) {
  return {
    appointmentId,
    locationId,
    patientId: randomUUID(),
    therapyCode: 'iron' as const,
    chairId: randomUUID(),
    chairKind: 'recliner' as const,
    nurseId: randomUUID(),
    startsAt: utcStart,
    endsAt: utcEnd,
    chairReleasedAt: utcEnd,
    timeZone: ZONE,
    localStart,
    localEnd: localStart,
    durationMinutes: 60,
    observationMinutes: 30,
    bookedAt: '2027-03-01T00:00:00.000Z',
  };
}

/** The day rollups after a round of the recompute (KpiRefresher runs it in the service, a few times a second). */
const dayRows = async () => {
  await refreshKpis(h.dataSource);
  return h.dataSource.query(
    `SELECT local_date::text AS day, sum(visits)::int AS visits FROM kpi_therapy_day WHERE location_id = $1 GROUP BY 1 ORDER BY 1`,
    [locationId],
  );
};

describe('visit facts and their day rollups (fast tier)', () => {
  it("rolls a booking up on the location's own date, once however often it is delivered, and moves it with a reschedule", async () => {
    const consumer = h.get(VisitFactsConsumer);
    const appointmentId = randomUUID();
    const booked = anEvent(
      AppointmentBookedV1,
      booking(appointmentId, '2027-03-10T08:00:00', '2027-03-09T21:00:00.000Z', '2027-03-09T22:30:00.000Z'),
      { aggregateId: appointmentId },
    );
    await h.deliver(booked, async (e, ctx) => consumer.onBooked(e, ctx));
    await h.deliver(booked, async (e, ctx) => consumer.onBooked(e, ctx));
    expect(await dayRows()).toEqual([{ day: '2027-03-10', visits: 1 }]);

    const first = booking(appointmentId, '2027-03-10T08:00:00', '2027-03-09T21:00:00.000Z', '2027-03-09T22:30:00.000Z');
    const next = booking(appointmentId, '2027-03-12T08:00:00', '2027-03-11T21:00:00.000Z', '2027-03-11T22:30:00.000Z');
    const moved = anEvent(
      AppointmentRescheduledV1,
      {
        appointmentId,
        locationId,
        patientId: first.patientId,
        therapyCode: first.therapyCode,
        chairId: first.chairId,
        nurseId: first.nurseId,
        startsAt: next.startsAt,
        endsAt: next.endsAt,
        timeZone: ZONE,
        localStart: next.localStart,
        chairKind: first.chairKind,
        chairReleasedAt: next.chairReleasedAt,
        localEnd: next.localEnd,
        previousStartsAt: first.startsAt,
        previousEndsAt: first.endsAt,
        previousChairId: first.chairId,
        previousNurseId: first.nurseId,
        durationMinutes: first.durationMinutes,
        rescheduledAt: '2027-03-02T00:00:00.000Z',
      },
      { aggregateId: appointmentId, aggregateSequence: 2 },
    );
    await h.deliver(moved, async (e, ctx) => consumer.onRescheduled(e, ctx));
    expect(await dayRows()).toEqual([{ day: '2027-03-12', visits: 1 }]);
  });
});
