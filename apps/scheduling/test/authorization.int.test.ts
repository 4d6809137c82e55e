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

/**
 * The authorization gaps of issue 16, each as the least privileged user who may act: a scheduler
 * or nurse limited to one location of the organisation.
 */
describe('scheduling: organisation and location scope (users limited to one location)', () => {
  const runId = testRunId('scheduling_authz');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  let a: CenterFixture;
  let b: CenterFixture;
  let patientOfB: string;
  let newPatient: string;
  let newPatientOfA: string;
  const day = DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf('day');
  const contact = { email: 'moved@example.test', preferredLanguage: 'en', preferredChannel: 'email', notificationConsent: true };

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
    }));
    a = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 1, nurses: 1, capacity: 2, name: 'A' });
    b = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 1, nurses: 1, capacity: 2, name: 'B' });
    [patientOfB, newPatient] = (await b.patients(2)) as [string, string];
    [newPatientOfA] = (await a.patients(1)) as [string];
    await b.post(`/locations/${b.locationId}/appointments`, { patientId: patientOfB, therapyCode: 'iron', startsAt: b.at(10) });
  });
  afterAll(() => stopAndDrop(scheduling, db));

  it('PUT /patients/{id}/contact: a scheduler of A may not redirect the reminders of a patient treated only at B', async () => {
    const schedulerOfA = tokenFor(['scheduler'], [a.locationId]);
    const refused = await call('PUT', `${scheduling.url}/patients/${patientOfB}/contact`, { token: schedulerOfA, body: contact });
    // A patient A's scheduler may not see is not found (the registry's visibility rule, patient-scope.ts):
    // the answer does not even tell that the patient exists.
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // B's scheduler may; so may A's for a patient registered at A and not yet treated anywhere.
    const schedulerOfB = tokenFor(['scheduler'], [b.locationId]);
    expect(
      (await call('PUT', `${scheduling.url}/patients/${patientOfB}/contact`, { token: schedulerOfB, body: contact })).status,
    ).toBe(200);
    expect(
      (await call('PUT', `${scheduling.url}/patients/${newPatientOfA}/contact`, { token: schedulerOfA, body: contact })).status,
    ).toBe(200);
  });

  it('slot search refuses a patientId of another organisation (404), as a scheduler limited to one location', async () => {
    const schedulerOfA = tokenFor(['scheduler'], [a.locationId]);
    const query = (patientId: string) =>
      new URLSearchParams({
        therapyCode: 'iron',
        patientId,
        from: day.toUTC().toISO()!,
        to: day.plus({ days: 1 }).toUTC().toISO()!,
      }).toString();
    const foreign = tokenFor(['admin'], '*', randomUUID());
    const theirs = (
      await call('POST', `${scheduling.url}/patients`, {
        token: foreign,
        body: { givenName: 'Other', familyName: 'Org', dateOfBirth: '1970-01-01' },
      })
    ).body as { id: string };
    const refused = await call('GET', `${scheduling.url}/locations/${a.locationId}/slots?${query(theirs.id)}`, {
      token: schedulerOfA,
    });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const accepted = await call('GET', `${scheduling.url}/locations/${a.locationId}/slots?${query(newPatient)}`, {
      token: schedulerOfA,
    });
    expect(accepted.status).toBe(200);
  });

  it('GET /therapies and /therapies/{code}: a nurse limited to one location reads the catalog; only admins of every location change it', async () => {
    const nurseOfA = tokenFor(['nurse'], [a.locationId]);
    const list = await call('GET', `${scheduling.url}/therapies`, { token: nurseOfA });
    expect(list.status).toBe(200);
    expect((list.body as unknown[]).length).toBeGreaterThan(0);
    expect((await call('GET', `${scheduling.url}/therapies/iron`, { token: nurseOfA })).status).toBe(200);
    const adminOfA = tokenFor(['admin'], [a.locationId]);
    expect((await call('DELETE', `${scheduling.url}/therapies/iron`, { token: adminOfA })).status).toBe(403);
  });
});
