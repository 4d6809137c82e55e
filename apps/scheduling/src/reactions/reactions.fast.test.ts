import {
  AppointmentArrivalUndoneV1,
  AppointmentArrivedV1,
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentFulfilledV1,
  PatientCancellationConfirmedV1,
  PatientOfferAcceptedV1,
  SessionCheckedInV1,
  SessionDischargedV1,
  SessionEndedEarlyV1,
  SessionStepEnteredInErrorV1,
} from '@chairside/contracts';
import { anEvent, type UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, type BuiltCenter, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import type { Appointment } from '../appointments/appointment.entity.js';
import { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import { SchedulingReactionsConsumer } from './scheduling-reactions.consumer.js';

const ZONE = 'Europe/Madrid';
let h: UseCaseHarness;
let center: BuiltCenter;
let day: string;

beforeAll(async () => {
  h = await schedulingHarness('reactions');
  day = localDayAhead(ZONE, 4);
  center = await aLocation().inZone(ZONE).withChairs(4).withNurses(2).staffedOn(day).build(h.dataSource);
});
afterAll(() => h?.close());

async function book(hhmm: string, holdMinutes?: number, now = new Date()): Promise<Appointment> {
  const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
  const outcome = await h.get(BookAppointmentUseCase).execute({
    organisationId: center.organisationId,
    locationId: center.location.id,
    patientId: patient.id,
    therapyCode: 'hydration',
    startsAt: at(ZONE, day, hhmm),
    now,
    ...(holdMinutes !== undefined ? { holdMinutes } : {}),
  });
  await h.appendedEvents();
  return outcome.body as Appointment;
}

const session = (a: Appointment) => ({
  appointmentId: a.id,
  locationId: a.locationId,
  patientId: a.patientId,
  therapyCode: a.therapyCode,
  chairId: a.chairId,
  nurseId: a.nurseId,
  actorId: 'nurse-1',
  occurredAt: new Date().toISOString(),
});

describe("scheduling's reactions to sessions (fast tier)", () => {
  it('a check-in entered in error books the appointment again, once; other corrections change nothing here', async () => {
    const booked = await book('13:00');
    const consumer = h.get(SchedulingReactionsConsumer);
    const checkedIn = anEvent(
      SessionCheckedInV1,
      { ...session(booked), plannedStartsAt: booked.startsAt.toISOString(), lateMinutes: 0 },
      { aggregateId: booked.id },
    );
    await h.deliver(checkedIn, (e, ctx) => consumer.onCheckedIn(e, ctx));
    const correction = (stepKind: string, seq: number) =>
      anEvent(
        SessionStepEnteredInErrorV1,
        {
          ...session(booked),
          seq,
          stepKind,
          stepOccurredAt: new Date().toISOString(),
          reason: 'checked in the wrong patient',
          sessionStatus: 'expected',
        },
        { aggregateId: booked.id, aggregateSequence: seq + 1 },
      );
    await h.deliver(correction('seat', 2), (e, ctx) => consumer.onStepEnteredInError(e, ctx));
    const undo = correction('check-in', 1);
    await h.deliver(undo, (e, ctx) => consumer.onStepEnteredInError(e, ctx));
    await h.deliver(undo, (e, ctx) => consumer.onStepEnteredInError(e, ctx));
    const events = await h.appendedEvents();
    expect(events.map((e) => [e.type, e.aggregatesequence])).toEqual([
      [AppointmentArrivedV1.type, 2],
      [AppointmentArrivalUndoneV1.type, 3],
    ]);
    expect(events[1]!.data).toMatchObject({ appointmentId: booked.id, reason: 'checked in the wrong patient' });
    const [row] = (await h.dataSource.query('SELECT status, version FROM appointment WHERE id = $1', [booked.id])) as unknown[];
    expect(row).toEqual({ status: 'booked', version: 3 });
  });

  it('a check-in and a discharge become appointment.arrived and appointment.fulfilled, each a new version', async () => {
    const booked = await book('09:00');
    const consumer = h.get(SchedulingReactionsConsumer);
    const checkedIn = anEvent(
      SessionCheckedInV1,
      { ...session(booked), plannedStartsAt: booked.startsAt.toISOString(), lateMinutes: 0 },
      { aggregateId: booked.id },
    );
    await h.deliver(checkedIn, (e, ctx) => consumer.onCheckedIn(e, ctx));
    await h.deliver(checkedIn, (e, ctx) => consumer.onCheckedIn(e, ctx));
    const discharged = anEvent(
      SessionDischargedV1,
      {
        ...session(booked),
        plannedEndsAt: booked.endsAt.toISOString(),
        actualEndsAt: booked.endsAt.toISOString(),
        mayDrive: true,
        escortRequired: false,
        stoppedEarly: false,
      },
      { aggregateId: booked.id, aggregateSequence: 2 },
    );
    await h.deliver(discharged, (e, ctx) => consumer.onDischarged(e, ctx));
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence])).toEqual([
      [AppointmentArrivedV1.type, 2],
      [AppointmentFulfilledV1.type, 3],
    ]);
  });

  it('an early end shortens the appointment and fulfils it', async () => {
    const booked = await book('11:00');
    const actualEndsAt = new Date(booked.endsAt.getTime() - 30 * 60_000);
    const endedEarly = anEvent(
      SessionEndedEarlyV1,
      {
        appointmentId: booked.id,
        locationId: booked.locationId,
        chairId: booked.chairId,
        nurseId: booked.nurseId,
        plannedEndsAt: booked.endsAt.toISOString(),
        actualEndsAt: actualEndsAt.toISOString(),
      },
      { aggregateId: booked.id },
    );
    await h.deliver(endedEarly, (e, ctx) => h.get(SchedulingReactionsConsumer).onEndedEarly(e, ctx));
    const [fulfilled] = await h.appendedEvents();
    expect(fulfilled).toMatchObject({
      type: AppointmentFulfilledV1.type,
      aggregatesequence: 2,
      data: { endedEarly: true, endsAt: actualEndsAt.toISOString() },
    });
  });

  it("a patient's confirmed SMS cancellation cancels the appointment as the patient's request, late when under 24 hours", async () => {
    const booked = await book('13:00');
    const reply = (receivedAt: Date) =>
      anEvent(
        PatientCancellationConfirmedV1,
        {
          appointmentId: booked.id,
          patientId: booked.patientId,
          locationId: booked.locationId,
          receivedAt: receivedAt.toISOString(),
          inReplyToMessageId: booked.id,
        },
        { aggregateId: booked.id },
      );
    const consumer = h.get(SchedulingReactionsConsumer);
    // Received 20 hours before the start.
    const receivedAt = new Date(booked.startsAt.getTime() - 20 * 3_600_000);
    await h.deliver(reply(receivedAt), (e, ctx) => consumer.onCancellationConfirmed(e, ctx));
    const [cancelled, ...rest] = (await h.appendedEvents()).filter(
      (e) => e.type !== 'chairside.scheduling.appointment.waitlist-offered.v1',
    );
    expect(rest.map((e) => e.type)).not.toContain(AppointmentCancelledV1.type);
    expect(cancelled).toMatchObject({
      type: AppointmentCancelledV1.type,
      aggregateid: booked.id,
      data: { reason: 'patient_request', lateCancellation: true, cancelledAt: receivedAt.toISOString() },
    });
    // A second YES (another reply event) changes nothing: it is already cancelled.
    await h.deliver(reply(new Date(receivedAt.getTime() + 60_000)), (e, ctx) => consumer.onCancellationConfirmed(e, ctx));
    expect((await h.appendedEvents()).map((e) => e.type)).not.toContain(AppointmentCancelledV1.type);
  });

  it("a patient's YES to a waitlist offer books the hold while it stands, and not after it lapsed", async () => {
    const now = new Date();
    const held = await book('15:00', 120, now);
    const lapsed = await book('13:00', 1, now);
    const accepted = (a: Appointment, receivedAt: Date) =>
      anEvent(
        PatientOfferAcceptedV1,
        {
          appointmentId: a.id,
          patientId: a.patientId,
          locationId: a.locationId,
          receivedAt: receivedAt.toISOString(),
          inReplyToMessageId: a.id,
        },
        { aggregateId: a.id },
      );
    const consumer = h.get(SchedulingReactionsConsumer);
    await h.deliver(accepted(held, new Date(now.getTime() + 60 * 60_000)), (e, ctx) => consumer.onOfferAccepted(e, ctx));
    await h.deliver(accepted(lapsed, new Date(now.getTime() + 5 * 60_000)), (e, ctx) => consumer.onOfferAccepted(e, ctx));
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregateid])).toEqual([[AppointmentBookedV1.type, held.id]]);
  });
});
