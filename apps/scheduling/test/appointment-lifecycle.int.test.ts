import { DateTime } from 'luxon';
import {
  call,
  testRunId,
  type ServiceProcess,
  type TestDatabase,
  CenterFixture,
  startOnOwnDatabase,
  stopAndDrop,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

describe('appointment lifecycle: confirm, cancel, no-show', () => {
  const runId = testRunId('lifecycle');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  let center: CenterFixture;
  let patients: string[];

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
    }));
    center = await new CenterFixture(
      scheduling.url,
      'Europe/Madrid',
      DateTime.now().setZone('Europe/Madrid').plus({ days: 4 }).startOf('day'),
    ).create({ chairs: 1, nurses: 1, capacity: 2 });
    patients = await center.patients(5);
  });
  afterAll(() => stopAndDrop(scheduling, db));

  const appointmentsUrl = () => `${scheduling.url}/locations/${center.locationId}/appointments`;
  const act = (id: string, action: string, body: unknown = {}, ifMatch?: string) =>
    call('POST', `${appointmentsUrl()}/${id}/${action}`, {
      token: center.admin,
      body,
      ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
    });

  it('versions every change, refuses stale and impossible ones, and frees the time on cancellation', async () => {
    const booked = await call('POST', appointmentsUrl(), {
      token: center.admin,
      body: { patientId: patients[0], therapyCode: 'iron', startsAt: center.at(10) },
    });
    expect(booked.status).toBe(201);
    expect(booked.headers.get('etag')).toBe('"1"');
    const id = booked.body.id as string;

    // The one chair is taken: a second patient at 10:00 is refused.
    const taken = await call('POST', appointmentsUrl(), {
      token: center.admin,
      body: { patientId: patients[1], therapyCode: 'iron', startsAt: center.at(10) },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.reason).toBe('no-chair');

    const confirmed = await act(id, 'confirm', {}, '"1"');
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get('etag')).toBe('"2"');
    expect(confirmed.body.confirmedAt).toEqual(expect.any(String));
    expect((await act(id, 'confirm')).headers.get('etag')).toBe('"2"'); // confirming again changes nothing

    const stale = await act(id, 'cancel', { reason: 'patient_request' }, '"1"');
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/version-mismatch', currentVersion: 2 });
    expect((await act(id, 'cancel', { reason: 'because' })).status).toBe(400);

    const tooEarly = await act(id, 'no-show');
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.type).toBe('/problems/too-early-for-no-show');

    const cancelled = await act(id, 'cancel', { reason: 'patient_request' }, '"2"');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 3 });
    expect((await act(id, 'no-show')).body.type).toBe('/problems/invalid-transition');

    // Its chair and nurse are free again.
    const rebooked = await call('POST', appointmentsUrl(), {
      token: center.admin,
      body: { patientId: patients[1], therapyCode: 'iron', startsAt: center.at(10) },
    });
    expect(rebooked.status).toBe(201);

    const events = await db.query<{ event_type: string; aggregate_sequence: number; payload: string }>(
      `SELECT event_type, aggregate_sequence, payload FROM outbox WHERE aggregate_id = $1 ORDER BY position`,
      [id],
    );
    expect(events.map((e) => [e.event_type, e.aggregate_sequence])).toEqual([
      ['chairside.scheduling.appointment.booked.v1', 1],
      ['chairside.scheduling.appointment.confirmed.v1', 2],
      ['chairside.scheduling.appointment.cancelled.v1', 3],
    ]);
    // Contact data went only to the patient-contacts topic; appointment events carry the id alone.
    const contacts = await db.query<{ topic: string; payload: string }>(
      `SELECT topic, payload FROM outbox WHERE aggregate_id = $1`,
      [patients[0]],
    );
    expect(contacts.map((c) => c.topic)).toEqual(['chairside.scheduling.patient-contacts']);
    expect(JSON.parse(contacts[0]!.payload).data).toMatchObject({ patientId: patients[0], givenName: 'Test0' });
    for (const e of events) expect(e.payload).not.toMatch(/Test0|givenName|familyName|dateOfBirth|1970-01-01/);
    const cancelledEvent = JSON.parse(events[2]!.payload);
    expect(cancelledEvent.data).toMatchObject({
      reason: 'patient_request',
      lateCancellation: false,
      timeZone: 'Europe/Madrid',
      localStart: center.day.set({ hour: 10 }).toISO({ includeOffset: false, suppressMilliseconds: true }),
    });
  });

  it('marks a no-show once the grace period has passed', async () => {
    const booked = await call('POST', appointmentsUrl(), {
      token: center.admin,
      body: { patientId: patients[2], therapyCode: 'iron', startsAt: center.at(14) },
    });
    expect(booked.status).toBe(201);
    // Arrange: the treatment started an hour ago (the API cannot book in the past).
    await db.query(
      `UPDATE appointment SET starts_at = now() - interval '60 minutes', ends_at = now(), chair_released_at = now() + interval '10 minutes', setup_ends_at = now() - interval '45 minutes' WHERE id = $1`,
      [booked.body.id],
    );
    const marked = await act(booked.body.id, 'no-show', {}, '"1"');
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ status: 'noshow', version: 2 });
    const [event] = await db.query(`SELECT event_type FROM outbox WHERE aggregate_id = $1 AND aggregate_sequence = 2`, [
      booked.body.id,
    ]);
    expect(event.event_type).toBe('chairside.scheduling.appointment.no-show.v1');
  });

  it('books once per Idempotency-Key, also when the retries arrive together, and refuses the key for another request', async () => {
    const body = { patientId: patients[3], therapyCode: 'iron', startsAt: center.at(16) };
    const headers = { 'idempotency-key': `book-${patients[3]}` };
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => call('POST', appointmentsUrl(), { token: center.admin, body, headers })),
    );
    expect(attempts.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(attempts.map((a) => a.body.id)).size).toBe(1);
    expect(attempts.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    const later = await call('POST', appointmentsUrl(), { token: center.admin, body, headers });
    expect(later.body.id).toBe(attempts[0]!.body.id);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM appointment WHERE patient_id = $1`, [patients[3]]);
    expect(n).toBe(1);

    const reused = await call('POST', appointmentsUrl(), {
      token: center.admin,
      body: { ...body, patientId: patients[4] },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].field).toBe('Idempotency-Key');
  });

  it('reschedules in place (its own old time does not block it), and refuses a taken time without changing anything', async () => {
    const a = await call('POST', appointmentsUrl(), {
      token: center.admin,
      body: { patientId: patients[0], therapyCode: 'iron', startsAt: center.at(11, 30) },
    });
    expect(a.status).toBe(201);
    await act(a.body.id, 'confirm');
    const moved = await act(a.body.id, 'reschedule', { startsAt: center.at(11, 45) }, '"2"');
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ startsAt: new Date(center.at(11, 45)).toISOString(), version: 3, confirmedAt: null });

    const b = await call('POST', appointmentsUrl(), {
      token: center.admin,
      body: { patientId: patients[4], therapyCode: 'iron', startsAt: center.at(13) },
    });
    expect(b.status).toBe(201);
    const refused = await act(a.body.id, 'reschedule', { startsAt: center.at(13, 15) }, '"3"');
    expect(refused.status).toBe(409);
    expect(refused.body.reason).toBe('no-chair');
    const unchanged = await call('GET', `${appointmentsUrl()}/${a.body.id}`, { token: center.admin });
    expect(unchanged.body).toMatchObject({ startsAt: moved.body.startsAt, version: 3 });

    const [event] = await db.query<{ payload: string }>(
      `SELECT payload FROM outbox WHERE aggregate_id = $1 AND aggregate_sequence = 3`,
      [a.body.id],
    );
    expect(JSON.parse(event!.payload)).toMatchObject({
      type: 'chairside.scheduling.appointment.rescheduled.v1',
      data: { previousStartsAt: a.body.startsAt, startsAt: moved.body.startsAt },
    });
  });
});
