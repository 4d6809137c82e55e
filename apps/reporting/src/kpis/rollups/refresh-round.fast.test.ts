import { randomUUID } from 'node:crypto';
import { AppointmentBookedV1, LocationRegisteredV1 } from '@chairside/contracts';
import { anEvent, type UseCaseHarness } from '@chairside/testing';
import { reportingHarness } from '../../../test/builders/reporting-harness.js';
import { DirectoryConsumer } from '../../directory/directory.consumer.js';
import { VisitFactsConsumer } from '../../visits/visit-facts.consumer.js';
import { refreshKpis } from './kpi-rollups.projector.js';

const ZONE = 'Europe/Madrid';
const DAY = '2027-03-10';
let h: UseCaseHarness;
const locationId = randomUUID();
const appointmentId = randomUUID();

beforeAll(async () => {
  h = await reportingHarness('refreshround');
  await h.deliver(
    anEvent(
      LocationRegisteredV1,
      { locationId, organisationId: randomUUID(), name: 'Center', timeZone: ZONE },
      { aggregateId: locationId },
    ),
    (e, ctx) => h.get(DirectoryConsumer).onLocationRegistered(e, ctx),
  );
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
      startsAt: `${DAY}T09:00:00.000Z`,
      endsAt: `${DAY}T10:30:00.000Z`,
      chairReleasedAt: `${DAY}T10:30:00.000Z`,
      timeZone: ZONE,
      localStart: `${DAY}T10:00:00`,
      localEnd: `${DAY}T11:30:00`,
      durationMinutes: 60,
      observationMinutes: 30,
      bookedAt: '2027-03-01T08:00:00.000Z',
    },
    { aggregateId: appointmentId },
  );
  await h.deliver(booked, async (e, ctx) => h.get(VisitFactsConsumer).onBooked(e, ctx));
  await refreshKpis(h.dataSource);
});
afterAll(() => h?.close());

const marks = () =>
  h.dataSource.query(`SELECT local_date::text AS day, version::int AS version FROM kpi_stale_day WHERE location_id = $1`, [
    locationId,
  ]);
/** The day's check-in-to-chair wait as the refresher last recomputed it (n, p50), or undefined without a row. */
const checkInWait = async () => {
  const [row] = (await h.dataSource.query(`SELECT waits FROM kpi_location_day WHERE location_id = $1 AND local_date = $2`, [
    locationId,
    DAY,
  ])) as Array<{ waits: number[] }>;
  return row ? row.waits.slice(0, 2) : undefined;
};

describe('the rollup refresher and the fact writers never wait for each other, and no write is lost (fast tier)', () => {
  it('a round beside a writer still in its transaction neither waits for it nor takes its mark; the next round after its commit recomputes the day with its facts', async () => {
    expect(await marks()).toEqual([]);
    expect(await checkInWait()).toBeUndefined();

    // A writer of the location's facts in its transaction: the day's mark is made again (version raised) and held.
    const writer = h.dataSource.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      await writer.query(`UPDATE visit_fact SET checked_in_at = $2, seated_at = $3 WHERE appointment_id = $1`, [
        appointmentId,
        `${DAY}T08:55:00.000Z`,
        `${DAY}T09:07:00.000Z`,
      ]);
      // The day had no mark: the writer's is new, and not visible to a round until it commits.
      const started = performance.now();
      await refreshKpis(h.dataSource);
      // It did not wait for the writer (a lock wait would last until the commit below).
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(await checkInWait()).toBeUndefined();
      await writer.commitTransaction();
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
    expect(await marks()).toEqual([{ day: DAY, version: 0 }]);
    await refreshKpis(h.dataSource);
    expect(await marks()).toEqual([]);
    expect(await checkInWait()).toEqual([1, 12]);

    // Now a committed mark already there when the writer comes: the writer raises its version and holds it.
    await h.dataSource.query(`INSERT INTO kpi_stale_day (location_id, local_date) VALUES ($1, $2)`, [locationId, DAY]);
    const second = h.dataSource.createQueryRunner();
    await second.connect();
    await second.startTransaction();
    try {
      await second.query(`UPDATE visit_fact SET seated_at = $2 WHERE appointment_id = $1`, [
        appointmentId,
        `${DAY}T09:15:00.000Z`,
      ]);
      const started = performance.now();
      await refreshKpis(h.dataSource);
      expect(performance.now() - started).toBeLessThan(2_000);
      // The round recomputed the day from what was committed, and left the mark the writer holds.
      expect(await checkInWait()).toEqual([1, 12]);
      await second.commitTransaction();
    } finally {
      if (second.isTransactionActive) await second.rollbackTransaction();
      await second.release();
    }
    expect(await marks()).toEqual([{ day: DAY, version: 1 }]);
    await refreshKpis(h.dataSource);
    expect(await marks()).toEqual([]);
    expect(await checkInWait()).toEqual([1, 20]);
  });
});
