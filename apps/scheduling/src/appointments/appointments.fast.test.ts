import { randomUUID } from 'node:crypto';
import {
  AppointmentArrivedV1,
  AppointmentAtRiskV1,
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentConfirmedV1,
  AppointmentFulfilledV1,
  AppointmentHeldV1,
  AppointmentHoldExpiredV1,
  AppointmentNoShowV1,
  AppointmentRescheduledV1,
  AppointmentRescheduleRequestedV1,
} from '@chairside/contracts';
import type { UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, type BuiltCenter, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import type { Appointment } from './appointment.entity.js';
import { BookAppointmentUseCase } from './book-appointment/book-appointment.use-case.js';
import { BookHoldUseCase } from './book-hold/book-hold.use-case.js';
import { CancelAppointmentUseCase } from './cancel-appointment/cancel-appointment.use-case.js';
import { ConfirmAppointmentUseCase } from './confirm-appointment/confirm-appointment.use-case.js';
import { ExpireHoldsUseCase } from './expire-holds/expire-holds.use-case.js';
import { MarkArrivedUseCase } from './mark-arrived/mark-arrived.use-case.js';
import { MarkAtRiskUseCase } from './mark-at-risk/mark-at-risk.use-case.js';
import { MarkFulfilledUseCase } from './mark-fulfilled/mark-fulfilled.use-case.js';
import { MarkNoShowUseCase } from './mark-no-show/mark-no-show.use-case.js';
import { RecordPatientReplyUseCase } from './record-patient-reply/record-patient-reply.use-case.js';
import { ReleaseHoldUseCase } from './release-hold/release-hold.use-case.js';
import { RescheduleAppointmentUseCase } from './reschedule-appointment/reschedule-appointment.use-case.js';
import { SearchSlotsQuery } from './search-slots/search-slots.query.js';
import { MINUTE } from '@chairside/domain';

const ZONE = 'Europe/Madrid';
let h: UseCaseHarness;
let center: BuiltCenter;
let day: string;

beforeAll(async () => {
  h = await schedulingHarness('appointments');
  day = localDayAhead(ZONE, 7);
  center = await aLocation().inZone(ZONE).withChairs(4).withNurses(2).staffedOn(day).build(h.dataSource);
});
afterAll(() => h?.close());

/** A booking (or a hold) for a new patient at `hhmm` local time on the center's staffed day. */
async function book(hhmm: string, options: { holdMinutes?: number; now?: Date } = {}): Promise<Appointment> {
  const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
  const outcome = await h.get(BookAppointmentUseCase).execute({
    organisationId: center.organisationId,
    locationId: center.location.id,
    patientId: patient.id,
    therapyCode: 'hydration',
    startsAt: at(ZONE, day, hhmm),
    now: options.now ?? new Date(),
    ...(options.holdMinutes !== undefined ? { holdMinutes: options.holdMinutes } : {}),
  });
  if (outcome.replayed) throw new Error('a first booking is never a replay');
  await h.appendedEvents();
  return outcome.body;
}

const target = (a: Appointment) => ({
  organisationId: center.organisationId,
  locationId: a.locationId,
  appointmentId: a.id,
});

const typesAndVersions = async () => (await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence]);

