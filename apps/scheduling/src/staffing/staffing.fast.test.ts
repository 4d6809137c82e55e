import { NurseRegisteredV1, NurseShiftAddedV1 } from '@chairside/contracts';
import { created, type UseCaseHarness } from '@chairside/testing';
import { aLocation, at, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import { AddShiftUseCase } from './add-shift/add-shift.use-case.js';
import { RegisterNurseUseCase } from './register-nurse/register-nurse.use-case.js';
import { ShiftsQuery } from './shifts/shifts.query.js';

const ZONE = 'America/Chicago';
let h: UseCaseHarness;
beforeAll(async () => {
  h = await schedulingHarness('staffing');
});
afterAll(() => h?.close());

describe('staffing (fast tier)', () => {
  it('registers a nurse with the default capacity and start window', async () => {
    const { location, organisationId } = await aLocation().inZone(ZONE).build(h.dataSource);
    const nurse = await created(
      h.get(RegisterNurseUseCase).execute({
        organisationId,
        locationId: location.id,
        displayName: 'Grace',
        certifications: ['infusion', 'infusion'],
      }),
    );
    expect(nurse).toMatchObject({ capacity: 4, startWindowMinutes: 15, certifications: ['infusion'] });
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence])).toEqual([[NurseRegisteredV1.type, 1]]);
  });

  it("adds shifts in the nurse's sequence and refuses an overlapping one", async () => {
    const { location, organisationId, nurses } = await aLocation().inZone(ZONE).withNurses(1).build(h.dataSource);
    const day = localDayAhead(ZONE, 2);
    const shift = { organisationId, locationId: location.id, nurseId: nurses[0]!.id };
    await h.get(AddShiftUseCase).execute({
      ...shift,
      startsAt: at(ZONE, day, '07:00'),
      endsAt: at(ZONE, day, '15:00'),
      breaks: [{ start: at(ZONE, day, '11:00'), end: at(ZONE, day, '11:30') }],
    });
    await expect(
      h.get(AddShiftUseCase).execute({ ...shift, startsAt: at(ZONE, day, '14:00'), endsAt: at(ZONE, day, '18:00') }),
    ).rejects.toMatchObject({ problem: { status: 409 } });
    await h.get(AddShiftUseCase).execute({ ...shift, startsAt: at(ZONE, day, '15:00'), endsAt: at(ZONE, day, '19:00') });
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence])).toEqual([
      [NurseShiftAddedV1.type, 2],
      [NurseShiftAddedV1.type, 3],
    ]);
  });

  it('refuses a break outside the shift before touching the database', async () => {
    const { location, organisationId, nurses } = await aLocation().inZone(ZONE).withNurses(1).build(h.dataSource);
    const day = localDayAhead(ZONE, 2);
    await expect(
      h.get(AddShiftUseCase).execute({
        organisationId,
        locationId: location.id,
        nurseId: nurses[0]!.id,
        startsAt: at(ZONE, day, '07:00'),
        endsAt: at(ZONE, day, '15:00'),
        breaks: [{ start: at(ZONE, day, '16:00'), end: at(ZONE, day, '16:30') }],
      }),
    ).rejects.toMatchObject({ problem: { status: 400, errors: [{ field: 'breaks[0]' }] } });
  });
  it("lists the shifts overlapping the location's local days, by start, with the nurse's name", async () => {
    const { location, organisationId, nurses } = await aLocation().inZone(ZONE).withNurses(2).build(h.dataSource);
    const day = localDayAhead(ZONE, 3);
    const next = localDayAhead(ZONE, 4);
    const add = (nurse: number, date: string, from: string, to: string) =>
      created(
        h.get(AddShiftUseCase).execute({
          organisationId,
          locationId: location.id,
          nurseId: nurses[nurse]!.id,
          startsAt: at(ZONE, date, from),
          endsAt: at(ZONE, date, to),
        }),
      );
    const late = await add(0, day, '12:00', '20:00');
    const early = await add(1, day, '07:00', '15:00');
    const tomorrow = await add(0, next, '07:00', '15:00');
    const oneDay = await h.get(ShiftsQuery).execute(organisationId, location.id, day, 1);
    expect(oneDay.shifts.map((s) => s.id)).toEqual([early.id, late.id]);
    expect(oneDay.shifts[0]).toMatchObject({ nurseId: nurses[1]!.id, nurseName: nurses[1]!.displayName, breaks: [] });
    expect((await h.get(ShiftsQuery).execute(organisationId, location.id, day, 2)).shifts.map((s) => s.id)).toEqual([
      early.id,
      late.id,
      tomorrow.id,
    ]);
    await expect(h.get(ShiftsQuery).execute(organisationId, location.id, '2030-02-31', 1)).rejects.toMatchObject({
      problem: { status: 400 },
    });
    await h.appendedEvents();
  });
});
