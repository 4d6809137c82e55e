import { randomUUID } from 'node:crypto';
import type { UseCaseHarness } from '@chairside/testing';
import { aLocation, at, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import { ChairOutage } from '../outages/chair-outage.entity.js';
import { DayResourcesQuery } from './day-resources.query.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await schedulingHarness('dayresources');
});
afterAll(() => h?.close());

const ZONE = 'Europe/Madrid';

async function outage(chairId: string, startsAt: Date, endsAt: Date, reason: string, cancelled = false): Promise<string> {
  const id = randomUUID();
  await h.dataSource.manager.insert(ChairOutage, {
    id,
    chairId,
    startsAt,
    endsAt,
    reason,
    version: 1,
    cancelledAt: cancelled ? new Date() : null,
    cancellationReason: null,
  });
  return id;
}

describe('the day resources of a location (fast tier)', () => {
  it("lists the day's opening, its chair outages (not cancelled, not other days) and the nurses on shift with their capacity", async () => {
    const day = localDayAhead(ZONE, 3);
    const next = localDayAhead(ZONE, 4);
    const center = await aLocation().withChairs(2).withNurses(2, { capacity: 3 }).staffedOn(day).build(h.dataSource);
    const other = await aLocation().withChairs(1).withNurses(1).staffedOn(day).build(h.dataSource);
    const [chair1, chair2] = center.chairs;
    const repair = await outage(chair1!.id, at(ZONE, day, '10:00'), at(ZONE, day, '12:00'), 'Pump repair');
    // Begins the evening before: it still takes the chair out this morning.
    const overnight = await outage(chair2!.id, at(ZONE, day, '00:00'), at(ZONE, day, '09:00'), 'Deep cleaning');
    await outage(chair2!.id, at(ZONE, day, '13:00'), at(ZONE, day, '14:00'), 'Called off', true);
    await outage(chair1!.id, at(ZONE, next, '10:00'), at(ZONE, next, '11:00'), 'Tomorrow');
    await outage(other.chairs[0]!.id, at(ZONE, day, '10:00'), at(ZONE, day, '11:00'), 'Elsewhere');

    const resources = await h.get(DayResourcesQuery).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      date: day,
    });
    expect(resources).toMatchObject({ locationId: center.location.id, date: day, timeZone: ZONE });
    expect(resources.opening).toEqual([
      { opensAt: at(ZONE, day, '08:00').toISOString(), closesAt: at(ZONE, day, '18:00').toISOString() },
    ]);
    expect(resources.outages).toEqual([
      {
        outageId: overnight,
        chairId: chair2!.id,
        from: at(ZONE, day, '00:00').toISOString(),
        to: at(ZONE, day, '09:00').toISOString(),
        reason: 'Deep cleaning',
      },
      {
        outageId: repair,
        chairId: chair1!.id,
        from: at(ZONE, day, '10:00').toISOString(),
        to: at(ZONE, day, '12:00').toISOString(),
        reason: 'Pump repair',
      },
    ]);
    expect(resources.nurses).toEqual(
      center.nurses.map((n) => ({
        nurseId: n.id,
        displayName: n.displayName,
        capacity: 3,
        shifts: [{ from: at(ZONE, day, '07:00').toISOString(), to: at(ZONE, day, '17:00').toISOString() }],
      })),
    );

    // A day nobody works and no chair is out: empty lists, not an error.
    const quiet = await h.get(DayResourcesQuery).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      date: localDayAhead(ZONE, 10),
    });
    expect(quiet).toMatchObject({ outages: [], nurses: [] });
  });

  it('refuses a date that is no day (naming date), and a location of another organisation (404)', async () => {
    const center = await aLocation().withChairs(1).build(h.dataSource);
    await expect(
      h.get(DayResourcesQuery).execute({
        organisationId: center.organisationId,
        locationId: center.location.id,
        date: '2030-02-30',
      }),
    ).rejects.toMatchObject({ problem: { status: 400, errors: [expect.objectContaining({ field: 'date' })] } });
    await expect(
      h.get(DayResourcesQuery).execute({ organisationId: randomUUID(), locationId: center.location.id, date: '2030-01-07' }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
  });
});
