import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  call,
  CenterFixture,
  type ServiceProcess,
  startOnOwnDatabase,
  stopAndDrop,
  type TestDatabase,
  testRunId,
  tokenFor,
  useOwnTopics,
  waitFor,
} from '@chairside/testing';
import { sessionsDataSourceOptions } from '../../sessions/src/database/data-source.js';
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'America/Chicago';

// Issue 17, item 4's last sentence: a patient who is already here moves to another chair or nurse
// by the same operation as applying a re-plan; 409 when the chair is taken. Public APIs and Kafka.
describe('moving a checked-in patient to another chair or nurse', () => {
  const restoreTopics = useOwnTopics('moveseated');
  afterAll(restoreTopics);
  const runId = testRunId('moveseated');
  const started: Array<{ db: TestDatabase; service: ServiceProcess }> = [];
  let scheduling: ServiceProcess;
  let sessions: ServiceProcess;
  const day = DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf('day');

  beforeAll(async () => {
    started.push(
      ...(await Promise.all([
        startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
        startOnOwnDatabase({ service: 'sessions', runId, dataSourceOptions: sessionsDataSourceOptions }),
      ])),
    );
    [scheduling, sessions] = started.map((s) => s.service) as [ServiceProcess, ServiceProcess];
  });
  afterAll(async () => {
    await Promise.all(started.map((s) => stopAndDrop(s.service, s.db)));
  });

  const until = <T>(what: string, probe: () => Promise<T | undefined | false>) => waitFor(probe, { what, timeoutMs: 60_000 });

  it('moves her (chair, then nurse) at the same time; refuses a taken chair, a patient not here, and an empty move', async () => {
    // The fixture sets the center up; every act under test uses a one-center grant.
    const c = await new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 3,
      nurses: 3,
      capacity: 3,
      name: 'Move seated',
    });
    const scheduler = tokenFor(['scheduler'], [c.locationId], undefined, 'move-scheduler');
    const nurse = tokenFor(['nurse'], [c.locationId], undefined, 'move-nurse');
    const charge = tokenFor(['charge-nurse'], [c.locationId], undefined, 'move-charge');
    const [ana, rosa] = await Promise.all(
      ['Ana', 'Rosa'].map(async (givenName) => {
        const r = await call('POST', `${scheduling.url}/patients`, {
          token: scheduler,
          body: {
            givenName,
            familyName: `Move ${randomUUID().slice(0, 4)}`,
            dateOfBirth: '1969-05-06',
            locationId: c.locationId,
          },
        });
        expect(r.status).toBe(201);
        return r.body.id as string;
      }),
    );
    const book = async (patientId: string) => {
      const r = await call('POST', `${scheduling.url}/locations/${c.locationId}/appointments`, {
        token: scheduler,
        body: { patientId, therapyCode: 'hydration', startsAt: c.at(9), durationMinutes: 60 },
      });
      expect(r.status).toBe(201);
      return r.body as { id: string; chairId: string; nurseId: string; startsAt: string; version: number };
    };
    const anaVisit = await book(ana!);
    const rosaVisit = await book(rosa!);
    expect(rosaVisit.chairId).not.toBe(anaVisit.chairId);
    const chairs = (await call('GET', `${scheduling.url}/locations/${c.locationId}/chairs`, { token: scheduler })).body as Array<{
      id: string;
    }>;
    const freeChair = chairs.map((ch) => ch.id).find((id) => id !== anaVisit.chairId && id !== rosaVisit.chairId)!;
    const move = (body: Record<string, unknown>, token = charge) =>
      call('POST', `${scheduling.url}/locations/${c.locationId}/replans/move-patient`, { token, body });

    // Not here yet: a booked patient is moved by a reschedule or a re-plan, not this.
    const notHere = await move({ appointmentId: anaVisit.id, chairId: freeChair });
    expect(notHere.status).toBe(409);
    expect(notHere.body.type).toContain('invalid-transition');

    const checkedIn = await until('Ana checked in', async () => {
      const r = await call('POST', `${sessions.url}/locations/${c.locationId}/sessions/${anaVisit.id}/check-in`, {
        token: nurse,
        body: {},
      });
      return r.status === 200 ? r.body : undefined;
    });
    expect(checkedIn.status).toBe('arrived');
    const arrived = await until('scheduling to learn of the check-in', async () => {
      const r = await call('GET', `${scheduling.url}/locations/${c.locationId}/appointments/${anaVisit.id}`, {
        token: scheduler,
      });
      return r.body.status === 'arrived' ? r.body : undefined;
    });

    expect((await move({ appointmentId: anaVisit.id })).body.errors).toEqual([expect.objectContaining({ field: 'chairId' })]);
    expect((await move({ appointmentId: anaVisit.id, chairId: freeChair }, nurse)).status).toBe(403);

    // Rosa has that chair for the whole stay: 409, and nothing moved.
    const taken = await move({ appointmentId: anaVisit.id, chairId: rosaVisit.chairId });
    expect(taken.status).toBe(409);
    expect(taken.headers.get('content-type')).toContain('application/problem+json');
    expect(taken.body.type).toContain('slot-unavailable');
    const stale = await move({ appointmentId: anaVisit.id, chairId: freeChair, appointmentVersion: arrived.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toContain('version-mismatch');

    const moved = await move({ appointmentId: anaVisit.id, chairId: freeChair, appointmentVersion: arrived.version });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ appointmentId: anaVisit.id, chairId: freeChair, startsAt: anaVisit.startsAt });
    const now = await call('GET', `${scheduling.url}/locations/${c.locationId}/appointments/${anaVisit.id}`, {
      token: scheduler,
    });
    expect(now.body).toMatchObject({ status: 'arrived', chairId: freeChair, startsAt: anaVisit.startsAt });
    await until('the session to follow her to the new chair', async () => {
      const r = await call('GET', `${sessions.url}/locations/${c.locationId}/sessions/${anaVisit.id}`, { token: nurse });
      return r.status === 200 && r.body.chairId === freeChair && r.body.status === 'arrived' ? r.body : undefined;
    });

    // And to a nurse who is free at her start (the third one: Rosa's nurse is setting Rosa up then).
    const nurses = (await call('GET', `${scheduling.url}/locations/${c.locationId}/nurses`, { token: scheduler })).body as Array<{
      id: string;
    }>;
    const freeNurse = nurses.map((n) => n.id).find((id) => id !== anaVisit.nurseId && id !== rosaVisit.nurseId)!;
    const busyNurse = await move({ appointmentId: anaVisit.id, nurseId: rosaVisit.nurseId });
    expect(busyNurse.status).toBe(409);
    const toNurse = await move({ appointmentId: anaVisit.id, nurseId: freeNurse });
    expect(toNurse.status).toBe(200);
    expect(toNurse.body).toMatchObject({ nurseId: freeNurse, chairId: freeChair, startsAt: anaVisit.startsAt });
    await until('the session to follow her to the new nurse', async () => {
      const r = await call('GET', `${sessions.url}/locations/${c.locationId}/sessions/${anaVisit.id}`, { token: nurse });
      return r.status === 200 && r.body.nurseId === freeNurse ? r.body : undefined;
    });
  });
});
