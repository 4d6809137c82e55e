import { randomUUID } from 'node:crypto';
import { SessionOverrunProjectedV1 } from '@chairside/contracts';
import { anEvent, type UseCaseHarness } from '@chairside/testing';
import type { QueryRunner } from 'typeorm';
import { aLocation, aPatient, at, type BuiltCenter, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import type { Appointment } from '../appointments/appointment.entity.js';
import { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import { MarkArrivedUseCase } from '../appointments/mark-arrived/mark-arrived.use-case.js';
import { SchedulingReactionsConsumer } from '../reactions/scheduling-reactions.consumer.js';
import { ApplyReplansUseCase } from './apply-replans/apply-replans.use-case.js';
import { ProposeReplansUseCase } from './propose-replans/propose-replans.use-case.js';
import { ReplansQuery } from './replans.query.js';

/**
 * The re-plan paths take their locks in one order, the location's re-plan lock first
 * (replan-lock.ts), on real PostgreSQL: two use cases run at once on the same appointment, lined
 * up behind a third connection that holds its row, so that once it lets go they meet in the order
 * that deadlocked when one path took the appointment's row before the re-plan lock. Before the fix
 * one of the two failed after deadlock_timeout with 40P01 "deadlock detected"; now they run one
 * after the other and both end as they would alone.
 */
const ZONE = 'Europe/Madrid';
let h: UseCaseHarness;
let day: string;

beforeAll(async () => {
  h = await schedulingHarness('replan_lock_order');
  day = localDayAhead(ZONE, 5);
});
afterAll(() => h?.close());

async function book(center: BuiltCenter, hhmm: string): Promise<Appointment> {
  const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
  const outcome = await h.get(BookAppointmentUseCase).execute({
    organisationId: center.organisationId,
    locationId: center.location.id,
    patientId: patient.id,
    therapyCode: 'hydration',
    startsAt: at(ZONE, day, hhmm),
    now: new Date(),
  });
  return outcome.body as Appointment;
}

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

/** A third connection holding the appointment's row, so that what comes next queues behind it. */
async function holdRow(appointmentId: string): Promise<QueryRunner> {
  const runner = h.dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query('SELECT id FROM appointment WHERE id = $1 FOR UPDATE', [appointmentId]);
  return runner;
}

/** Waits until `n` sessions of this test's database wait for a lock. */
async function waiting(n: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [{ count }] = (await h.dataSource.query(
      `SELECT count(DISTINCT l.pid)::int AS count FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
        WHERE NOT l.granted AND s.datname = current_database()`,
    )) as [{ count: number }];
    if (count >= n) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`fewer than ${n} sessions ever waited for a lock`);
}

/** The promise's outcome, without an unhandled rejection while the test still waits for something else. */
const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('re-plan lock order (fast tier, real PostgreSQL)', () => {
  it('an overrun and a proposal for the appointment it puts at risk, at once: no deadlock, both commit', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(2).withNurses(2).staffedOn(day).build(h.dataSource);
    const running = await book(center, '09:00');
    const next = await book(center, '10:10');
    expect(next.chairId).toBe(running.chairId);
    await h.get(MarkArrivedUseCase).execute({ appointmentId: running.id, arrivedAt: new Date() });
    const consumer = h.get(SchedulingReactionsConsumer);

    const blocker = await holdRow(next.id);
    // The overrun first: it would lock `next` (marking it at risk) and then take the re-plan lock.
    const overran = settle(h.deliver(overrun(running, '10:40'), (e, ctx) => consumer.onOverrun(e, ctx)));
    await waiting(1);
    // A proposal for `next` (a sick call's, say): the re-plan lock, then `next`'s row.
    const proposed = settle(
      h.get(ProposeReplansUseCase).execute({
        locationId: center.location.id,
        appointmentIds: [next.id],
        cause: 'nurse_shift_removed',
        causeId: randomUUID(),
        now: new Date(),
      }),
    );
    await waiting(2);
    await blocker.rollbackTransaction();
    await blocker.release();

    expect(await overran).not.toHaveProperty('error');
    expect(await proposed).not.toHaveProperty('error');
    // The later one superseded the overrun's: one open proposal for `next`.
    const { proposals } = await h.get(ReplansQuery).day(center.organisationId, center.location.id, day);
    expect(proposals.map((p) => [p.appointmentId, p.cause])).toEqual([[next.id, 'nurse_shift_removed']]);
  });

  it('applying a proposal while a new one is made for its appointment: no deadlock; the apply is stale (409), the new one stands', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(2).withNurses(2).staffedOn(day).build(h.dataSource);
    const running = await book(center, '09:00');
    const next = await book(center, '10:10');
    await h.get(MarkArrivedUseCase).execute({ appointmentId: running.id, arrivedAt: new Date() });
    const consumer = h.get(SchedulingReactionsConsumer);
    await h.deliver(overrun(running, '10:40'), (e, ctx) => consumer.onOverrun(e, ctx));
    const [proposal] = (await h.get(ReplansQuery).day(center.organisationId, center.location.id, day)).proposals;
    expect(proposal).toMatchObject({ appointmentId: next.id });

    const blocker = await holdRow(next.id);
    // A new proposal for `next`: it would lock `next`, then supersede the open proposal's row.
    const proposed = settle(
      h.get(ProposeReplansUseCase).execute({
        locationId: center.location.id,
        appointmentIds: [next.id],
        cause: 'nurse_shift_removed',
        causeId: randomUUID(),
        now: new Date(),
      }),
    );
    await waiting(1);
    // The charge nurse applies the open one: it would lock the proposal's row, then `next`'s.
    const applied = settle(
      h.get(ApplyReplansUseCase).execute({
        organisationId: center.organisationId,
        locationId: center.location.id,
        proposals: [{ proposalId: proposal!.proposalId, version: proposal!.version }],
        actorId: 'charge-nurse-1',
        now: new Date(),
      }),
    );
    await waiting(2);
    await blocker.rollbackTransaction();
    await blocker.release();

    expect(await proposed).not.toHaveProperty('error');
    expect(await applied).toMatchObject({ error: { problem: { status: 409, type: '/problems/replan-stale' } } });
    const { proposals } = await h.get(ReplansQuery).day(center.organisationId, center.location.id, day);
    expect(proposals.map((p) => [p.appointmentId, p.cause])).toEqual([[next.id, 'nurse_shift_removed']]);
  });
});
