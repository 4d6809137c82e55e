import { randomUUID } from 'node:crypto';
import {
  InfusionStartedV1,
  SessionAccessEstablishedV1,
  SessionCheckedInV1,
  SessionDrugReadyV1,
  SessionEventRejectedV1,
  SessionOverrunProjectedV1,
  SessionSeatedV1,
} from '@chairside/contracts';
import { created, type UseCaseHarness } from '@chairside/testing';
import { anExpectedSession, sessionsHarness } from '../../test/builders/index.js';
import { EndExpectedSessionUseCase } from '../appointment-intake/end-expected-session/end-expected-session.use-case.js';
import { ENDING_STEPS, MAX_SESSION_STEPS } from '../sessions/session-limits.js';
import { RecordSessionStepUseCase } from './record-session-step/record-session-step.use-case.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await sessionsHarness('session_lifecycle');
});
afterAll(() => h?.close());

const nurse = 'nurse-1';

describe('recording session steps (fast tier)', () => {
  it('checks a late patient in: arrived, one step in the log, checked-in with how late, and the overrun it projects', async () => {
    const { organisationId, locationId, session } = await anExpectedSession().startingIn(-12).build(h.dataSource);
    const now = new Date();
    const after = await created(
      h.get(RecordSessionStepUseCase).execute({
        appointmentId: session.appointmentId,
        command: { kind: 'check-in' },
        actorId: nurse,
        now,
        organisationId,
        locationId,
        expectedVersion: 1,
      }),
    );
    expect(after).toMatchObject({ status: 'arrived', version: 2, stepCount: 1 });
    const steps = (await h.dataSource.query(
      'SELECT seq, kind, from_status, to_status, actor_id FROM session_step WHERE session_id = $1',
      [session.appointmentId],
    )) as unknown[];
    expect(steps).toEqual([{ seq: 1, kind: 'check-in', from_status: 'expected', to_status: 'arrived', actor_id: nurse }]);
    const events = await h.appendedEvents();
    expect(events.map((e) => [e.type, e.aggregateid, e.aggregatesequence])).toEqual([
      [SessionCheckedInV1.type, session.appointmentId, 1],
      [SessionOverrunProjectedV1.type, session.appointmentId, 2],
    ]);
    expect(events[0]!.data).toMatchObject({ actorId: nurse, lateMinutes: 12, locationId });
    // Twelve minutes late, the whole stay still ahead: it ends about twelve minutes after the planned end.
    const projected = Date.parse(String(events[1]!.data.projectedEndsAt));
    expect(Math.round((projected - session.plannedEndsAt.getTime()) / 60_000)).toBe(12);
  });

  it('refuses a stale If-Match, a step the state does not allow, and another organisation, changing nothing', async () => {
    const { organisationId, locationId, session } = await anExpectedSession().build(h.dataSource);
    const steps = h.get(RecordSessionStepUseCase);
    const base = { appointmentId: session.appointmentId, actorId: nurse, now: new Date(), organisationId, locationId };
    await expect(steps.execute({ ...base, command: { kind: 'check-in' }, expectedVersion: 7 })).rejects.toMatchObject({
      problem: { status: 409, currentVersion: 1 },
    });
    await expect(steps.execute({ ...base, command: { kind: 'seat' } })).rejects.toMatchObject({
      problem: { status: 409, sessionStatus: 'expected', allowed: expect.arrayContaining(['check-in']) },
    });
    await expect(steps.execute({ ...base, organisationId: randomUUID(), command: { kind: 'check-in' } })).rejects.toMatchObject({
      problem: { status: 404 },
    });
    expect(await h.appendedEvents()).toEqual([]);
    const [row] = (await h.dataSource.query('SELECT status, version, step_count FROM session WHERE appointment_id = $1', [
      session.appointmentId,
    ])) as unknown[];
    expect(row).toEqual({ status: 'expected', version: 1, step_count: 0 });
  });

  it('takes a session from check-in to infusing, one event per step in aggregate order', async () => {
    const { organisationId, locationId, session } = await anExpectedSession().build(h.dataSource);
    const steps = h.get(RecordSessionStepUseCase);
    const base = { appointmentId: session.appointmentId, actorId: nurse, organisationId, locationId };
    await steps.execute({ ...base, now: new Date(), command: { kind: 'check-in' } });
    await steps.execute({ ...base, now: new Date(), command: { kind: 'seat' } });
    await steps.execute({ ...base, now: new Date(), command: { kind: 'drug-ready' } });
    await steps.execute({
      ...base,
      now: new Date(),
      command: { kind: 'establish-access', route: 'iv', site: 'left forearm', attempts: 1, numbingSprayUsed: false },
    });
    const started = await created(steps.execute({ ...base, now: new Date(), command: { kind: 'start', rateMlPerHour: 120 } }));
    expect(started).toMatchObject({ status: 'infusing', version: 6, stepCount: 5 });
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence])).toEqual([
      [SessionCheckedInV1.type, 1],
      [SessionSeatedV1.type, 2],
      [SessionDrugReadyV1.type, 3],
      [SessionAccessEstablishedV1.type, 4],
      [InfusionStartedV1.type, 5],
    ]);
  });

  it('refuses an ordinary step once the log is full (409 session-step-limit, nothing written), still takes the steps that end the visit', async () => {
    const { organisationId, locationId, session } = await anExpectedSession().build(h.dataSource);
    const steps = h.get(RecordSessionStepUseCase);
    const base = { appointmentId: session.appointmentId, actorId: nurse, organisationId, locationId };
    await steps.execute({ ...base, now: new Date(), command: { kind: 'check-in' } });
    await steps.execute({ ...base, now: new Date(), command: { kind: 'seat' } });
    await steps.execute({ ...base, now: new Date(), command: { kind: 'drug-ready' } });
    await steps.execute({
      ...base,
      now: new Date(),
      command: { kind: 'establish-access', route: 'iv', site: 'left forearm', attempts: 1, numbingSprayUsed: false },
    });
    await steps.execute({ ...base, now: new Date(), command: { kind: 'start' } });
    // The use case decides on the step count: the log made as long as ordinary steps may make it, less one.
    const ordinaryRoom = MAX_SESSION_STEPS - ENDING_STEPS.length;
    await h.dataSource.query('UPDATE session SET step_count = $2 WHERE appointment_id = $1', [
      session.appointmentId,
      ordinaryRoom - 1,
    ]);
    await steps.execute({ ...base, now: new Date(), command: { kind: 'pause', reason: 'line occluded' } });
    const eventsOfSession = async () => (await h.allEvents()).filter((e) => e.aggregateid === session.appointmentId).length;
    const before = await eventsOfSession();
    await expect(
      steps.execute({ ...base, now: new Date(), command: { kind: 'resume', ratePercent: 100 } }),
    ).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/session-step-limit', limit: MAX_SESSION_STEPS, stepCount: ordinaryRoom },
    });
    expect(await eventsOfSession()).toBe(before);
    await steps.execute({ ...base, now: new Date(), command: { kind: 'stop', reason: 'line occluded' } });
    const ended = await created(
      steps.execute({
        ...base,
        now: new Date(),
        command: { kind: 'discharge', mayDrive: false, escortRequired: true },
      }),
    );
    expect(ended).toMatchObject({ status: 'discharged', stepCount: ordinaryRoom + 2 });
    const rows = (await h.dataSource.query('SELECT kind FROM session_step WHERE session_id = $1 ORDER BY seq', [
      session.appointmentId,
    ])) as Array<{ kind: string }>;
    expect(rows.map((r) => r.kind)).toEqual([
      'check-in',
      'seat',
      'drug-ready',
      'establish-access',
      'start',
      'pause',
      'stop',
      'discharge',
    ]);
    // Read, so the next test's appendedEvents are its own.
    await h.appendedEvents();
  });

  it('reports a cancellation that arrives after check-in instead of applying it', async () => {
    const { organisationId, locationId, session } = await anExpectedSession().build(h.dataSource);
    await h.get(RecordSessionStepUseCase).execute({
      appointmentId: session.appointmentId,
      command: { kind: 'check-in' },
      actorId: nurse,
      now: new Date(),
      organisationId,
      locationId,
    });
    await h.appendedEvents();
    const eventId = randomUUID();
    // As the inbox handler runs it: inside the caller's transaction.
    await h.inTransaction((tx) =>
      h.get(EndExpectedSessionUseCase).inTransaction(tx, {
        appointmentId: session.appointmentId,
        kind: 'cancel',
        eventId,
        eventType: 'chairside.scheduling.appointment.cancelled.v1',
        at: new Date(),
      }),
    );
    const events = await h.appendedEvents();
    expect(events.map((e) => [e.type, e.aggregatesequence])).toEqual([[SessionEventRejectedV1.type, 2]]);
    expect(events[0]!.data).toMatchObject({ rejectedEventId: eventId, sessionStatus: 'arrived' });
    const [row] = (await h.dataSource.query('SELECT status FROM session WHERE appointment_id = $1', [
      session.appointmentId,
    ])) as unknown[];
    expect(row).toEqual({ status: 'arrived' });
  });
});
