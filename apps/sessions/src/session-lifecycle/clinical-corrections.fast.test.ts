import { randomUUID } from 'node:crypto';
import {
  MedicationAdministeredV1,
  ReactionRecordedV1,
  SessionStepEnteredInErrorV1,
  SevereReactionV1,
  VitalsEnteredInErrorV1,
} from '@chairside/contracts';
import { MINUTE } from '@chairside/domain';
import { created, type UseCaseHarness } from '@chairside/testing';
import { anExpectedSession, type BuiltSession, sessionsHarness } from '../../test/builders/index.js';
import { EnterVitalsInErrorUseCase } from '../vitals/enter-vitals-in-error/enter-vitals-in-error.use-case.js';
import { RecordVitalsUseCase } from '../vitals/record-vitals/record-vitals.use-case.js';
import { EnterStepInErrorUseCase } from './enter-step-in-error/enter-step-in-error.use-case.js';
import { RecordSessionStepUseCase } from './record-session-step/record-session-step.use-case.js';
import type { SessionCommand } from './session-machine.js';
import { UndoCheckInUseCase } from './undo-check-in/undo-check-in.use-case.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await sessionsHarness('clinical_corrections');
});
afterAll(() => h?.close());

const nurse = 'nurse-1';
const charge = 'charge-nurse-2';

async function steps(built: BuiltSession, ...commands: SessionCommand[]) {
  const { organisationId, locationId, session } = built;
  for (const command of commands)
    await h.get(RecordSessionStepUseCase).execute({
      appointmentId: session.appointmentId,
      command,
      actorId: nurse,
      now: new Date(),
      organisationId,
      locationId,
    });
}

const access: SessionCommand = { kind: 'establish-access', route: 'iv', site: 'port', attempts: 1, numbingSprayUsed: false };

async function sessionRow(id: string) {
  const [row] = (await h.dataSource.query(
    'SELECT status, version, step_count, last_vitals_at FROM session WHERE appointment_id = $1',
    [id],
  )) as Array<{ status: string; version: number; step_count: number; last_vitals_at: Date | null }>;
  return row!;
}

