import { LocationHoursSetV1 } from '@chairside/contracts';
import type { UseCaseHarness } from '@chairside/testing';
import { aLocation, schedulingHarness } from '../../test/builders/index.js';
import { SetOpeningHoursUseCase } from './set-opening-hours/set-opening-hours.use-case.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await schedulingHarness('hours');
});
afterAll(() => h?.close());

describe('opening hours (fast tier)', () => {
  it("sets the hours and closed dates as the location's next version", async () => {
    const { location, organisationId } = await aLocation().build(h.dataSource);
    const hours = await h.get(SetOpeningHoursUseCase).execute({
      organisationId,
      locationId: location.id,
      weeklyHours: { '1': [{ opens: '07:00', closes: '15:00' }] },
      closedDates: ['2030-12-25', '2030-01-01', '2030-12-25'],
    });
    expect(hours.closedDates).toEqual(['2030-01-01', '2030-12-25']);
    expect(await h.appendedEvents()).toMatchObject([
      {
        type: LocationHoursSetV1.type,
        aggregatesequence: 2,
        data: { weeklyHours: { '1': [{ opens: '07:00', closes: '15:00' }] } },
      },
    ]);
  });

  it('names the day whose hours cannot be used, and changes nothing', async () => {
    const { location, organisationId } = await aLocation().build(h.dataSource);
    await expect(
      h.get(SetOpeningHoursUseCase).execute({
        organisationId,
        locationId: location.id,
        weeklyHours: { '2': [{ opens: '18:00', closes: '08:00' }] },
      }),
    ).rejects.toMatchObject({
      problem: { status: 400, errors: [expect.objectContaining({ field: expect.stringContaining('weeklyHours.2') })] },
    });
    expect(await h.appendedEvents()).toEqual([]);
  });
});
