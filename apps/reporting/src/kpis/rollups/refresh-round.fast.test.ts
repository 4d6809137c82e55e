import { randomUUID } from 'node:crypto';
import {
  AppointmentBookedV1,
  ChairAddedV1,
  LocationHoursSetV1,
  LocationRegisteredV1,
  LocationUpdatedV1,
} from '@chairside/contracts';
import { anEvent, type UseCaseHarness } from '@chairside/testing';
import { reportingHarness } from '../../../test/builders/reporting-harness.js';
import { DirectoryConsumer } from '../../directory/directory.consumer.js';
import { VisitFactsConsumer } from '../../visits/visit-facts.consumer.js';
import { refreshKpis } from './kpi-rollups.projector.js';

const ZONE = 'Europe/Madrid';
const DAY = '2027-03-10';
let h: UseCaseHarness;
const locationId = randomUUID();
const organisationId = randomUUID();
const appointmentId = randomUUID();

beforeAll(async () => {
  h = await reportingHarness('refreshround');
  await h.deliver(
    anEvent(LocationRegisteredV1, { locationId, organisationId, name: 'Center', timeZone: ZONE }, { aggregateId: locationId }),
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

/** Sessions of this database waiting for the location's zone lock (an advisory lock on its key, not granted). */
const zoneLockWaiters = async () => {
  const [row] = (await h.dataSource.query(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('kpi-zone:' || $1::uuid::text, 0)`,
    [locationId],
  )) as Array<{ n: number }>;
  return row?.n;
};

/** Resolves 'committed' if `delivery` commits within `ms`, else 'waiting' (the delivery goes on). */
const within = async (delivery: Promise<unknown>, ms: number): Promise<'committed' | 'waiting'> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      delivery.then(() => 'committed' as const),
      new Promise<'waiting'>((resolve) => (timer = setTimeout(() => resolve('waiting'), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

describe('a refresh round and the directory: only a new zone waits for the round (fast tier)', () => {
  it('with a round of the location held open, its opening hours, a chair and a rename commit at once; a new zone waits for the round, then moves the day', async () => {
    // The round is held open by a transaction here that holds the day's rollup row, which the round's
    // recompute deletes first: the round has read the mark and taken whatever it takes on the location.
    await h.dataSource.query(`INSERT INTO kpi_stale_day (location_id, local_date) VALUES ($1, $2)`, [locationId, DAY]);
    const holder = h.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    let round: Promise<number> | undefined;
    const deliveries: Array<Promise<unknown>> = [];
    const deliver = <E extends Parameters<UseCaseHarness['deliver']>[0]>(
      event: E,
      handle: (event: E, ctx: Parameters<Parameters<UseCaseHarness['deliver']>[1]>[1]) => Promise<unknown>,
    ) => {
      const delivery = h.deliver(event, handle);
      deliveries.push(delivery.catch(() => undefined));
      return delivery;
    };
    const directory = () => h.get(DirectoryConsumer);
    try {
      const held = (await holder.query(
        `SELECT local_date FROM kpi_location_day WHERE location_id = $1 AND local_date = $2 FOR UPDATE`,
        [locationId, DAY],
      )) as unknown[];
      expect(held).toHaveLength(1);
      round = refreshKpis(h.dataSource);
      // Until the round's statement is waiting for the row (PostgreSQL's own view of it).
      for (const deadline = performance.now() + 5_000; ;) {
        const [waiting] = (await h.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )) as Array<{ n: number }>;
        if ((waiting?.n ?? 0) > 0) break;
        if (performance.now() > deadline) throw new Error('the round never reached the held row');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      const hours = deliver(
        anEvent(
          LocationHoursSetV1,
          { locationId, weeklyHours: { '3': [{ opens: '08:00', closes: '18:00' }] }, closedDates: [] },
          { aggregateId: locationId },
        ),
        (e, ctx) => directory().onHoursSet(e, ctx),
      );
      expect(await within(hours, 2_000)).toBe('committed');
      const chair = deliver(
        anEvent(
          ChairAddedV1,
          { chairId: randomUUID(), locationId, label: 'C1', kind: 'recliner' },
          { aggregateId: randomUUID() },
        ),
        (e, ctx) => directory().onChairAdded(e, ctx),
      );
      expect(await within(chair, 2_000)).toBe('committed');
      const renamed = deliver(
        anEvent(
          LocationUpdatedV1,
          { locationId, organisationId, name: 'Center North', timeZone: ZONE },
          { aggregateId: locationId, aggregateSequence: 2 },
        ),
        (e, ctx) => directory().onLocationUpdated(e, ctx),
      );
      expect(await within(renamed, 2_000)).toBe('committed');

      // A new zone: 09:00 UTC on the 10th is 23:00 on the 9th in Honolulu. It waits for the round,
      // which recomputes the 10th under Madrid's zone, so that no row of the old zone lands after it.
      const moved = deliver(
        anEvent(
          LocationUpdatedV1,
          { locationId, organisationId, name: 'Center North', timeZone: 'Pacific/Honolulu' },
          { aggregateId: locationId, aggregateSequence: 3 },
        ),
        (e, ctx) => directory().onLocationUpdated(e, ctx),
      );
      expect(await within(moved, 1_000)).toBe('waiting');
      // And it waits for the zone lock (holdZone), not only for the held row: the zone trigger deletes
      // the location's rollups, that row among them, so without holdZone it would wait here too, on the
      // row. An advisory lock of this database not granted, with the location's zone key, is holdZone's.
      expect(await zoneLockWaiters()).toBe(1);
      await holder.commitTransaction();
      expect(await round).toBe(1);
      expect(await within(moved, 5_000)).toBe('committed');
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
      await round?.catch(() => undefined);
      await Promise.all(deliveries);
    }

    expect(
      await h.dataSource.query(
        `SELECT name, time_zone, chair_count, weekly_hours FROM directory_location WHERE location_id = $1`,
        [locationId],
      ),
    ).toEqual([
      {
        name: 'Center North',
        time_zone: 'Pacific/Honolulu',
        chair_count: 1,
        weekly_hours: { '3': [{ opens: '08:00', closes: '18:00' }] },
      },
    ]);
    await refreshKpis(h.dataSource);
    expect(await marks()).toEqual([]);
    expect(
      await h.dataSource.query(`SELECT local_date::text AS day FROM kpi_location_day WHERE location_id = $1`, [locationId]),
    ).toEqual([{ day: '2027-03-09' }]);
  });
});
