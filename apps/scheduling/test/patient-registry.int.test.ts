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

const ZONE = 'America/Chicago';

describe('patient registry over HTTP, as a scheduler limited to one location', () => {
  const runId = testRunId('registry');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  let a: CenterFixture;
  let b: CenterFixture;
  let schedulerA: string;
  let schedulerB: string;
  const day = DateTime.now().setZone(ZONE).plus({ days: 5 }).startOf('day');

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
    }));
    a = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 1, nurses: 1, capacity: 4, name: 'A' });
    b = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 1, nurses: 1, capacity: 4, name: 'B' });
    schedulerA = tokenFor(['scheduler'], [a.locationId]);
    schedulerB = tokenFor(['scheduler'], [b.locationId]);
  });
  afterAll(() => stopAndDrop(scheduling, db));

  const url = (path: string) => `${scheduling.url}${path}`;
  const registerAs = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    call('POST', url('/patients'), { token, body: { dateOfBirth: '1961-04-02', ...body }, headers });
  const audit = (patientId: string) =>
    db.query<{ action: string; resource_type: string; outcome: string; actor_subject: string }>(
      `SELECT action, resource_type, outcome, actor_subject FROM audit_record WHERE patient_id = $1 ORDER BY seq`,
      [patientId],
    );

  it('registers once per Idempotency-Key, with an MRN unique in the organisation', async () => {
    const key = `reg-${randomUUID()}`;
    const body = { givenName: 'Lucía', familyName: 'García', mrn: 'int-1' };
    const first = await registerAs(schedulerA, body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), mrn: 'INT-1', version: 1 });
    const retry = await registerAs(schedulerA, body, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await db.query(`SELECT id FROM patient WHERE mrn = 'INT-1'`)).toHaveLength(1);
    const taken = await registerAs(schedulerA, { ...body, familyName: 'Other' });
    expect(taken.status).toBe(409);
    expect(taken.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(taken.body).toMatchObject({ type: '/problems/mrn-taken', errors: [{ field: 'mrn' }] });
  });

  it('answers bad input with 400 naming the field, and bounds the page', async () => {
    const cases: Array<[string, string]> = [
      ['/patients', 'name'],
      ['/patients?name=a', 'name'],
      ['/patients?name=garcia&limit=51', 'limit'],
      ['/patients?name=garcia&offset=1001', 'offset'],
      ['/patients?dateOfBirth=1961-02-30', 'dateOfBirth'],
      ['/patients?phone=12345', 'phone'],
      ['/patients?mrn=%25%25', 'mrn'],
    ];
    for (const [path, field] of cases) {
      const res = await call('GET', url(path), { token: schedulerA });
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    // A date of birth still to come, or in year 9999, is a typo: refused, never registered.
    for (const dateOfBirth of ['2199-01-01', '9999-12-31']) {
      const born = await registerAs(schedulerA, { givenName: 'X', familyName: 'Y', dateOfBirth });
      expect([dateOfBirth, born.status]).toEqual([dateOfBirth, 400]);
      expect(born.body.errors).toEqual([expect.objectContaining({ field: 'dateOfBirth' })]);
    }
    const badRegister = await registerAs(schedulerA, { givenName: 'X', familyName: 'Y', mrn: 'bad mrn!' });
    expect(badRegister.status).toBe(400);
    expect(badRegister.body.errors).toEqual([expect.objectContaining({ field: 'mrn' })]);
    const elsewhere = await registerAs(schedulerA, { givenName: 'X', familyName: 'Y', locationId: b.locationId });
    expect(elsewhere.status).toBe(403);
  });

  it('finds, reads and edits only the patients of the scheduler’s location, and audits every read', async () => {
    const mine = (await registerAs(schedulerA, { givenName: 'José', familyName: 'Núñez Registro', phone: '+13125550177' })).body;
    const theirs = (await registerAs(schedulerB, { givenName: 'Josefa', familyName: 'Núñez Registro' })).body;
    const found = await call('GET', url('/patients?name=nunez%20registr'), { token: schedulerA });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ items: [{ id: mine.id, givenName: 'José' }], limit: 20, offset: 0, nextOffset: null });
    expect((await call('GET', url('/patients?phone=%2B13125550177'), { token: schedulerA })).body.items).toHaveLength(1);
    expect((await call('GET', url(`/patients/${theirs.id}`), { token: schedulerA })).status).toBe(404);

    // Booked at A, B's patient becomes A's patient too.
    const booked = await call('POST', url(`/locations/${a.locationId}/appointments`), {
      token: schedulerA,
      body: { patientId: theirs.id, therapyCode: 'iron', startsAt: a.at(9) },
    });
    expect(booked.status).toBe(201);
    const record = await call('GET', url(`/patients/${theirs.id}`), { token: schedulerA });
    expect(record.status).toBe(200);
    expect(record.headers.get('etag')).toBe('"1"');
    expect(record.body).toMatchObject({
      id: theirs.id,
      givenName: 'Josefa',
      upcomingAppointments: [{ id: booked.body.id, locationId: a.locationId, status: 'booked' }],
      pastAppointments: [],
    });

    const edit = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      call('PUT', url(`/patients/${mine.id}/demographics`), {
        token: schedulerA,
        body: { givenName: 'José', familyName: 'Núñez Registro', dateOfBirth: '1961-04-02', mrn: mine.mrn, ...body },
        headers,
      });
    expect((await edit({ familyName: 'Nunez' })).status).toBe(428);
    const edited = await edit({ familyName: 'Núñez Ruiz' }, { 'if-match': '"1"' });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');
    const stale = await edit({ familyName: 'Stale' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/version-mismatch', currentVersion: 2 });
    expect((await edit({ familyName: 'By body', version: 2 })).status).toBe(200);
    const notMine = await call('PUT', url(`/patients/${theirs.id}/demographics`), {
      token: schedulerB,
      body: { givenName: 'A', familyName: 'B', dateOfBirth: '1961-04-02', mrn: theirs.mrn, version: 1 },
    });
    expect(notMine.status).toBe(200); // registered at B: B's staff may edit

    expect(await audit(theirs.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'read', resource_type: 'patient', outcome: 'error' }),
        expect.objectContaining({ action: 'read', resource_type: 'patient', outcome: 'success' }),
      ]),
    );
    const searches = await db.query(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'search' AND resource_type = 'patient'`,
    );
    expect(searches[0].n).toBeGreaterThan(0);
  });
});
