import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  call,
  CenterFixture,
  startOnOwnDatabase,
  stopAndDrop,
  testRunId,
  tokenFor,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'Europe/Madrid';

interface Dose {
  dose: number;
  state: string;
  appointmentId: string | null;
  startsAt: string | null;
}

describe("treatment plans over HTTP: each dose's state, rescheduling the remaining doses all or none, cancelling, and the organisation's own therapy, as a scheduler of one location", () => {
  const runId = testRunId('plans');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  let other: CenterFixture;
  let therapyId: string;
  const day = DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf('day');
  const when = (days: number, hour: number) => day.plus({ days }).set({ hour }).toUTC().toISO({ suppressMilliseconds: false })!;

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
    }));
    other = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 1, nurses: 1, capacity: 4, name: 'Plans B' });
    // Defining a therapy is an act of the whole organisation (POST /organisation-therapies is organisation-wide).
    const defined = await call('POST', `${scheduling.url}/organisation-therapies`, {
      token: other.organisationAdmin,
      body: {
        code: `ocre-${randomUUID().slice(0, 8)}`,
        name: 'Ocrelizumab short infusion',
        countedAs: 'iron',
        defaultDurationMinutes: 60,
        minDurationMinutes: 30,
        maxDurationMinutes: 120,
        routes: ['iv'],
        chairKinds: ['recliner'],
        certification: 'infusion',
        pharmacyLeadMinutes: 60,
        observationMinutes: 30,
        turnoverMinutes: 10,
        vitals: { firstHourEveryMinutes: 15, thenEveryMinutes: 30 },
        preparation: {
          fasting: false,
          labsDayBefore: true,
          premedication: true,
          hydration: true,
          bringCompanion: true,
          mayDrive: false,
        },
      },
    });
    expect(defined.status).toBe(201);
    therapyId = defined.body.id;
  });
  afterAll(() => stopAndDrop(scheduling, db));

  /** One chair, one nurse working the given days (offsets from `day`), 07:00–17:00; and a scheduler of this location only. */
  const center = async (staffedDays: number[]) => {
    const c = await new CenterFixture(scheduling.url, ZONE, day.plus({ days: staffedDays[0]! })).create({
      chairs: 1,
      nurses: 1,
      capacity: 4,
      name: `Plans ${randomUUID().slice(0, 8)}`,
    });
    const [nurse] = await db.query<{ id: string }>('SELECT id FROM nurse WHERE location_id = $1', [c.locationId]);
    for (const offset of staffedDays.slice(1))
      await c.post(`/locations/${c.locationId}/nurses/${nurse!.id}/shifts`, {
        startsAt: day.plus({ days: offset }).set({ hour: 7 }).toISO(),
        endsAt: day.plus({ days: offset }).set({ hour: 17 }).toISO(),
      });
    const scheduler = tokenFor(['scheduler'], [c.locationId]);
    const at = (path: string) => `${scheduling.url}/locations/${c.locationId}${path}`;
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      call('POST', at(path), { token: scheduler, body, headers });
    const get = (path: string) => call('GET', at(path), { token: scheduler });
    const patient = async (familyName: string) =>
      (
        await call('POST', `${scheduling.url}/patients`, {
          token: scheduler,
          body: { givenName: 'Plan', familyName, dateOfBirth: '1961-03-04', locationId: c.locationId },
        })
      ).body.id as string;
    return { c, scheduler, post, get, patient };
  };

  const outbox = (type: string) =>
    db
      .query<{ payload: string }>(`SELECT payload FROM outbox WHERE event_type = $1 ORDER BY position`, [
        `chairside.scheduling.${type}.v1`,
      ])
      .then((rows) => rows.map((r) => JSON.parse(r.payload).data));

  it("shows each dose's state and moves every remaining dose, or none with the dose that cannot go named", async () => {
    const { c, post, get, patient } = await center([0, 1, 7, 8, 14, 15]);
    const patientId = await patient('Series');
    const body = { patientId, therapyId, doses: 4, intervalDays: 7, firstStartsAt: when(0, 9), toleranceDays: 0 };
    const key = `plan-${randomUUID()}`;
    const booked = await post('/treatment-plans', body, { 'idempotency-key': key });
    expect(booked.status).toBe(201);
    expect(booked.headers.get('etag')).toBe('"1"');
    // A retry with the same key books nothing twice.
    const replay = await post('/treatment-plans', body, { 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(booked.body);
    expect(
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM treatment_plan WHERE patient_id = $1', [patientId]))[0]!.n,
    ).toBe(1);
    const plan = booked.body;
    // The organisation's own therapy, counted as iron; the fourth dose falls on a day nobody works.
    expect(plan).toMatchObject({ therapyId, therapyCode: 'iron', status: 'active', version: 1 });
    expect(plan.series.map((d: Dose) => [d.dose, d.state])).toEqual([
      [1, 'booked'],
      [2, 'booked'],
      [3, 'booked'],
      [4, 'pending'],
    ]);
    expect(plan.series[3].reason).toMatch(/nurse/);
    const [dose1, dose2, dose3] = plan.series as Dose[];
    expect(
      (await db.query<{ therapy_id: string }>('SELECT therapy_id FROM appointment WHERE id = $1', [dose1!.appointmentId]))[0]!
        .therapy_id,
    ).toBe(therapyId);

    // The front desk confirms dose 2 and cancels dose 3 by hand.
    expect((await post(`/appointments/${dose2!.appointmentId}/confirm`, {})).status).toBe(200);
    expect((await post(`/appointments/${dose3!.appointmentId}/cancel`, { reason: 'patient_request' })).status).toBe(200);
    const states = await get(`/treatment-plans/${plan.id}`);
    expect(states.status).toBe(200);
    expect(states.headers.get('etag')).toBe('"1"');
    expect(states.body.series.map((d: Dose) => [d.dose, d.state])).toEqual([
      [1, 'booked'],
      [2, 'confirmed'],
      [3, 'cancelled'],
      [4, 'pending'],
    ]);

    const reschedule = (b: unknown, headers: Record<string, string> = {}) =>
      post(`/treatment-plans/${plan.id}/reschedule`, b, headers);
    // Bounds first: each a 400 naming the field, nothing read or written.
    for (const [bad, field] of [
      [{ firstStartsAt: '+010000-01-01T09:00:00Z' }, 'firstStartsAt'],
      [{ firstStartsAt: '10000-01-01T09:00:00Z' }, 'firstStartsAt'],
      [{ firstStartsAt: '2020-01-01T09:00:00Z' }, 'firstStartsAt'],
      [{ firstStartsAt: 'tomorrow' }, 'firstStartsAt'],
      [{ firstStartsAt: when(1, 10), intervalDays: 0 }, 'intervalDays'],
      [{ firstStartsAt: when(1, 10), intervalDays: 366 }, 'intervalDays'],
    ] as const) {
      const refused = await reschedule(bad);
      expect([refused.status, refused.body.errors?.map((e: { field: string }) => e.field)]).toEqual([400, [field]]);
    }
    // Another location's plan route: this scheduler has no grant there.
    const elsewhere = await call(
      'POST',
      `${scheduling.url}/locations/${other.locationId}/treatment-plans/${plan.id}/reschedule`,
      {
        token: tokenFor(['scheduler'], [c.locationId]),
        body: { firstStartsAt: when(1, 10) },
      },
    );
    expect(elsewhere.status).toBe(403);
    expect((await reschedule({ firstStartsAt: when(1, 10) }, { 'if-match': '"7"' })).body).toMatchObject({
      status: 409,
      type: '/problems/version-mismatch',
    });

    // Someone else takes the only chair where dose 2 would go: nothing moves, and the 409 says which dose.
    const blocker = await post('/appointments', {
      patientId: await patient('Blocker'),
      therapyCode: 'iron',
      startsAt: when(8, 10),
    });
    expect(blocker.status).toBe(201);
    const taken = await reschedule({ firstStartsAt: when(1, 10) }, { 'if-match': '"1"' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ type: '/problems/dose-unavailable', dose: 2, startsAt: when(8, 10) });
    const unchanged = await get(`/treatment-plans/${plan.id}`);
    expect(unchanged.body.version).toBe(1);
    expect(unchanged.body.series).toEqual(states.body.series);

    // The chair is free again: every remaining dose moves (1 and 2) or is placed (4); 3 stays cancelled.
    expect((await post(`/appointments/${blocker.body.id}/cancel`, { reason: 'other' })).status).toBe(200);
    const moved = await reschedule({ firstStartsAt: when(1, 10) }, { 'if-match': '"1"' });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).toBe('"2"');
    expect(moved.body).toMatchObject({ version: 2, unplaced: [] });
    expect(moved.body.series.map((d: Dose) => [d.dose, d.state, d.startsAt])).toEqual([
      [1, 'booked', when(1, 10)],
      // A moved appointment is confirmed again by the patient.
      [2, 'booked', when(8, 10)],
      [3, 'cancelled', dose3!.startsAt],
      [4, 'booked', when(15, 10)],
    ]);
    expect(moved.body.series[0].appointmentId).toBe(dose1!.appointmentId);
    expect(moved.body.series[1].appointmentId).toBe(dose2!.appointmentId);

    // Each moved dose is an ordinary appointment.rescheduled (the notification service tells the
    // patient the new time from it); the placed one an appointment.booked of the own therapy.
    const rescheduled = (await outbox('appointment.rescheduled')).filter((e) =>
      [dose1!.appointmentId, dose2!.appointmentId].includes(e.appointmentId),
    );
    expect(rescheduled.map((e) => [e.appointmentId, e.previousStartsAt, e.startsAt])).toEqual(
      expect.arrayContaining([
        [dose1!.appointmentId, dose1!.startsAt, when(1, 10)],
        [dose2!.appointmentId, dose2!.startsAt, when(8, 10)],
      ]),
    );
    expect(rescheduled).toHaveLength(2);
    const [placedEvent] = (await outbox('appointment.booked')).filter(
      (e) => e.appointmentId === moved.body.series[3].appointmentId,
    );
    expect(placedEvent).toMatchObject({ treatmentPlanId: plan.id, doseNumber: 4, therapy: { therapyId } });
    const [planEvent] = (await outbox('treatment-plan.rescheduled')).filter((e) => e.treatmentPlanId === plan.id);
    expect(planEvent).toMatchObject({
      intervalDays: 7,
      moved: [expect.objectContaining({ dose: 1 }), expect.objectContaining({ dose: 2 })],
      placed: [expect.objectContaining({ dose: 4 })],
    });

    // Every call is in the audit trail (written beside the response, so waited for).
    const audit = await waitFor(
      async () => {
        const rows = await db.query<{ action: string; resource_type: string }>(
          `SELECT action, resource_type FROM audit_record WHERE resource_id = $1 ORDER BY seq`,
          [plan.id],
        );
        return rows.some((r) => r.action === 'update') && rows;
      },
      { what: "the plan's audit records" },
    );
    expect(audit.map((r) => [r.resource_type, r.action])).toEqual(
      expect.arrayContaining([
        ['treatment-plan', 'create'],
        ['treatment-plan', 'read'],
        ['treatment-plan', 'update'],
      ]),
    );
  });

  it('cancels a plan with its doses still to come and offers the freed time to the waitlist, own therapy and all', async () => {
    const { post, get, patient } = await center([0, 7]);
    const patientId = await patient('Stopped');
    const plan = await post('/treatment-plans', {
      patientId,
      therapyId,
      doses: 2,
      intervalDays: 7,
      firstStartsAt: when(0, 11),
      toleranceDays: 0,
    });
    expect(plan.status).toBe(201);
    expect(plan.body.series.map((d: Dose) => d.state)).toEqual(['booked', 'booked']);

    // A patient waits for the same therapy around dose 2's time; a retried join adds nothing twice.
    const waiting = await patient('Waiting');
    const join = { patientId: waiting, therapyId, earliest: when(7, 10), latest: when(7, 13) };
    const key = `join-${randomUUID()}`;
    const joined = await post('/waitlist', join, { 'idempotency-key': key });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ therapyId, therapyCode: 'iron', durationMinutes: 60, status: 'waiting' });
    const again = await post('/waitlist', join, { 'idempotency-key': key });
    expect([again.status, again.headers.get('idempotent-replayed'), again.body.id]).toEqual([201, 'true', joined.body.id]);
    expect((await post('/waitlist', { ...join, therapyId: 'ocrelizumab' })).body.errors).toEqual([
      expect.objectContaining({ field: 'therapyId' }),
    ]);

    const path = `/treatment-plans/${plan.body.id}/cancel`;
    expect((await post(path, { reason: 'because' })).body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await post(path, { reason: 'clinical' }, { 'if-match': '"2"' })).status).toBe(409);
    const cancelled = await post(path, { reason: 'clinical' }, { 'if-match': '"1"' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({
      id: plan.body.id,
      patientId,
      status: 'cancelled',
      version: 2,
      cancelledAppointmentIds: plan.body.series.map((d: Dose) => d.appointmentId),
    });
    const [event] = (await outbox('treatment-plan.cancelled')).filter((e) => e.treatmentPlanId === plan.body.id);
    expect(event).toMatchObject({ reason: 'clinical', cancelledAppointmentIds: cancelled.body.cancelledAppointmentIds });

    // Each cancelled dose frees its time as any cancellation does: the waiting patient is offered it.
    const offered = await waitFor(
      async () => {
        const [row] = await db.query<{ status: string; offered_appointment_id: string }>(
          'SELECT status, offered_appointment_id FROM waitlist_request WHERE id = $1',
          [joined.body.id],
        );
        return row?.status === 'offered' && row;
      },
      { what: 'the waitlist offer of the freed dose' },
    );
    const [offer] = await db.query<{ therapy_id: string; status: string; duration_minutes: number }>(
      'SELECT therapy_id, status, duration_minutes FROM appointment WHERE id = $1',
      [offered.offered_appointment_id],
    );
    expect(offer).toEqual({ therapy_id: therapyId, status: 'proposed', duration_minutes: 60 });

    const after = await get(`/treatment-plans/${plan.body.id}`);
    expect(after.body).toMatchObject({ status: 'cancelled', version: 2 });
    expect(after.body.series.map((d: Dose) => d.state)).toEqual(['cancelled', 'cancelled']);
    const moved = await post(`/treatment-plans/${plan.body.id}/reschedule`, { firstStartsAt: when(7, 9) });
    expect(moved.body).toMatchObject({ status: 409, type: '/problems/invalid-transition' });
    expect((await post(path, { reason: 'clinical' })).status).toBe(409);
  });
});
