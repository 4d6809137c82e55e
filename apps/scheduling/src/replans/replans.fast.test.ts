import {
  AppointmentNeedsReplanV1,
  AppointmentRescheduledV1,
  type EventOf,
  ReplanAppliedV1,
  ReplanProposedV1,
  SessionOverrunProjectedV1,
} from '@chairside/contracts';
import { anEvent, created, type UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, type BuiltCenter, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import type { Appointment } from '../appointments/appointment.entity.js';
import { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import { MarkArrivedUseCase } from '../appointments/mark-arrived/mark-arrived.use-case.js';
import { SchedulingReactionsConsumer } from '../reactions/scheduling-reactions.consumer.js';
import { RemoveShiftUseCase } from '../staffing/remove-shift/remove-shift.use-case.js';
import { UpdateNurseUseCase } from '../staffing/update-nurse/update-nurse.use-case.js';
import { AddClosureUseCase } from '../closures/add-closure/add-closure.use-case.js';
import { RemoveClosureUseCase } from '../closures/remove-closure/remove-closure.use-case.js';
import { WorkQueuesQuery } from '../work-queues/work-queues.query.js';
import { ApplyReplansUseCase } from './apply-replans/apply-replans.use-case.js';
import { ReplansQuery } from './replans.query.js';

const ZONE = 'Europe/Madrid';
let h: UseCaseHarness;
let day: string;

beforeAll(async () => {
  h = await schedulingHarness('replans');
  day = localDayAhead(ZONE, 5);
});
afterAll(() => h?.close());

async function book(
  center: BuiltCenter,
  hhmm: string,
  options: { minutes?: number; nurseId?: string; chairId?: string } = {},
): Promise<Appointment> {
  const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
  const outcome = await h.get(BookAppointmentUseCase).execute({
    organisationId: center.organisationId,
    locationId: center.location.id,
    patientId: patient.id,
    therapyCode: 'hydration',
    startsAt: at(ZONE, day, hhmm),
    now: new Date(),
    ...(options.minutes ? { durationMinutes: options.minutes } : {}),
    ...(options.nurseId ? { nurseId: options.nurseId } : {}),
    ...(options.chairId ? { chairId: options.chairId } : {}),
  });
  return outcome.body as Appointment;
}

/** Sessions' overrun event for a running appointment, projected to end at `hhmm` local. */
function overrun(running: Appointment, hhmm: string) {
  return anEvent(
    SessionOverrunProjectedV1,
    {
      appointmentId: running.id,
      locationId: running.locationId,
      chairId: running.chairId,
      nurseId: running.nurseId,
      plannedEndsAt: running.endsAt.toISOString(),
      projectedEndsAt: at(ZONE, day, hhmm).toISOString(),
      projectedAt: new Date().toISOString(),
    },
    { aggregateId: running.id, aggregateSequence: 5 },
  );
}

const row = async (id: string) =>
  (
    (await h.dataSource.query(
      'SELECT status, starts_at, chair_id, nurse_id, at_risk_since, overrun_ends_at, version FROM appointment WHERE id = $1',
      [id],
    )) as Array<{
      status: string;
      starts_at: Date;
      chair_id: string;
      nurse_id: string;
      at_risk_since: Date | null;
      overrun_ends_at: Date | null;
      version: number;
    }>
  )[0]!;

describe('live re-plans (fast tier)', () => {
  it('an overrun holds the running chair past its planned end (a booking into the hold is refused), a proposal moves the next patient by the least delay, the charge nurse applies it once; a second apply is stale', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(1).withNurses(1).staffedOn(day).build(h.dataSource);
    const running = await book(center, '09:00');
    const next = await book(center, '11:00');
    await h.get(MarkArrivedUseCase).execute({ appointmentId: running.id, arrivedAt: new Date() });
    await h.appendedEvents();
    const consumer = h.get(SchedulingReactionsConsumer);
    // Projected to end at 11:15 instead of 10:00: the chair is held until 11:25 (10 minutes' turnover).
    await h.deliver(overrun(running, '11:15'), (e, ctx) => consumer.onOverrun(e, ctx));
    expect((await row(running.id)).overrun_ends_at?.toISOString()).toBe(at(ZONE, day, '11:15').toISOString());
    expect((await row(next.id)).at_risk_since).not.toBeNull();

    // 10:15–10:45 (+10) fitted the gap before 11:00; the overrun holds it now.
    await expect(book(center, '10:15', { minutes: 30 })).rejects.toMatchObject({
      problem: { status: 409, reason: 'no-chair' },
    });

    const events = await h.appendedEvents();
    const proposed = events.filter((e) => e.type === ReplanProposedV1.type);
    expect(proposed).toHaveLength(1);
    expect(proposed[0]!.data).toMatchObject({
      appointmentId: next.id,
      cause: 'session_overrun',
      causeId: running.id,
      delayMinutes: 25,
      proposed: { localStart: `${day}T11:25:00`, chairId: next.chairId },
    });
    const listed = await h.get(ReplansQuery).day(center.organisationId, center.location.id, day);
    expect(listed.proposals).toEqual([
      expect.objectContaining({
        appointmentId: next.id,
        version: 1,
        delayMinutes: 25,
        current: expect.objectContaining({ localStart: `${day}T11:00`, chairLabel: 'Chair 1' }),
        proposed: expect.objectContaining({ localStart: `${day}T11:25` }),
      }),
    ]);
    const queue = await h.get(WorkQueuesQuery).items(center.location.id, 'replan-proposals', new Date(), 50, 0);
    expect(queue.items.map((i) => [i.subjectId, i.itemKey, i.appointment.id])).toEqual([
      [listed.proposals[0]!.proposalId, '1', next.id],
    ]);

    const apply = {
      organisationId: center.organisationId,
      locationId: center.location.id,
      proposals: [{ proposalId: listed.proposals[0]!.proposalId, version: 1 }],
      actorId: 'charge-nurse-1',
      now: new Date(),
    };
    const applied = await h.get(ApplyReplansUseCase).execute(apply);
    expect(applied).toEqual([
      expect.objectContaining({ appointmentId: next.id, startsAt: at(ZONE, day, '11:25').toISOString() }),
    ]);
    const moved = await row(next.id);
    expect(moved).toMatchObject({ status: 'booked', at_risk_since: null });
    expect(moved.starts_at.toISOString()).toBe(at(ZONE, day, '11:25').toISOString());
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregateid])).toEqual([
      [AppointmentRescheduledV1.type, next.id],
      [ReplanAppliedV1.type, listed.proposals[0]!.proposalId],
    ]);
    expect((await h.get(ReplansQuery).day(center.organisationId, center.location.id, day)).proposals).toEqual([]);

    // Applied once: the same call again is stale, and nothing moves.
    await expect(h.get(ApplyReplansUseCase).execute(apply)).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/replan-stale' },
    });
    expect((await row(next.id)).version).toBe(moved.version);
  });

  it('a proposal whose place was taken meanwhile is refused as stale (409), and nothing moves', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(2).withNurses(2).staffedOn(day).build(h.dataSource);
    const running = await book(center, '09:00');
    const next = await book(center, '10:10');
    expect(next.chairId).toBe(running.chairId);
    await h.get(MarkArrivedUseCase).execute({ appointmentId: running.id, arrivedAt: new Date() });
    const consumer = h.get(SchedulingReactionsConsumer);
    await h.deliver(overrun(running, '10:40'), (e, ctx) => consumer.onOverrun(e, ctx));
    const [proposal] = (await h.get(ReplansQuery).day(center.organisationId, center.location.id, day)).proposals;
    // The other chair at the same time: no delay.
    expect(proposal).toMatchObject({ appointmentId: next.id, delayMinutes: 0 });
    expect(proposal!.proposed.chairId).not.toBe(running.chairId);
    // Someone books that chair at that time first.
    const taken = await book(center, '10:10');
    expect(taken.chairId).toBe(proposal!.proposed.chairId);
    const before = await row(next.id);
    await expect(
      h.get(ApplyReplansUseCase).execute({
        organisationId: center.organisationId,
        locationId: center.location.id,
        proposals: [{ proposalId: proposal!.proposalId, version: proposal!.version }],
        actorId: 'charge-nurse-1',
        now: new Date(),
      }),
    ).rejects.toMatchObject({ problem: { status: 409, type: '/problems/replan-stale', cause: '/problems/slot-unavailable' } });
    expect(await row(next.id)).toEqual(before);
  });

  it('an appointment at risk only through its nurse, whose capacity absorbs the overrun, gets no proposal: its place still holds', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(2).withNurses(1).staffedOn(day).build(h.dataSource);
    const running = await book(center, '09:00', { chairId: center.chairs[0]!.id });
    const next = await book(center, '10:10', { chairId: center.chairs[1]!.id });
    await h.get(MarkArrivedUseCase).execute({ appointmentId: running.id, arrivedAt: new Date() });
    await h.appendedEvents();
    const consumer = h.get(SchedulingReactionsConsumer);
    await h.deliver(overrun(running, '10:30'), (e, ctx) => consumer.onOverrun(e, ctx));
    expect((await row(next.id)).at_risk_since).not.toBeNull();
    // (Events of the test before may be read here too: only this appointment's count.)
    const proposedForNext = (await h.appendedEvents()).filter(
      (e) => e.type === ReplanProposedV1.type && (e.data as { appointmentId: string }).appointmentId === next.id,
    );
    expect(proposedForNext).toEqual([]);
    expect((await h.get(ReplansQuery).day(center.organisationId, center.location.id, day)).proposals).toEqual([]);
  });

  it('a sick call: each appointment left without its nurse gets a proposal with a colleague at the same time; both applied at once', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(3).withNurses(2).staffedOn(day).build(h.dataSource);
    const [sick, colleague] = center.nurses;
    const hers = [await book(center, '09:00', { nurseId: sick!.id }), await book(center, '13:00', { nurseId: sick!.id })];
    await h.appendedEvents();
    await h.get(RemoveShiftUseCase).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      nurseId: sick!.id,
      shiftId: center.shifts.find((s) => s.nurseId === sick!.id)!.id,
      reason: 'sick call',
      now: new Date(),
    });
    const consumer = h.get(SchedulingReactionsConsumer);
    for (const event of (await h.appendedEvents()).filter((e) => e.type === AppointmentNeedsReplanV1.type))
      await h.deliver(event as unknown as EventOf<typeof AppointmentNeedsReplanV1>, (e, ctx) => consumer.onNeedsReplan(e, ctx));
    const { proposals } = await h.get(ReplansQuery).day(center.organisationId, center.location.id, day);
    expect(proposals.map((p) => [p.appointmentId, p.cause, p.delayMinutes, p.proposed.nurseId])).toEqual([
      [hers[0]!.id, 'nurse_shift_removed', 0, colleague!.id],
      [hers[1]!.id, 'nurse_shift_removed', 0, colleague!.id],
    ]);
    const applied = await h.get(ApplyReplansUseCase).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      proposals: proposals.map((p) => ({ proposalId: p.proposalId, version: p.version })),
      actorId: 'charge-nurse-1',
      now: new Date(),
    });
    expect(applied.map((a) => a.nurseId)).toEqual([colleague!.id, colleague!.id]);
    for (const a of hers) expect(await row(a.id)).toMatchObject({ nurse_id: colleague!.id, at_risk_since: null });
  });

  it('a needs-replan consumed after its closure was taken back proposes nothing: the withdrawn cause stays withdrawn', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(2).withNurses(2).staffedOn(day).build(h.dataSource);
    const booked = await book(center, '10:00');
    const base = { organisationId: center.organisationId, locationId: center.location.id, now: new Date() };
    await h.appendedEvents();
    const closure = await created(
      h.get(AddClosureUseCase).execute({ ...base, date: day, from: '09:00', to: '12:00', reason: 'entered by mistake' }),
    );
    const needsReplan = (await h.appendedEvents()).filter((e) => e.type === AppointmentNeedsReplanV1.type);
    expect(needsReplan.map((e) => e.aggregateid)).toEqual([booked.id]);
    // Taken back before the consumer read the event: the booking is no longer at risk.
    const removed = await h.get(RemoveClosureUseCase).execute({ ...base, closureId: closure.id });
    expect(removed.unflaggedAppointments.map((a) => a.appointmentId)).toEqual([booked.id]);
    await h.appendedEvents();

    const consumer = h.get(SchedulingReactionsConsumer);
    await h.deliver(needsReplan[0] as unknown as EventOf<typeof AppointmentNeedsReplanV1>, (e, ctx) =>
      consumer.onNeedsReplan(e, ctx),
    );
    expect((await h.appendedEvents()).filter((e) => e.type === ReplanProposedV1.type)).toEqual([]);
    expect((await h.get(ReplansQuery).day(center.organisationId, center.location.id, day)).proposals).toEqual([]);
    expect((await row(booked.id)).at_risk_since).toBeNull();
  });

  it('taking a closure back keeps at risk an appointment whose nurse no longer fits it, though the re-plan found no place for it (no open proposal)', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(1).withNurses(1).staffedOn(day).build(h.dataSource);
    const [nurse] = center.nurses;
    const booked = await book(center, '10:00');
    const base = { organisationId: center.organisationId, locationId: center.location.id, now: new Date() };
    await h.appendedEvents();
    // The only nurse loses the certification its therapy needs: flagged, and nowhere to move it.
    const updated = await h.get(UpdateNurseUseCase).execute({ ...base, nurseId: nurse!.id, certifications: [] });
    expect(updated.affectedAppointments.map((a) => a.appointmentId)).toEqual([booked.id]);
    const consumer = h.get(SchedulingReactionsConsumer);
    for (const event of (await h.appendedEvents()).filter((e) => e.type === AppointmentNeedsReplanV1.type))
      await h.deliver(event as unknown as EventOf<typeof AppointmentNeedsReplanV1>, (e, ctx) => consumer.onNeedsReplan(e, ctx));
    expect((await h.get(ReplansQuery).day(center.organisationId, center.location.id, day)).proposals).toEqual([]);

    // A closure over it, taken back: the nurse problem is still there, so it stays at risk.
    const closure = await created(
      h.get(AddClosureUseCase).execute({ ...base, date: day, from: '09:00', to: '12:00', reason: 'drill' }),
    );
    const removed = await h.get(RemoveClosureUseCase).execute({ ...base, closureId: closure.id });
    expect(removed.unflaggedAppointments).toEqual([]);
    expect((await row(booked.id)).at_risk_since).not.toBeNull();
  });
});