describe('clinical corrections and documentation (fast tier)', () => {
  it('undoes a check-in: the session is expected again, the step kept and marked, one event; a second undo is refused', async () => {
    const built = await anExpectedSession().build(h.dataSource);
    const { organisationId, locationId, session } = built;
    await steps(built, { kind: 'check-in' });
    await h.appendedEvents();
    const base = { organisationId, locationId, appointmentId: session.appointmentId, actorId: charge };
    const undone = await h
      .get(UndoCheckInUseCase)
      .execute({ ...base, reason: 'checked in the wrong patient', now: new Date(), expectedVersion: 2 });
    expect(undone).toMatchObject({ status: 'expected', version: 3 });
    expect(undone.state.arrivedAt).toBeUndefined();
    const log = (await h.dataSource.query(
      `SELECT st.seq, st.kind, e.reason, e.actor_id FROM session_step st JOIN session_step_error e USING (session_id, seq) WHERE st.session_id = $1`,
      [session.appointmentId],
    )) as unknown[];
    expect(log).toEqual([{ seq: 1, kind: 'check-in', reason: 'checked in the wrong patient', actor_id: charge }]);
    const events = await h.appendedEvents();
    expect(events.map((e) => [e.type, e.aggregatesequence])).toEqual([[SessionStepEnteredInErrorV1.type, 2]]);
    expect(events[0]!.data).toMatchObject({ seq: 1, stepKind: 'check-in', sessionStatus: 'expected', actorId: charge });

    await expect(h.get(UndoCheckInUseCase).execute({ ...base, reason: 'again', now: new Date() })).rejects.toMatchObject({
      problem: { status: 409 },
    });
    // The right patient checks in later: a new step after the corrected one.
    await steps(built, { kind: 'check-in' });
    expect(await sessionRow(session.appointmentId)).toMatchObject({ status: 'arrived', step_count: 2 });
  });

  it('refuses to undo a check-in once the patient is seated, naming the step that depends on it, and changes nothing', async () => {
    const built = await anExpectedSession().build(h.dataSource);
    await steps(built, { kind: 'check-in' }, { kind: 'seat' });
    await h.appendedEvents();
    const { organisationId, locationId, session } = built;
    await expect(
      h.get(UndoCheckInUseCase).execute({
        organisationId,
        locationId,
        appointmentId: session.appointmentId,
        actorId: charge,
        reason: 'wrong patient',
        now: new Date(),
      }),
    ).rejects.toMatchObject({ problem: { status: 409, dependentSeq: 2, dependentKind: 'seat' } });
    expect(await sessionRow(session.appointmentId)).toMatchObject({ status: 'in_chair', version: 3 });
    expect(await h.appendedEvents()).toEqual([]);
    // Another organisation, or another location of the same, sees no session.
    for (const other of [
      { organisationId: randomUUID(), locationId },
      { organisationId, locationId: randomUUID() },
    ])
      await expect(
        h.get(EnterStepInErrorUseCase).execute({
          ...other,
          appointmentId: session.appointmentId,
          step: { seq: 2 },
          actorId: charge,
          reason: 'x',
          now: new Date(),
        }),
      ).rejects.toMatchObject({ problem: { status: 404 } });
  });

  it('enters a wrong infusion start in error: back in the chair with access kept, and the start may be recorded again', async () => {
    const built = await anExpectedSession().build(h.dataSource);
    await steps(built, { kind: 'check-in' }, { kind: 'seat' }, access, { kind: 'start' });
    await h.appendedEvents();
    const { organisationId, locationId, session } = built;
    const corrected = await h.get(EnterStepInErrorUseCase).execute({
      organisationId,
      locationId,
      appointmentId: session.appointmentId,
      step: { seq: 4 },
      actorId: nurse,
      reason: 'pressed start on the wrong chair',
      now: new Date(),
    });
    expect(corrected).toMatchObject({ status: 'in_chair', state: { access: { site: 'port' } } });
    expect(corrected.state.startedAt).toBeUndefined();
    expect((await h.appendedEvents())[0]!.data).toMatchObject({ stepKind: 'start', sessionStatus: 'in_chair' });
    await expect(
      h.get(EnterStepInErrorUseCase).execute({
        organisationId,
        locationId,
        appointmentId: session.appointmentId,
        step: { seq: 4 },
        actorId: nurse,
        reason: 'twice',
        now: new Date(),
      }),
    ).rejects.toMatchObject({ problem: { status: 409, type: '/problems/already-entered-in-error' } });
    await steps(built, { kind: 'start' });
    expect(await sessionRow(session.appointmentId)).toMatchObject({ status: 'infusing' });
  });

  it('enters vital signs in error: kept, no longer the last taken, an event; twice or from elsewhere refused', async () => {
    const built = await anExpectedSession().build(h.dataSource);
    await steps(built, { kind: 'check-in' });
    const { organisationId, locationId, session } = built;
    const vitals = h.get(RecordVitalsUseCase);
    const base = { organisationId, locationId, appointmentId: session.appointmentId, actorId: nurse };
    const first = await created(
      vitals.execute({
        ...base,
        values: { heartRate: 72 },
        now: new Date(),
        deviceTime: new Date(Date.now() - 10 * MINUTE),
      }),
    );
    const wrong = await created(
      vitals.execute({
        ...base,
        values: { heartRate: 180, systolic: 200, diastolic: 120 },
        now: new Date(),
      }),
    );
    await h.appendedEvents();
    const correction = await h
      .get(EnterVitalsInErrorUseCase)
      .execute({ ...base, vitalsId: wrong.id, reason: 'cuff on the wrong patient', now: new Date() });
    expect(correction).toMatchObject({ status: 'entered-in-error', lastVitalsAt: first.takenAt, patientId: session.patientId });
    expect((await sessionRow(session.appointmentId)).last_vitals_at?.toISOString()).toBe(first.takenAt);
    const [kept] = (await h.dataSource.query('SELECT "values" FROM vital_signs WHERE id = $1', [wrong.id])) as unknown[];
    expect(kept).toEqual({ values: { heartRate: 180, systolic: 200, diastolic: 120 } });
    const events = await h.appendedEvents();
    expect(events.map((e) => e.type)).toEqual([VitalsEnteredInErrorV1.type]);
    expect(events[0]!.data).toMatchObject({
      vitalsId: wrong.id,
      reason: 'cuff on the wrong patient',
      lastVitalsAt: first.takenAt,
    });

    await expect(
      h.get(EnterVitalsInErrorUseCase).execute({ ...base, vitalsId: wrong.id, reason: 'again', now: new Date() }),
    ).rejects.toMatchObject({ problem: { status: 409 } });
    await expect(
      h
        .get(EnterVitalsInErrorUseCase)
        .execute({ ...base, organisationId: randomUUID(), vitalsId: first.id, reason: 'x', now: new Date() }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    const other = await anExpectedSession().atLocation(organisationId, locationId).build(h.dataSource);
    await expect(
      h.get(EnterVitalsInErrorUseCase).execute({
        ...base,
        appointmentId: other.session.appointmentId,
        vitalsId: first.id,
        reason: 'another session',
        now: new Date(),
      }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    // The last remaining set entered in error: no vitals count any more.
    const none = await h
      .get(EnterVitalsInErrorUseCase)
      .execute({ ...base, vitalsId: first.id, reason: 'wrong patient too', now: new Date() });
    expect(none.lastVitalsAt).toBeNull();
  });

  it('records a medication given, published with dose, unit, volume, route and lot; a wrong entry is entered in error', async () => {
    const built = await anExpectedSession().build(h.dataSource);
    await steps(built, { kind: 'check-in' }, { kind: 'seat' }, access);
    await h.appendedEvents();
    const medicationId = randomUUID();
    const administeredAt = new Date(Date.now() - 3 * MINUTE).toISOString();
    await steps(built, {
      kind: 'record-medication',
      medicationId,
      drug: 'diphenhydramine',
      dose: 25,
      doseUnit: 'mg',
      volumeMl: 0.5,
      route: 'iv',
      lot: 'DPH-2291/A',
      administeredAt,
    });
    const [given] = await h.appendedEvents();
    expect(given).toMatchObject({
      type: MedicationAdministeredV1.type,
      data: {
        medicationId,
        drug: 'diphenhydramine',
        dose: 25,
        doseUnit: 'mg',
        volumeMl: 0.5,
        route: 'iv',
        lot: 'DPH-2291/A',
        administeredAt,
      },
    });
    const { organisationId, locationId, session } = built;
    const after = await h.get(EnterStepInErrorUseCase).execute({
      organisationId,
      locationId,
      appointmentId: session.appointmentId,
      step: { seq: 4 },
      actorId: nurse,
      reason: 'documented on the wrong patient',
      now: new Date(),
    });
    expect(after.status).toBe('in_chair');
    const [corrected] = await h.appendedEvents();
    expect(corrected!.data).toMatchObject({ stepKind: 'record-medication', medicationId, sessionStatus: 'in_chair' });
  });

  it('refuses a grade 4 reaction that continues the infusion without an override (400 naming override); with one, records who and why', async () => {
    const built = await anExpectedSession().build(h.dataSource);
    await steps(built, { kind: 'check-in' }, { kind: 'seat' }, access, { kind: 'start' });
    await h.appendedEvents();
    const reaction: SessionCommand = {
      kind: 'record-reaction',
      reactionId: randomUUID(),
      reaction: 'anaphylaxis',
      grade: 4,
      actions: ['medication_given'],
      outcome: 'resolving',
    };
    await expect(steps(built, reaction)).rejects.toMatchObject({
      problem: { status: 400, errors: [{ field: 'override', reason: expect.stringContaining('grade 4') }] },
    });
    expect(await sessionRow(built.session.appointmentId)).toMatchObject({ status: 'infusing', version: 5 });
    expect(await h.appendedEvents()).toEqual([]);

    const override = { authorisedBy: 'Dr. A. Okafor', reason: 'resolved after epinephrine, benefit outweighs risk' };
    await steps(built, { ...reaction, override });
    expect(await sessionRow(built.session.appointmentId)).toMatchObject({ status: 'infusing' });
    const events = await h.appendedEvents();
    expect(events.map((e) => e.type)).toEqual([ReactionRecordedV1.type, SevereReactionV1.type]);
    expect(events[1]!.data).toMatchObject({ ctcaeGrade: 4, protocolAction: 'stop', override, actorId: nurse });
  });
});