describe('appointments (fast tier)', () => {
  it('books a slot and appends appointment.booked at version 1', async () => {
    const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
    const outcome = await h.get(BookAppointmentUseCase).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      patientId: patient.id,
      therapyCode: 'hydration',
      startsAt: at(ZONE, day, '09:00'),
      now: new Date(),
    });
    expect(outcome).toMatchObject({ replayed: false, status: 201, body: { status: 'booked', version: 1 } });
    const [event] = await h.appendedEvents();
    expect(event).toMatchObject({ type: AppointmentBookedV1.type, aggregatesequence: 1, data: { patientId: patient.id } });
  });

  it('finds ranked slots without writing anything', async () => {
    const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
    const slots = await h.get(SearchSlotsQuery).execute({
      organisationId: center.organisationId,
      locationIds: [center.location.id],
      patientId: patient.id,
      therapyCode: 'hydration',
      from: at(ZONE, day, '08:00'),
      to: at(ZONE, day, '18:00'),
      limit: 3,
      now: new Date(),
    });
    expect(slots).toHaveLength(3);
    expect(slots[0]).toMatchObject({ locationId: center.location.id });
    expect(await h.appendedEvents()).toEqual([]);
  });

  it('finds no slots for a patient of another organisation, nor at a location that is not there', async () => {
    const stranger = await aPatient().build(h.dataSource);
    const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
    const search = (patientId: string, locationIds: string[]) =>
      h.get(SearchSlotsQuery).execute({
        organisationId: center.organisationId,
        locationIds,
        patientId,
        therapyCode: 'hydration',
        from: at(ZONE, day, '08:00'),
        to: at(ZONE, day, '18:00'),
        limit: 3,
        now: new Date(),
      });
    for (const locationIds of [[center.location.id], [center.location.id, center.location.id, randomUUID()]]) {
      await expect(search(stranger.id, locationIds)).rejects.toMatchObject({
        problem: { status: 404, detail: expect.stringContaining('Patient') },
      });
    }
    await expect(search(patient.id, [randomUUID()])).rejects.toMatchObject({
      problem: { status: 404, detail: expect.stringContaining('Location') },
    });
  });

  it('holds a slot, then books the hold', async () => {
    const held = await book('10:00', { holdMinutes: 30 });
    expect(held.status).toBe('proposed');
    const booked = await h.get(BookHoldUseCase).execute({ ...target(held), now: new Date() });
    expect(booked).toMatchObject({ status: 'booked', version: 2 });
    expect(await typesAndVersions()).toEqual([[AppointmentBookedV1.type, 2]]);
  });

  it('releases a hold at staff request', async () => {
    const held = await book('10:30', { holdMinutes: 30 });
    const released = await h.get(ReleaseHoldUseCase).execute({ ...target(held), now: new Date() });
    expect(released).toMatchObject({ status: 'cancelled', cancellationReason: 'hold_expired', version: 2 });
    expect(await typesAndVersions()).toEqual([[AppointmentHoldExpiredV1.type, 2]]);
  });

  it('expires the holds whose time is up, and only those', async () => {
    const bookedAt = new Date();
    const lapsing = await book('11:00', { holdMinutes: 5, now: bookedAt });
    const expired = await h.get(ExpireHoldsUseCase).execute({ now: new Date(bookedAt.getTime() + 6 * MINUTE) });
    expect(expired).toBeGreaterThanOrEqual(1);
    const events = await h.appendedEvents();
    expect(events.map((e) => e.type)).toContain(AppointmentHoldExpiredV1.type);
    expect(events.find((e) => e.aggregateid === lapsing.id)).toMatchObject({ aggregatesequence: 2 });
    expect(await h.get(ExpireHoldsUseCase).execute({ now: new Date(bookedAt.getTime() + 6 * MINUTE) })).toBe(0);
  });

  it('confirms once; a second confirmation changes nothing', async () => {
    const booked = await book('11:30');
    const confirm = h.get(ConfirmAppointmentUseCase);
    expect(await confirm.execute({ ...target(booked), via: 'staff', now: new Date() })).toMatchObject({ version: 2 });
    expect(await confirm.execute({ ...target(booked), via: 'staff', now: new Date() })).toMatchObject({ version: 2 });
    expect(await typesAndVersions()).toEqual([[AppointmentConfirmedV1.type, 2]]);
  });

  it('cancels at the version the caller saw, and refuses a stale version', async () => {
    const booked = await book('12:00');
    const cancel = h.get(CancelAppointmentUseCase);
    await expect(
      cancel.execute({ ...target(booked), reason: 'patient_request', now: new Date(), expectedVersion: 7 }),
    ).rejects.toMatchObject({ problem: { status: 409 } });
    const cancelled = await cancel.execute({ ...target(booked), reason: 'patient_request', now: new Date(), expectedVersion: 1 });
    expect(cancelled).toMatchObject({ status: 'cancelled', version: 2 });
    expect(await typesAndVersions()).toEqual([[AppointmentCancelledV1.type, 2]]);
  });

  it('reschedules in place to the next version', async () => {
    const booked = await book('12:30');
    const moved = await h
      .get(RescheduleAppointmentUseCase)
      .execute({ ...target(booked), startsAt: at(ZONE, day, '14:00'), now: new Date() });
    expect(moved).toMatchObject({ id: booked.id, version: 2, startsAt: at(ZONE, day, '14:00') });
    expect(await typesAndVersions()).toEqual([[AppointmentRescheduledV1.type, 2]]);
  });

  it('marks a no-show only after the grace period', async () => {
    const booked = await book('13:00');
    const noShow = h.get(MarkNoShowUseCase);
    await expect(noShow.execute({ ...target(booked), now: new Date() })).rejects.toMatchObject({ problem: { status: 409 } });
    const later = new Date(booked.startsAt.getTime() + 2 * 60 * MINUTE);
    expect(await noShow.execute({ ...target(booked), now: later })).toMatchObject({ status: 'noshow', version: 2 });
    expect(await typesAndVersions()).toEqual([[AppointmentNoShowV1.type, 2]]);
  });

  it('marks a booked appointment arrived once, with its version and event', async () => {
    const booked = await book('13:30');
    const arrive = h.get(MarkArrivedUseCase);
    const arrived = await arrive.execute({ appointmentId: booked.id, arrivedAt: new Date() });
    expect(arrived).toMatchObject({ status: 'arrived', version: 2 });
    expect(await arrive.execute({ appointmentId: booked.id, arrivedAt: new Date() })).toBeNull();
    expect(await typesAndVersions()).toEqual([[AppointmentArrivedV1.type, 2]]);
  });

  it('fulfils an early end (the chair frees early) and then the discharge, each once', async () => {
    const booked = await book('15:00');
    const fulfil = h.get(MarkFulfilledUseCase);
    const turnover = booked.chairReleasedAt.getTime() - booked.endsAt.getTime();
    const actualEnd = new Date(booked.endsAt.getTime() - 20 * MINUTE);
    const early = await fulfil.execute({ appointmentId: booked.id, actualEndsAt: actualEnd, endedEarly: true });
    expect(early).toMatchObject({ status: 'fulfilled', version: 2, endsAt: actualEnd, actualEndsAt: null });
    expect(early!.chairReleasedAt.getTime()).toBe(actualEnd.getTime() + turnover);
    const discharged = await fulfil.execute({ appointmentId: booked.id, actualEndsAt: actualEnd, endedEarly: false });
    expect(discharged).toMatchObject({ status: 'fulfilled', version: 3, actualEndsAt: actualEnd });
    expect(await fulfil.execute({ appointmentId: booked.id, actualEndsAt: actualEnd, endedEarly: false })).toBeNull();
    const events = await h.appendedEvents();
    expect(events.map((e) => [e.type, e.aggregatesequence, e.data.endedEarly])).toEqual([
      [AppointmentFulfilledV1.type, 2, true],
      [AppointmentFulfilledV1.type, 3, false],
    ]);
  });

  it('does not fulfil a cancelled appointment', async () => {
    const booked = await book('16:00');
    await h.get(CancelAppointmentUseCase).execute({ ...target(booked), reason: 'center', now: new Date() });
    await h.appendedEvents();
    expect(
      await h.get(MarkFulfilledUseCase).execute({ appointmentId: booked.id, actualEndsAt: booked.endsAt, endedEarly: false }),
    ).toBeNull();
    expect(await h.appendedEvents()).toEqual([]);
  });

  it("records a patient's replies: C confirms, R asks once to move", async () => {
    const booked = await book('08:30');
    const reply = h.get(RecordPatientReplyUseCase);
    const command = { locationId: booked.locationId, appointmentId: booked.id, receivedAt: new Date() };
    expect(await reply.execute({ ...command, intent: 'confirm' })).toMatchObject({ version: 2 });
    expect(await reply.execute({ ...command, intent: 'reschedule' })).toMatchObject({ version: 3 });
    expect(await reply.execute({ ...command, intent: 'reschedule' })).toBeNull();
    expect(await reply.execute({ ...command, intent: 'stop' })).toBeNull();
    expect(await typesAndVersions()).toEqual([
      [AppointmentConfirmedV1.type, 2],
      [AppointmentRescheduleRequestedV1.type, 3],
    ]);
  });

  it('marks the next treatments on an overrunning chair at risk', async () => {
    const first = await book('08:00');
    const onSameChair = await h.get(BookAppointmentUseCase).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      patientId: (await aPatient().inOrganisation(center.organisationId).build(h.dataSource)).id,
      therapyCode: 'hydration',
      startsAt: first.chairReleasedAt,
      chairId: first.chairId,
      now: new Date(),
    });
    await h.appendedEvents();
    const next = onSameChair.body as Appointment;
    const atRisk = await h.get(MarkAtRiskUseCase).execute({
      overrunAppointmentId: first.id,
      locationId: first.locationId,
      chairId: first.chairId,
      nurseId: first.nurseId,
      plannedEndsAt: first.endsAt,
      projectedEndsAt: new Date(first.endsAt.getTime() + 30 * MINUTE),
      now: new Date(),
    });
    expect(atRisk.map((a) => a.id)).toContain(next.id);
    const events = await h.appendedEvents();
    expect(events.find((e) => e.aggregateid === next.id)).toMatchObject({
      type: AppointmentAtRiskV1.type,
      aggregatesequence: 2,
      data: { cause: 'chair_overrun' },
    });
  });

  it('a hold shows as held', async () => {
    const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
    await h.get(BookAppointmentUseCase).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      patientId: patient.id,
      therapyCode: 'hydration',
      startsAt: at(ZONE, day, '09:30'),
      holdMinutes: 15,
      now: new Date(),
    });
    expect((await h.appendedEvents()).map((e) => e.type)).toEqual([AppointmentHeldV1.type]);
  });
});
