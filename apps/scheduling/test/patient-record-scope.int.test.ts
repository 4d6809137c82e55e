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
  waitFor,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'Europe/Madrid';

/**
 * The patient record the console shows (GET /patients/{id}: appointments, treatment plans,
 * waitlist entries; a plan's doses) is for the staff of the patient's location only, and every
 * look at it, allowed or refused, is in the audit trail with who looked and at whom.
 */
describe("a patient's record over HTTP: shown to a scheduler of the patient's location, not to one of another, every look audited", () => {
  const runId = testRunId('ops22_record_scope');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  let a: CenterFixture;
  let b: CenterFixture;
  let schedulerA: string;
  let schedulerB: string;
  const day = DateTime.now().setZone(ZONE).plus({ days: 6 }).startOf('day');

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
    }));
    a = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 1, nurses: 1, capacity: 4, name: 'Record A' });
    b = await new CenterFixture(scheduling.url, ZONE, day).create({ chairs: 1, nurses: 1, capacity: 4, name: 'Record B' });
    schedulerA = tokenFor(['scheduler'], [a.locationId], undefined, 'scheduler-of-a');
    schedulerB = tokenFor(['scheduler'], [b.locationId], undefined, 'scheduler-of-b');
  });
  afterAll(() => stopAndDrop(scheduling, db));

  const url = (path: string) => `${scheduling.url}${path}`;
  const get = (path: string, token: string) => call('GET', url(path), { token });
  const post = (path: string, body: unknown, token = schedulerA) => call('POST', url(path), { token, body });

  it('A sees the plan and the waitlist entry in the record and the plan’s doses; B gets 404/403; each look is audited', async () => {
    const patient = (
      await post('/patients', { givenName: 'Rocío', familyName: 'Alcázar', dateOfBirth: '1958-09-12', locationId: a.locationId })
    ).body;
    const plan = await post(`/locations/${a.locationId}/treatment-plans`, {
      patientId: patient.id,
      therapyCode: 'iron',
      doses: 2,
      intervalDays: 7,
      firstStartsAt: a.at(10),
    });
    expect(plan.status).toBe(201);
    const waiting = await post(`/locations/${a.locationId}/waitlist`, {
      patientId: patient.id,
      therapyCode: 'iron',
      earliest: a.at(8),
      latest: day.plus({ days: 14 }).toUTC().toISO(),
    });
    expect(waiting.status).toBe(201);

    const record = await get(`/patients/${patient.id}`, schedulerA);
    expect(record.status).toBe(200);
    expect(record.body.treatmentPlans).toEqual([expect.objectContaining({ id: plan.body.id })]);
    expect(record.body.waitlist).toEqual([expect.objectContaining({ id: waiting.body.id, locationId: a.locationId })]);
    // The first dose is placed (the center is staffed that day only); it is on the record with its plan.
    expect(record.body.upcomingAppointments).toEqual([
      expect.objectContaining({ treatmentPlanId: plan.body.id, doseNumber: 1, locationId: a.locationId }),
    ]);
    const doses = await get(`/locations/${a.locationId}/treatment-plans/${plan.body.id}`, schedulerA);
    expect(doses.status).toBe(200);
    expect(doses.body).toMatchObject({ id: plan.body.id, patientId: patient.id });

    // B's scheduler: the patient is not theirs to see (404, nothing disclosed), A's plan not theirs to open (403).
    const refused = await get(`/patients/${patient.id}`, schedulerB);
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(refused.body)).not.toContain('Alcázar');
    const otherPlan = await get(`/locations/${a.locationId}/treatment-plans/${plan.body.id}`, schedulerB);
    expect(otherPlan.status).toBe(403);
    expect(JSON.stringify(otherPlan.body)).not.toContain(patient.id);
    // Nor through B's own location: the plan is A's.
    expect((await get(`/locations/${b.locationId}/treatment-plans/${plan.body.id}`, schedulerB)).status).toBe(404);

    const looks = await waitFor(
      async () => {
        const rows = await db.query<{
          actor_subject: string;
          resource_type: string;
          action: string;
          status: number;
          patient_id: string | null;
        }>(
          `SELECT actor_subject, resource_type, action, status, patient_id FROM audit_record
            WHERE action = 'read' AND (resource_id = $1 OR resource_id = $2) ORDER BY seq`,
          [patient.id, plan.body.id],
        );
        return rows.length >= 5 ? rows : undefined;
      },
      { what: 'every look at the record audited' },
    );
    expect(looks.map((r) => [r.actor_subject, r.resource_type, r.status])).toEqual([
      ['scheduler-of-a', 'patient', 200],
      ['scheduler-of-a', 'treatment-plan', 200],
      ['scheduler-of-b', 'patient', 404],
      ['scheduler-of-b', 'treatment-plan', 403],
      ['scheduler-of-b', 'treatment-plan', 404],
    ]);
    // The allowed looks name the patient they disclosed.
    expect(looks.slice(0, 2).map((r) => r.patient_id)).toEqual([patient.id, patient.id]);
  });
});
