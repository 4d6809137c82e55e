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

/** A closure entered by mistake and taken back: what it flagged leaves the at-risk queue again, over HTTP. */
describe('taking a closure back un-flags what it had put at risk, as a charge nurse of one location', () => {
  const runId = testRunId('ops22_withdrawn');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  let c: CenterFixture;
  let charge: string;
  let scheduler: string;
  const day = DateTime.now().setZone(ZONE).plus({ days: 9 }).startOf('day');

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
    }));
    c = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 1, nurses: 1, capacity: 4, name: 'Withdrawn' });
    charge = tokenFor(['charge-nurse'], [c.locationId]);
    scheduler = tokenFor(['scheduler'], [c.locationId]);
  });
  afterAll(() => stopAndDrop(scheduling, db));

  const api = (method: string, path: string, token: string, body?: unknown) =>
    call(method, `${scheduling.url}${path}`, { token, ...(body !== undefined ? { body } : {}) });

  it('the closure flags the booking; removed, the booking is listed as un-flagged and reads not at risk', async () => {
    const [patientId] = await c.patients(1);
    const booked = await api('POST', `/locations/${c.locationId}/appointments`, scheduler, {
      patientId,
      therapyCode: 'iron',
      startsAt: c.at(10),
    });
    expect(booked.status).toBe(201);
    const closure = await api('POST', `/locations/${c.locationId}/closures`, charge, {
      date: day.toISODate(),
      from: '09:00',
      to: '13:00',
      reason: 'entered by mistake',
    });
    expect(closure.status).toBe(201);
    expect(closure.body.affectedAppointments.map((a: { appointmentId: string }) => a.appointmentId)).toEqual([booked.body.id]);
    const flagged = await api('GET', `/locations/${c.locationId}/appointments/${booked.body.id}`, scheduler);
    expect(flagged.body.atRiskSince).not.toBeNull();

    const removed = await api('DELETE', `/locations/${c.locationId}/closures/${closure.body.id}`, charge);
    expect(removed.status).toBe(200);
    expect(removed.body.unflaggedAppointments).toEqual([expect.objectContaining({ appointmentId: booked.body.id, patientId })]);
    const after = await api('GET', `/locations/${c.locationId}/appointments/${booked.body.id}`, scheduler);
    expect(after.body).toMatchObject({ atRiskSince: null, version: flagged.body.version + 1, status: 'booked' });
    const [event] = await db.query<{ payload: string }>(
      `SELECT payload FROM outbox WHERE aggregate_id = $1 AND event_type = 'chairside.scheduling.appointment.replan-withdrawn.v1'`,
      [booked.body.id],
    );
    expect(JSON.parse(event!.payload).data).toMatchObject({ cause: 'location_closure', causeId: closure.body.id });
  });

  it('a closure, then an outage, shortened by PATCH: what the old time alone covered is un-flagged, what the new time covers stays flagged', async () => {
    const [first, second] = await c.patients(2);
    const book = async (patientId: string, hour: number, minute = 0) => {
      const booked = await api('POST', `/locations/${c.locationId}/appointments`, scheduler, {
        patientId,
        therapyCode: 'iron',
        startsAt: c.at(hour, minute),
      });
      expect(booked.status).toBe(201);
      return booked.body as { id: string; chairId: string; version: number };
    };
    // Iron: 30 minutes, 30 of observation, 10 of turnover.
    const a = await book(first!, 12, 30);
    const b = await book(second!, 15);
    const atRisk = async (id: string) =>
      (await api('GET', `/locations/${c.locationId}/appointments/${id}`, scheduler)).body.atRiskSince as string | null;
    const ids = (list: Array<{ appointmentId: string }>) => list.map((x) => x.appointmentId);

    const closure = await api('POST', `/locations/${c.locationId}/closures`, charge, {
      date: day.toISODate(),
      from: '12:00',
      to: '17:00',
      reason: 'staff training',
    });
    expect(closure.status).toBe(201);
    expect(ids(closure.body.affectedAppointments)).toEqual([a.id, b.id]);
    // The training shrinks to the afternoon: the 12:30 appointment is no longer in it.
    const shortened = await api('PATCH', `/locations/${c.locationId}/closures/${closure.body.id}`, charge, {
      from: '14:00',
      to: '17:00',
    });
    expect(shortened.status).toBe(200);
    expect(ids(shortened.body.affectedAppointments)).toEqual([]);
    expect(ids(shortened.body.unflaggedAppointments)).toEqual([a.id]);
    expect(await atRisk(a.id)).toBeNull();
    expect(await atRisk(b.id)).not.toBeNull();
    const [withdrawn] = await db.query<{ payload: string }>(
      `SELECT payload FROM outbox WHERE aggregate_id = $1 AND event_type = 'chairside.scheduling.appointment.replan-withdrawn.v1'`,
      [a.id],
    );
    expect(JSON.parse(withdrawn!.payload).data).toMatchObject({ cause: 'location_closure', causeId: closure.body.id });
    const removed = await api('DELETE', `/locations/${c.locationId}/closures/${closure.body.id}`, charge);
    expect(ids(removed.body.unflaggedAppointments)).toEqual([b.id]);

    // The chair of the 15:00 appointment goes out of service from 14:30; then the repair is expected to take until 16:30 only.
    const outage = await api('POST', `/locations/${c.locationId}/chairs/${b.chairId}/outages`, charge, {
      startsAt: c.at(14, 30),
      endsAt: c.at(17),
      reason: 'pump repair',
    });
    expect(outage.status).toBe(201);
    expect(outage.body.affectedAppointmentIds).toEqual([b.id]);
    expect(await atRisk(b.id)).not.toBeNull();
    const later = await api('PATCH', `/locations/${c.locationId}/chairs/${b.chairId}/outages/${outage.body.id}`, charge, {
      startsAt: c.at(16, 30),
    });
    expect(later.status).toBe(200);
    expect(ids(later.body.affectedAppointments)).toEqual([]);
    expect(ids(later.body.unflaggedAppointments)).toEqual([b.id]);
    expect(await atRisk(b.id)).toBeNull();
    expect(await atRisk(a.id)).toBeNull();
  });
});
