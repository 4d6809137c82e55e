import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  call,
  CenterFixture,
  startOnOwnDatabase,
  stopAndDrop,
  testRunId,
  tokenFor,
  type ServiceProcess,
  type TestDatabase,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'Europe/Madrid';

describe('the front desk over HTTP: work queues, notes, the day book and the overbooking audit, as a scheduler of one location', () => {
  const runId = testRunId('frontdesk');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  let a: CenterFixture;
  let b: CenterFixture;
  let scheduler: string;
  // Tomorrow: inside the 48 hours of the unconfirmed queue.
  const day = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day');

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
    }));
    a = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 2, nurses: 1, capacity: 4, name: 'Front A' });
    b = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 1, nurses: 1, capacity: 4, name: 'Front B' });
    scheduler = tokenFor(['scheduler'], [a.locationId]);
  });
  afterAll(() => stopAndDrop(scheduling, db));

  const url = (path: string) => `${scheduling.url}${path}`;
  const get = (path: string, token = scheduler) => call('GET', url(path), { token });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call('POST', url(path), { token: scheduler, body, headers });

  it('lists the unconfirmed bookings and confirms one by phone; refuses a stale item and a bad queue', async () => {
    const patient = (await post('/patients', { givenName: 'Inés', familyName: 'Mañana', dateOfBirth: '1950-05-05' })).body;
    const booked = await post(`/locations/${a.locationId}/appointments`, {
      patientId: patient.id,
      therapyCode: 'iron',
      startsAt: a.at(10),
    });
    expect(booked.status).toBe(201);

    const summary = await get(`/locations/${a.locationId}/work-queues`);
    expect(summary.body.queues).toEqual(expect.arrayContaining([{ queue: 'unconfirmed', open: 1, more: false }]));
    const queue = await get(`/locations/${a.locationId}/work-queues/unconfirmed?limit=10`);
    expect(queue.status).toBe(200);
    const [item] = queue.body.items;
    expect(item).toMatchObject({ subjectId: booked.body.id, patient: { id: patient.id, familyName: 'Mañana' } });

    const bad = await get(`/locations/${a.locationId}/work-queues/urgent`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'queue' })]);
    expect((await get(`/locations/${a.locationId}/work-queues/unconfirmed?limit=101`)).body.errors).toEqual([
      expect.objectContaining({ field: 'limit' }),
    ]);
    expect((await get(`/locations/${b.locationId}/work-queues/unconfirmed`)).status).toBe(403);

    const path = `/locations/${a.locationId}/work-queues/unconfirmed/items/${booked.body.id}/resolution`;
    const missing = await post(path, { outcome: 'confirmed' });
    expect(missing.status).toBe(400);
    expect(new Set(missing.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['itemKey']));
    const key = `resolve-${randomUUID()}`;
    const resolved = await post(path, { itemKey: item.itemKey, outcome: 'confirmed' }, { 'idempotency-key': key });
    expect(resolved.status).toBe(201);
    const replay = await post(path, { itemKey: item.itemKey, outcome: 'confirmed' }, { 'idempotency-key': key });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(resolved.body.id);
    const appointment = await get(`/locations/${a.locationId}/appointments/${booked.body.id}`);
    expect(appointment.body.confirmedAt).not.toBeNull();
    const stale = await post(path, { itemKey: item.itemKey, outcome: 'left-message' });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/work-item-gone');
  });

  it('keeps notes on an appointment with an Idempotency-Key, and prints the day book as CSV and HTML', async () => {
    const patient = (await post('/patients', { givenName: '<b>Bold</b>', familyName: '=cmd', dateOfBirth: '1960-06-06' })).body;
    const booked = await post(`/locations/${a.locationId}/appointments`, {
      patientId: patient.id,
      therapyCode: 'iron',
      startsAt: a.at(13),
    });
    expect(booked.status).toBe(201);
    const notesPath = `/locations/${a.locationId}/appointments/${booked.body.id}/notes`;
    const key = `note-${randomUUID()}`;
    const note = await post(notesPath, { body: 'Brings her own blanket' }, { 'idempotency-key': key });
    expect(note.status).toBe(201);
    expect((await post(notesPath, { body: 'Brings her own blanket' }, { 'idempotency-key': key })).body.id).toBe(note.body.id);
    expect((await post(notesPath, { body: '   ' })).body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
    expect((await get(notesPath)).body.items.map((n: { body: string }) => n.body)).toEqual(['Brings her own blanket']);
    expect((await post(`/patients/${patient.id}/notes`, { body: 'Call after 4 pm' })).status).toBe(201);
    // A patient's notes include those on their appointments.
    expect((await get(`/patients/${patient.id}/notes`)).body.items.map((n: { body: string }) => n.body)).toEqual([
      'Call after 4 pm',
      'Brings her own blanket',
    ]);

    const date = day.toISODate();
    const json = await get(`/locations/${a.locationId}/day-book?date=${date}`);
    expect(json.status).toBe(200);
    expect(json.body.entries.find((e: { appointmentId: string }) => e.appointmentId === booked.body.id)).toMatchObject({
      localStart: '13:00',
      flags: ['has-notes'],
    });
    const csv = await get(`/locations/${a.locationId}/day-book?date=${date}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.body).toContain(`13:00,`);
    expect(csv.body).toMatch(/\r\n13:00,\d\d:\d\d,"'=cmd, <b>Bold<\/b>",/); // quoted, and never a formula
    const html = await get(`/locations/${a.locationId}/day-book?date=${date}&format=html`);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.body).toContain('=cmd, &lt;b&gt;Bold&lt;/b&gt;');
    expect(html.body).not.toContain('<b>Bold</b>');
    expect((await get(`/locations/${a.locationId}/day-book?date=2030-02-30`)).body.errors).toEqual([
      expect.objectContaining({ field: 'date' }),
    ]);
    expect((await get(`/locations/${a.locationId}/day-book?date=${date}&format=pdf`)).body.errors).toEqual([
      expect.objectContaining({ field: 'format' }),
    ]);
  });

  it('reads the overbooking audit, bounded', async () => {
    const patient = (await post('/patients', { givenName: 'Over', familyName: 'Booked', dateOfBirth: '1960-06-06' })).body;
    const chairs = (await get(`/locations/${a.locationId}/chairs`, a.admin)).body as Array<{ id: string }>;
    const [nurse] = await db.query<{ id: string }>(`SELECT id FROM nurse WHERE location_id = $1`, [a.locationId]);
    const overbooked = await call('POST', url(`/locations/${a.locationId}/appointments`), {
      token: tokenFor(['admin'], [a.locationId]),
      body: {
        patientId: patient.id,
        therapyCode: 'iron',
        startsAt: a.at(17, 30),
        chairId: chairs[1]!.id,
        nurseId: nurse!.id,
        overbookReason: 'Oncologist asked for today',
      },
    });
    expect(overbooked.status).toBe(201);
    const from = DateTime.now().minus({ hours: 1 }).toUTC().toISO();
    const to = DateTime.now().plus({ hours: 1 }).toUTC().toISO();
    const list = await get(`/locations/${a.locationId}/overbookings?from=${from}&to=${to}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ appointmentId: overbooked.body.id, reason: 'Oncologist asked for today' }),
    ]);
    const tooLong = await get(`/locations/${a.locationId}/overbookings?from=2020-01-01T00:00:00Z&to=2021-01-01T00:00:00Z`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    expect((await get(`/locations/${a.locationId}/work-queues/overbooked`)).body.items).toHaveLength(1);
  });

  it('cancels a treatment plan with its remaining doses', async () => {
    const patient = (await post('/patients', { givenName: 'Plan', familyName: 'Stopped', dateOfBirth: '1970-07-07' })).body;
    const plan = await post(`/locations/${a.locationId}/treatment-plans`, {
      patientId: patient.id,
      therapyCode: 'iron',
      doses: 2,
      intervalDays: 7,
      firstStartsAt: a.at(15),
      toleranceDays: 0,
    });
    expect(plan.status).toBe(201);
    const path = `/locations/${a.locationId}/treatment-plans/${plan.body.id}/cancel`;
    expect((await post(path, { reason: 'because' })).body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(
      (
        await call('POST', url(`/locations/${b.locationId}/treatment-plans/${plan.body.id}/cancel`), {
          token: scheduler,
          body: { reason: 'clinical' },
        })
      ).status,
    ).toBe(403);
    const cancelled = await post(path, { reason: 'clinical' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({
      id: plan.body.id,
      patientId: patient.id,
      status: 'cancelled',
      version: 2,
      cancelledAppointmentIds: plan.body.placed.map((p: { appointmentId: string }) => p.appointmentId),
    });
    expect((await post(path, { reason: 'clinical' })).status).toBe(409);
  });

  it("reads the day's chair outages and nurses on shift, as a charge nurse of the location; another location's charge nurse gets 403", async () => {
    const chargeNurse = tokenFor(['charge-nurse'], [a.locationId]);
    const chairs = await call('GET', url(`/locations/${a.locationId}/chairs`), { token: a.admin });
    const chairId = chairs.body[0].id as string;
    await a.post(`/locations/${a.locationId}/chairs/${chairId}/outages`, {
      startsAt: a.at(10),
      endsAt: a.at(12),
      reason: 'Pump repair',
    });
    const path = `/locations/${a.locationId}/day-resources?date=${day.toISODate()}`;
    const read = await get(path, chargeNurse);
    expect(read.status).toBe(200);
    expect(read.body.outages).toEqual([
      expect.objectContaining({ chairId, from: new Date(a.at(10)).toISOString(), reason: 'Pump repair' }),
    ]);
    expect(read.body.nurses).toEqual([expect.objectContaining({ displayName: 'Nurse 1', capacity: 4 })]);
    expect((await get(path, tokenFor(['charge-nurse'], [b.locationId]))).status).toBe(403);
    const bad = await get(`/locations/${a.locationId}/day-resources?date=2030-02-30`, chargeNurse);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'date' })]);
  });
});
