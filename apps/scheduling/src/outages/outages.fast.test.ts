import { ChairOutageScheduledV1 } from '@chairside/contracts';
import { created, type UseCaseHarness } from '@chairside/testing';
import { aLocation, at, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import { ScheduleChairOutageUseCase } from './schedule-chair-outage/schedule-chair-outage.use-case.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await schedulingHarness('outages');
});
afterAll(() => h?.close());

describe('chair outages (fast tier)', () => {
  it("schedules outages in the chair's event sequence (added = 1, then one per outage)", async () => {
    const { location, organisationId, chairs } = await aLocation().withChairs(1).build(h.dataSource);
    const day = localDayAhead('Europe/Madrid', 3);
    const command = {
      organisationId,
      locationId: location.id,
      chairId: chairs[0]!.id,
      startsAt: at('Europe/Madrid', day, '08:00'),
      endsAt: at('Europe/Madrid', day, '12:00'),
      reason: 'Recliner motor repair',
      now: new Date(),
    };
    const first = await created(h.get(ScheduleChairOutageUseCase).execute(command));
    expect(first).toMatchObject({ chairId: chairs[0]!.id, affectedAppointmentIds: [] });
    await h.get(ScheduleChairOutageUseCase).execute({ ...command, reason: 'Deep cleaning' });
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence])).toEqual([
      [ChairOutageScheduledV1.type, 2],
      [ChairOutageScheduledV1.type, 3],
    ]);
  });

  it('refuses an outage that ends before it starts, or a chair of another organisation', async () => {
    const { location, organisationId, chairs } = await aLocation().withChairs(1).build(h.dataSource);
    const startsAt = new Date(Date.now() + 3_600_000);
    const command = {
      organisationId,
      locationId: location.id,
      chairId: chairs[0]!.id,
      startsAt,
      endsAt: startsAt,
      reason: 'x',
      now: new Date(),
    };
    await expect(h.get(ScheduleChairOutageUseCase).execute(command)).rejects.toMatchObject({ problem: { status: 400 } });
    await expect(
      h.get(ScheduleChairOutageUseCase).execute({
        ...command,
        organisationId: location.id,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
      }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    expect(await h.appendedEvents()).toEqual([]);
  });
});
