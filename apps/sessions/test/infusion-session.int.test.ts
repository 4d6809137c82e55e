import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { AppointmentCancelledV1, buildEvent, EVENT_CATALOG, personalDataFields, Topics } from '@chairside/contracts';
import {
  call,
  CenterFixture,
  produceRaw,
  readTopicUntil,
  testKafka,
  testRunId,
  tokenFor,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
  useOwnTopics,
  startOnOwnDatabase,
  stopAndDrop,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'America/Chicago';

describe('an infusion across services, over real Kafka: booked in scheduling, run in sessions, ended back in scheduling', () => {
  const restoreTopics = useOwnTopics('infusion');
  afterAll(restoreTopics);
  const runId = testRunId('infusion');
  let schedulingDb: TestDatabase;
  let sessionsDb: TestDatabase;
  let scheduling: ServiceProcess;
  let sessions: ServiceProcess;
  const day = DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf('day');

  beforeAll(async () => {
    [{ db: schedulingDb, service: scheduling }, { db: sessionsDb, service: sessions }] = await Promise.all([
      startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
      startOnOwnDatabase({
        service: 'sessions',
        runId,
        dataSourceOptions: sessionsDataSourceOptions,
        env: { SESSION_WATCH_INTERVAL_MS: '500' },
      }),
    ]);
  });
  afterAll(() => Promise.all([stopAndDrop(scheduling, schedulingDb), stopAndDrop(sessions, sessionsDb)]));

  it('books, checks in, starts, records vitals, pauses for a grade 2 reaction, resumes at 50%, completes and discharges; scheduling sees the actual end; no personal data on the stream', async () => {
    const center = await new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 2,
      nurses: 1,
      capacity: 4,
      name: `Infusion ${randomUUID().slice(0, 8)}`,
    });
    // The center's own nurse, limited to it.
    const nurse = tokenFor(['nurse'], [center.locationId]);
    const patient = await center.post('/patients', {
      givenName: 'Marisol',
      familyName: 'Quintanilla-Test',
      dateOfBirth: '1961-04-17',
      phone: '+13125550187',
      email: 'marisol.q@example.test',
      preferredLanguage: 'es',
    });
    const booked = await center.post(`/locations/${center.locationId}/appointments`, {
      patientId: patient.id,
      therapyCode: 'immune_globulin',
      startsAt: center.at(9),
      durationMinutes: 120,
    });
    const sessionUrl = `${sessions.url}/locations/${center.locationId}/sessions/${booked.id}`;
    const step = async (path: string, body: Record<string, unknown> = {}, expected = 200) => {
      const response = await call('POST', `${sessionUrl}/${path}`, { token: nurse, body });
      if (response.status !== expected) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };

    // The session appears on the day board, built from the booking event.
    const board = await waitFor(
      async () => {
        const r = await call('GET', `${sessions.url}/locations/${center.locationId}/board?date=${day.toISODate()}`, {
          token: nurse,
        });
        return r.status === 200 && r.body.sessions.some((s: { appointmentId: string }) => s.appointmentId === booked.id)
          ? r.body
          : undefined;
      },
      { what: 'the session on the day board', timeoutMs: 60_000 },
    );
    expect(board).toMatchObject({
      timeZone: ZONE,
      date: day.toISODate(),
      chairs: expect.arrayContaining([expect.objectContaining({ label: 'Chair 1' })]),
    });
    expect(board.sessions.find((s: { appointmentId: string }) => s.appointmentId === booked.id)).toMatchObject({
      status: 'expected',
      chairId: booked.chairId,
      plannedStartsAt: booked.startsAt,
      allowedNext: ['check-in', 'drug-ready', 'cancel', 'no-show'],
    });

    expect((await step('check-in')).status).toBe('arrived');
    // A cancellation that arrives after check-in is rejected and reported, not applied.
    const lateCancel = buildEvent(
      AppointmentCancelledV1,
      {
        appointmentId: booked.id,
        locationId: center.locationId,
        patientId: patient.id,
        therapyCode: 'immune_globulin',
        chairId: booked.chairId,
        nurseId: booked.nurseId,
        startsAt: booked.startsAt,
        endsAt: booked.endsAt,
        timeZone: ZONE,
        localStart: center.at(9).slice(0, 19),
        reason: 'patient_request',
        cancelledAt: new Date().toISOString(),
        lateCancellation: true,
      },
      { aggregateId: booked.id, aggregateSequence: 99, correlationId: randomUUID(), locationId: center.locationId },
    );
    await produceRaw(testKafka(), Topics.schedulingAppointments.name, [{ key: booked.id, value: JSON.stringify(lateCancel) }]);

    await step('seat');
    const tooEarly = await call('POST', `${sessionUrl}/start`, { token: nurse, body: {} });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body).toMatchObject({
      type: '/problems/invalid-transition',
      sessionStatus: 'in_chair',
      allowed: ['establish-access', 'drug-ready', 'stop', 'record-vitals', 'record-reaction', 'record-medication'],
    });
    await step('access', { route: 'iv', site: 'left forearm', attempts: 2, numbingSprayUsed: true });
    await step('drug-ready');
    const started = await step('start', { rateMlPerHour: 100 });
    expect(started).toMatchObject({ status: 'infusing', nextVitalsDueAt: expect.any(String) });

    const vitals = await call('POST', `${sessionUrl}/vitals`, {
      token: nurse,
      body: { systolic: 122, diastolic: 78, heartRate: 74, respiratoryRate: 14, temperatureC: 36.7, spo2: 98, pain: 1 },
    });
    expect(vitals.status).toBe(201);
    expect(vitals.body.observations.find((o: { measure: string }) => o.measure === 'heartRate')).toMatchObject({
      loinc: '8867-4',
      value: 74,
    });
    expect(vitals.body.findings).toEqual([]);
    const fever = await call('POST', `${sessionUrl}/vitals`, { token: nurse, body: { temperatureC: 38.6, heartRate: 112 } });
    expect(fever.body.findings).toEqual([expect.objectContaining({ measure: 'temperatureC', loinc: '8310-5', value: 38.6 })]);
    const impossible = await call('POST', `${sessionUrl}/vitals`, { token: nurse, body: { heartRate: 900 } });
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors).toEqual([{ field: 'heartRate', reason: 'must be between 20 and 250 /min' }]);

    const reaction = await step('reactions', {
      kind: 'infusion_reaction',
      grade: 2,
      actions: ['paused', 'medication_given'],
      outcome: 'resolved',
    });
    expect(reaction).toMatchObject({
      status: 'paused',
      highestReactionGrade: 2,
      pauseReason: 'infusion reaction, CTCAE grade 2',
    });
    expect(await step('resume', { ratePercent: 50 })).toMatchObject({ status: 'infusing', ratePercent: 50 });
    expect((await step('complete')).status).toBe('observation');
    const discharged = await step('discharge', { instructions: 'Call the center if a rash appears.' });
    // Immune globulin usually allows driving, but not after a grade 2 reaction.
    expect(discharged).toMatchObject({ status: 'discharged', allowedNext: [] });

    const full = await call('GET', sessionUrl, { token: nurse });
    expect(full.body.steps.map((s: { kind: string }) => s.kind)).toEqual([
      'check-in',
      'seat',
      'establish-access',
      'drug-ready',
      'start',
      'record-reaction',
      'resume',
      'complete',
      'discharge',
    ]);
    expect(full.body.steps.every((s: { actor_id: string }) => s.actor_id.length > 0)).toBe(true);
    expect(full.body.vitals).toHaveLength(2);

    // Scheduling sees the actual end.
    const appointment = await waitFor(
      async () => {
        const r = await call('GET', `${scheduling.url}/locations/${center.locationId}/appointments/${booked.id}`, {
          token: center.admin,
        });
        return r.body.status === 'fulfilled' ? r.body : undefined;
      },
      { what: 'scheduling to record the actual end' },
    );
    expect(appointment.actualEndsAt).toBe(full.body.dischargedAt);

    // Every session event for this appointment, as an outside consumer reads it.
    const expectedTypes = [
      'checked-in',
      'event-rejected',
      'seated',
      'access-established',
      'drug-ready',
      'started',
      'out-of-range',
      'recorded',
      'paused',
      'resumed',
      'completed',
      'discharged',
      'ended-early',
    ];
    const messages = await readTopicUntil(testKafka(), Topics.sessions.name, (all) =>
      all.filter((m) => m.message.key?.toString() === booked.id).some((m) => m.value!.includes('.ended-early.')),
    );
    const mine = messages.filter((m) => m.message.key?.toString() === booked.id).map((m) => JSON.parse(m.value!));
    const types = mine.map((e) => e.type as string);
    for (const t of expectedTypes) expect(types.some((type) => type.includes(`.${t}.`))).toBe(true);
    expect(mine.find((e) => e.type.includes('.event-rejected.'))!.data).toMatchObject({
      rejectedEventId: lateCancel.id,
      rejectedEventType: AppointmentCancelledV1.type,
      reason: expect.stringContaining('cannot cancel'),
    });
    expect(mine.find((e) => e.type.includes('.discharged.'))!.data).toMatchObject({
      mayDrive: false,
      escortRequired: true,
      stoppedEarly: false,
      actualEndsAt: full.body.dischargedAt,
      // The nurse's words travel on this internal topic to the patient's discharge message (never to analytics).
      instructions: 'Call the center if a rash appears.',
    });
    for (const e of mine) {
      if (!e.type.includes('.discharged.')) expect(JSON.stringify(e)).not.toContain('rash');
      for (const personal of ['Marisol', 'Quintanilla', '1961-04-17', '5550187', 'example.test'])
        expect(JSON.stringify(e)).not.toContain(personal);
    }
    for (const definition of EVENT_CATALOG.filter((d) => d.topic === Topics.sessions))
      expect(personalDataFields(definition)).toEqual([]);
    // The board still has the session, discharged, and the chair free again.
    const after = await call('GET', `${sessions.url}/locations/${center.locationId}/board?date=${day.toISODate()}`, {
      token: nurse,
    });
    expect(after.body.chairs.find((c: { chairId: string }) => c.chairId === booked.chairId).occupiedBy).toBeNull();
  });
});
