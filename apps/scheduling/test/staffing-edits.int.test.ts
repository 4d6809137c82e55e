import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  call,
  testRunId,
  tokenFor,
  type ServiceProcess,
  type TestDatabase,
  CenterFixture,
  startOnOwnDatabase,
  stopAndDrop,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'Europe/Madrid';

/**
 * The charge nurse's day over HTTP, as a charge nurse limited to one location: a sick call (shift
 * removed, her appointments flagged and listed), a shift cut short, a chair outage cancelled,
 * the opening hours read back; bad input names the field, another location is refused.
 */
describe('scheduling: shift edits and sick calls, outage cancellation, opening hours', () => {
  const runId = testRunId('staffing_edits');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  const day = DateTime.now().setZone(ZONE).plus({ days: 4 }).startOf('day');

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
    }));
  });
  afterAll(() => stopAndDrop(scheduling, db));

  const api = (method: string, path: string, token: string, body?: unknown) =>
    call(method, `${scheduling.url}${path}`, { token, ...(body !== undefined ? { body } : {}) });
  const fields = (body: { errors?: Array<{ field: string }> }) => [...new Set((body.errors ?? []).map((e) => e.field))];

  it('removes a sick nurse’s shift, flags and lists her appointments; edits a shift; cancels an outage; reads the hours', async () => {
    const c = await new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 2,
      nurses: 2,
      capacity: 4,
      name: `Floor ${randomUUID().slice(0, 6)}`,
    });
    const charge = tokenFor(['charge-nurse'], [c.locationId]);
    const elsewhere = tokenFor(['charge-nurse'], [randomUUID()]);
    const shifts = await db.query<{ id: string; nurse_id: string }>(
      'SELECT s.id, s.nurse_id FROM nurse_shift s JOIN nurse n ON n.id = s.nurse_id WHERE n.location_id = $1 ORDER BY n.display_name',
      [c.locationId],
    );
    const [sick, other] = shifts;
    const patients = await c.patients(3);
    const book = async (patientId: string, hour: number, nurseId: string) => {
      const r = await api('POST', `/locations/${c.locationId}/appointments`, c.admin, {
        therapyCode: 'hydration',
        patientId,
        startsAt: c.at(hour),
        nurseId,
      });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const hers = [await book(patients[0]!, 9, sick!.nurse_id), await book(patients[1]!, 13, sick!.nurse_id)];
    const theirs = await book(patients[2]!, 9, other!.nurse_id);
    const shiftPath = (s: { id: string; nurse_id: string }) => `/locations/${c.locationId}/nurses/${s.nurse_id}/shifts/${s.id}`;

    expect((await api('DELETE', shiftPath(sick!), elsewhere, { reason: 'sick call' })).status).toBe(403);
    expect(fields((await api('DELETE', shiftPath(sick!), charge, {})).body)).toEqual(['reason']);
    expect(
      fields(
        (await api('DELETE', `/locations/${c.locationId}/nurses/${sick!.nurse_id}/shifts/nope`, charge, { reason: 'x' })).body,
      ),
    ).toEqual(['shiftId']);
    const removed = await api('DELETE', shiftPath(sick!), charge, { reason: 'sick call' });
    expect(removed.status).toBe(200);
    expect(removed.body.affectedAppointments.map((a: { appointmentId: string }) => a.appointmentId)).toEqual(hers);
    const flagged = await db.query<{ id: string; flagged: boolean }>(
      'SELECT id, at_risk_since IS NOT NULL AS flagged FROM appointment WHERE id = ANY($1) ORDER BY starts_at, id',
      [[...hers, theirs]],
    );
    expect(Object.fromEntries(flagged.map((r) => [r.id, r.flagged]))).toEqual({
      [hers[0]!]: true,
      [hers[1]!]: true,
      [theirs]: false,
    });
    // With her shift gone, nothing new is booked with her.
    const [late] = await c.patients(1);
    const refused = await api('POST', `/locations/${c.locationId}/appointments`, c.admin, {
      therapyCode: 'hydration',
      patientId: late,
      startsAt: c.at(15),
      nurseId: sick!.nurse_id,
    });
    expect(refused.status).toBe(409);

    // The other nurse leaves at noon: her 09:00 patient still fits.
    const bad = await api('PUT', shiftPath(other!), charge, { startsAt: c.at(12), endsAt: c.at(7) });
    expect(fields(bad.body)).toEqual(['endsAt']);
    const cut = await api('PUT', shiftPath(other!), charge, { startsAt: c.at(7), endsAt: c.at(12) });
    expect(cut).toMatchObject({ status: 200, body: { endsAt: c.at(12), affectedAppointments: [] } });

    // A chair outage, then cancelled by the charge nurse.
    const chairs = (await api('GET', `/locations/${c.locationId}/chairs`, c.admin)).body as Array<{ id: string }>;
    const outage = await api('POST', `/locations/${c.locationId}/chairs/${chairs[1]!.id}/outages`, c.admin, {
      startsAt: c.at(7),
      endsAt: c.at(18),
      reason: 'pump recall',
    });
    const outagePath = `/locations/${c.locationId}/chairs/${chairs[1]!.id}/outages/${outage.body.id}`;
    expect((await api('DELETE', outagePath, elsewhere, {})).status).toBe(403);
    expect(fields((await api('DELETE', outagePath, charge, { reason: '' })).body)).toEqual(['reason']);
    const cancelled = await api('DELETE', outagePath, charge, { reason: 'pumps cleared' });
    expect(cancelled).toMatchObject({ status: 200, body: { id: outage.body.id, cancellationReason: 'pumps cleared' } });
    expect((await api('DELETE', outagePath, charge, {})).status).toBe(409);
    expect((await api('GET', `/locations/${c.locationId}/chairs/${chairs[1]!.id}/outages`, charge)).body).toEqual([]);

    const hours = await api('GET', `/locations/${c.locationId}/hours`, charge);
    expect(hours).toMatchObject({
      status: 200,
      body: {
        locationId: c.locationId,
        timeZone: ZONE,
        closedDates: [],
        weeklyHours: { '1': [{ opens: '08:00', closes: '18:00' }] },
      },
    });
    expect((await api('GET', `/locations/${c.locationId}/hours`, elsewhere)).status).toBe(403);
  });
});
