import {
  AppointmentArrivalUndoneV1,
  AppointmentArrivedV1,
  AppointmentAtRiskV1,
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentDelayClearedV1,
  AppointmentFulfilledV1,
  EmailBouncedV1,
  FollowUpAlertRaisedV1,
  PatientCancellationConfirmedV1,
  PatientOfferAcceptedV1,
  SessionCheckedInV1,
  SessionDischargedV1,
  SessionEndedEarlyV1,
  SessionOverrunProjectedV1,
  SessionStepEnteredInErrorV1,
} from '@chairside/contracts';
import { anEvent, type UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, type BuiltCenter, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import type { Appointment } from '../appointments/appointment.entity.js';
import { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import { WorkQueuesQuery } from '../work-queues/work-queues.query.js';
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

async function book(hhmm: string, holdMinutes?: number, now = new Date(), at_: BuiltCenter = center): Promise<Appointment> {
  const patient = await aPatient().inOrganisation(at_.organisationId).build(h.dataSource);
  const outcome = await h.get(BookAppointmentUseCase).execute({
    organisationId: at_.organisationId,
    locationId: at_.location.id,
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

  it('an overrun that ends in time clears the risk it caused (the queue item goes, delay-cleared published); ending late does not', async () => {
    const oneChair = await aLocation().inZone(ZONE).withChairs(1).withNurses(1).staffedOn(day).build(h.dataSource);
    const running = await book('09:00', undefined, new Date(), oneChair);
    const next = await book('11:00', undefined, new Date(), oneChair);
    const afterThat = await book('13:00', undefined, new Date(), oneChair);
    expect(new Set([running.chairId, next.chairId, afterThat.chairId]).size).toBe(1);
    const consumer = h.get(SchedulingReactionsConsumer);
    const overrun = (of: Appointment, projectedEndsAt: Date) =>
      anEvent(
        SessionOverrunProjectedV1,
        {
          appointmentId: of.id,
          locationId: of.locationId,
          chairId: of.chairId,
          nurseId: of.nurseId,
          plannedEndsAt: of.endsAt.toISOString(),
          projectedEndsAt: projectedEndsAt.toISOString(),
          projectedAt: new Date().toISOString(),
        },
        { aggregateId: of.id },
      );
    const discharged = (of: Appointment, actualEndsAt: Date) =>
      anEvent(
        SessionDischargedV1,
        {
          ...session(of),
          plannedEndsAt: of.endsAt.toISOString(),
          actualEndsAt: actualEndsAt.toISOString(),
          mayDrive: true,
          escortRequired: false,
          stoppedEarly: false,
        },
        { aggregateId: of.id, aggregateSequence: 5 },
      );
    const atRiskItems = async () =>
      (await h.get(WorkQueuesQuery).items(oneChair.location.id, 'at-risk', new Date(), 100, 0)).items.map(
        (i) => i.appointment.id,
      );

    await h.deliver(overrun(running, new Date(next.startsAt.getTime() + 20 * 60_000)), (e, ctx) => consumer.onOverrun(e, ctx));
    await h.deliver(overrun(next, new Date(afterThat.startsAt.getTime() + 20 * 60_000)), (e, ctx) => consumer.onOverrun(e, ctx));
    expect((await h.appendedEvents()).filter((e) => e.type === AppointmentAtRiskV1.type).map((e) => e.aggregateid)).toEqual([
      next.id,
      afterThat.id,
    ]);
    expect(await atRiskItems()).toEqual([next.id, afterThat.id]);

    // The 9:00 visit leaves at its planned end after all: the chair is free for 11:00 again.
    await h.deliver(discharged(running, running.endsAt), (e, ctx) => consumer.onDischarged(e, ctx));
    // The 11:00 visit leaves later than 13:00 needs its chair: that one stays at risk.
    await h.deliver(discharged(next, new Date(afterThat.startsAt.getTime() + 5 * 60_000)), (e, ctx) =>
      consumer.onDischarged(e, ctx),
    );
    const cleared = (await h.appendedEvents()).filter((e) => e.type === AppointmentDelayClearedV1.type);
    expect(cleared.map((e) => [e.aggregateid, (e.data as { overrunAppointmentId: string }).overrunAppointmentId])).toEqual([
      [next.id, running.id],
    ]);
    expect(await atRiskItems()).toEqual([afterThat.id]);
    const [row] = (await h.dataSource.query('SELECT at_risk_since, at_risk_from FROM appointment WHERE id = $1', [
      next.id,
    ])) as unknown[];
    expect(row).toEqual({ at_risk_since: null, at_risk_from: null });
  });

  it("a severe follow-up answer and an email bounce become items on the center's queues, once each, in codes", async () => {
    const booked = await book('16:00');
    const consumer = h.get(SchedulingReactionsConsumer);
    const ids = { appointmentId: booked.id, patientId: booked.patientId, locationId: booked.locationId };
    const alert = anEvent(
      FollowUpAlertRaisedV1,
      {
        ...ids,
        receivedAt: new Date().toISOString(),
        inReplyToMessageId: booked.id,
        score: 8,
        symptoms: ['fever', 'nausea'],
        reason: 'high-score',
      },
      { aggregateId: booked.id },
    );
    const bounce = anEvent(
      EmailBouncedV1,
      { ...ids, messageId: booked.id, problem: 'bounce', code: '550 5.1.1', reportedAt: new Date().toISOString() },
      { aggregateId: booked.id },
    );
    const complaint = anEvent(
      EmailBouncedV1,
      { ...ids, messageId: booked.id, problem: 'complaint', reportedAt: new Date(Date.now() + 1_000).toISOString() },
      { aggregateId: booked.id },
    );
    for (const e of [alert, alert]) await h.deliver(e, (ev, ctx) => consumer.onFollowUpAlert(ev, ctx));
    for (const e of [bounce, bounce, complaint]) await h.deliver(e, (ev, ctx) => consumer.onEmailBounced(ev, ctx));
    const queue = async (q: 'follow-up-alerts' | 'email-problems') =>
      (await h.get(WorkQueuesQuery).items(center.location.id, q, new Date(), 100, 0)).items
        .filter((i) => i.appointment.id === booked.id)
        .map((i) => i.detail);
    expect(await queue('follow-up-alerts')).toEqual(['score 8, fever, nausea']);
    expect((await queue('email-problems')).sort()).toEqual(['bounced (550 5.1.1)', 'marked as spam']);
    // Nothing about the appointment changed, so nothing is published.
    expect(await h.appendedEvents()).toEqual([]);
  });
});
