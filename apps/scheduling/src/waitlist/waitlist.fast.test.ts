import { DateTime } from 'luxon';
import { AppointmentWaitlistOfferedV1 } from '@chairside/contracts';
import type { UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, type BuiltCenter, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import { WaitlistRequest } from './waitlist-request.entity.js';
import { JoinWaitlistUseCase } from './join-waitlist/join-waitlist.use-case.js';
import { OfferFreedTimeUseCase } from './offer-freed-time/offer-freed-time.use-case.js';
import { ReofferLapsedHoldUseCase } from './reoffer-lapsed-hold/reoffer-lapsed-hold.use-case.js';
import { WithdrawFromWaitlistUseCase } from './withdraw-from-waitlist/withdraw-from-waitlist.use-case.js';

const ZONE = 'Australia/Sydney';
let h: UseCaseHarness;
let center: BuiltCenter;
let day: string;

beforeAll(async () => {
  h = await schedulingHarness('waitlist');
  day = localDayAhead(ZONE, 5);
  center = await aLocation().inZone(ZONE).withChairs(2).withNurses(1).staffedOn(day).build(h.dataSource);
});
afterAll(() => h?.close());

async function join(therapyCode: 'iron' | 'hydration' = 'iron', preferredWeekdays?: number[]): Promise<WaitlistRequest> {
  const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
  const outcome = await h.get(JoinWaitlistUseCase).execute({
    organisationId: center.organisationId,
    locationId: center.location.id,
    patientId: patient.id,
    therapyCode,
    earliest: at(ZONE, day, '08:00'),
    latest: at(ZONE, day, '18:00'),
    ...(preferredWeekdays ? { preferredWeekdays } : {}),
  });
  return outcome.body as WaitlistRequest;
}

describe('waitlist (fast tier)', () => {
  it('joins with the therapy duration, and withdraws once', async () => {
    const request = await join();
    expect(request).toMatchObject({ status: 'waiting', version: 1 });
    expect(request.durationMinutes).toBeGreaterThan(0);
    const withdraw = h.get(WithdrawFromWaitlistUseCase);
    const command = { organisationId: center.organisationId, locationId: center.location.id, requestId: request.id };
    expect(await withdraw.execute(command)).toMatchObject({ status: 'withdrawn', version: 2 });
    expect(await withdraw.execute(command)).toMatchObject({ status: 'withdrawn', version: 2 });
    expect(await h.appendedEvents()).toEqual([]);
  });

  it('refuses a window that ends before it starts, or longer than 90 days', async () => {
    const base = {
      organisationId: center.organisationId,
      locationId: center.location.id,
      patientId: center.location.id,
      therapyCode: 'iron' as const,
      earliest: new Date('2030-01-10T00:00:00Z'),
    };
    await expect(h.get(JoinWaitlistUseCase).execute({ ...base, latest: base.earliest })).rejects.toMatchObject({
      problem: { status: 400, errors: [{ field: 'latest' }] },
    });
    await expect(h.get(JoinWaitlistUseCase).execute({ ...base, latest: new Date('2030-06-10T00:00:00Z') })).rejects.toMatchObject(
      { problem: { status: 400, errors: [{ field: 'latest' }] } },
    );
  });

  it('offers freed time to the best match, not the oldest: the therapy the time was booked for', async () => {
    await h.dataSource.query(`UPDATE waitlist_request SET status = 'withdrawn' WHERE location_id = $1`, [center.location.id]);
    const oldest = await join('hydration');
    const sameTherapy = await join('iron');
    const offered = await h.get(OfferFreedTimeUseCase).execute({
      locationId: center.location.id,
      from: at(ZONE, day, '08:00'),
      to: at(ZONE, day, '18:00'),
      now: new Date(),
      freedTherapyCode: 'iron',
    });
    expect(offered).toMatchObject({ id: sameTherapy.id, status: 'offered' });
    expect(await h.dataSource.getRepository(WaitlistRequest).findOneByOrFail({ id: oldest.id })).toMatchObject({
      status: 'waiting',
    });
    await h.appendedEvents();
  });

  it('offers freed time to a request naming its day of the week (at the center) over an older one naming other days', async () => {
    await h.dataSource.query(`UPDATE waitlist_request SET status = 'withdrawn' WHERE location_id = $1`, [center.location.id]);
    const weekday = DateTime.fromISO(day, { zone: ZONE }).weekday;
    const otherDays = await join(
      'iron',
      [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== weekday),
    );
    const thatDay = await join('iron', [weekday, (weekday % 7) + 1, weekday]);
    // Kept once each, in week order.
    expect((await h.dataSource.getRepository(WaitlistRequest).findOneByOrFail({ id: thatDay.id })).preferredWeekdays).toEqual(
      [weekday, (weekday % 7) + 1].sort((a, b) => a - b),
    );
    const offered = await h.get(OfferFreedTimeUseCase).execute({
      locationId: center.location.id,
      from: at(ZONE, day, '08:00'),
      to: at(ZONE, day, '18:00'),
      now: new Date(),
      freedTherapyCode: 'iron',
    });
    expect(offered).toMatchObject({ id: thatDay.id, status: 'offered' });
    expect(await h.dataSource.getRepository(WaitlistRequest).findOneByOrFail({ id: otherDays.id })).toMatchObject({
      status: 'waiting',
    });
    await h.appendedEvents();
  });

  it('offers freed time to the longer-waiting of two equal requests as a hold, and to the next one when it lapses', async () => {
    await h.dataSource.query(`UPDATE waitlist_request SET status = 'withdrawn' WHERE location_id = $1`, [center.location.id]);
    const first = await join();
    const second = await join();
    const now = new Date();
    const offered = await h.get(OfferFreedTimeUseCase).execute({
      locationId: center.location.id,
      from: at(ZONE, day, '08:00'),
      to: at(ZONE, day, '18:00'),
      now,
    });
    expect(offered).toMatchObject({ id: first.id, status: 'offered', version: 2 });
    const [offer, ...rest] = await h.appendedEvents();
    expect(rest).toEqual([]);
    expect(offer).toMatchObject({ type: AppointmentWaitlistOfferedV1.type, data: { waitlistRequestId: first.id } });

    const reoffered = await h.get(ReofferLapsedHoldUseCase).execute({
      appointmentId: offer!.aggregateid,
      locationId: center.location.id,
      startsAt: new Date(offer!.data.startsAt),
      endsAt: new Date(offer!.data.endsAt),
      now,
    });
    expect(reoffered).toMatchObject({ id: second.id, status: 'offered' });
    expect(await h.dataSource.getRepository(WaitlistRequest).findOneByOrFail({ id: first.id })).toMatchObject({
      status: 'waiting',
      offeredAppointmentId: null,
      version: 3,
    });
  });
});
