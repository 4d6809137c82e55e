import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { buildEvent, SessionOverrunProjectedV1 } from '@chairside/contracts';
import {
  call,
  produceRaw,
  testKafka,
  testRunId,
  tokenFor,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
  CenterFixture,
  startOnOwnDatabase,
  stopAndDrop,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'America/Chicago';

describe('scheduling operations: catalog, outages, holds, overbooking, plans, waitlist, at-risk, search across locations', () => {
  const runId = testRunId('operations');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  const day = DateTime.now().setZone(ZONE).plus({ days: 5 }).startOf('day');

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
      env: { HOLD_SWEEP_INTERVAL_MS: '300' },
    }));
  });
  afterAll(() => stopAndDrop(scheduling, db));

  const center = async (options: { chairs: number; nurses: number; capacity: number }) =>
    new CenterFixture(scheduling.url, ZONE, day).create({ ...options, name: `Center ${randomUUID().slice(0, 8)}` });
  const book = (c: CenterFixture, body: Record<string, unknown>, token = c.admin) =>
    call('POST', `${scheduling.url}/locations/${c.locationId}/appointments`, { token, body: { therapyCode: 'iron', ...body } });
  const outbox = (type: string) =>
    db
      .query<{ payload: string }>(`SELECT payload FROM outbox WHERE event_type = $1 ORDER BY position`, [
        `chairside.scheduling.${type}.v1`,
      ])
      .then((rows) => rows.map((r) => JSON.parse(r.payload).data));
  const chairsOf = async (c: CenterFixture) =>
    (await call('GET', `${scheduling.url}/locations/${c.locationId}/chairs`, { token: c.admin })).body as Array<{ id: string }>;
  const nursesOf = async (c: CenterFixture) =>
    (await db.query<{ id: string }>('SELECT id FROM nurse WHERE location_id = $1 ORDER BY display_name', [c.locationId])).map(
      (n) => n.id,
    );

  it('lets an admin edit the therapy catalog for the organisation, and placements follow it', async () => {
    const c = await center({ chairs: 2, nurses: 1, capacity: 4 });
    const [patient] = await c.patients(1);
    const list = await call('GET', `${scheduling.url}/therapies`, { token: c.admin });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(9);
    expect(list.body.find((t: { code: string }) => t.code === 'iron')).toMatchObject({
      isDefault: true,
      observationMinutes: 30,
      version: 0,
    });

    const iron = { ...list.body.find((t: { code: string }) => t.code === 'iron') };
    delete iron.code;
    delete iron.isDefault;
    delete iron.version;
    expect(
      (
        await call('PUT', `${scheduling.url}/therapies/iron`, {
          token: tokenFor(['scheduler'], [c.locationId]),
          body: { ...iron, observationMinutes: 60 },
        })
      ).status,
    ).toBe(403);
    // The catalog is the organisation's: changing it takes an admin of every location (the center's
    // own admin gets 403: apps/scheduling/test/authorization.int.test.ts).
    const organisationAdmin = c.organisationAdmin;
    const invalid = await call('PUT', `${scheduling.url}/therapies/iron`, {
      token: organisationAdmin,
      body: { ...iron, minDurationMinutes: 120, maxDurationMinutes: 60 },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([
      expect.objectContaining({ field: 'maxDurationMinutes' }),
      expect.objectContaining({ field: 'defaultDurationMinutes' }),
    ]);
    expect((await call('PUT', `${scheduling.url}/therapies/laetrile`, { token: organisationAdmin, body: iron })).status).toBe(
      404,
    );

    const edited = await call('PUT', `${scheduling.url}/therapies/iron`, {
      token: organisationAdmin,
      body: { ...iron, observationMinutes: 60 },
      headers: { 'if-match': '"0"' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ observationMinutes: 60, isDefault: false, version: 1 });
    expect(
      (
        await call('PUT', `${scheduling.url}/therapies/iron`, {
          token: organisationAdmin,
          body: iron,
          headers: { 'if-match': '"0"' },
        })
      ).status,
    ).toBe(409);

    const booked = await book(c, { patientId: patient, startsAt: c.at(9), durationMinutes: 30 });
    expect(booked.status).toBe(201);
    expect(Date.parse(booked.body.endsAt) - Date.parse(booked.body.startsAt)).toBe(90 * 60_000);
    expect(await outbox('therapy.settings-changed')).toEqual([
      expect.objectContaining({ therapyCode: 'iron', observationMinutes: 60, version: 1, isDefault: false }),
    ]);

    const reset = await call('DELETE', `${scheduling.url}/therapies/iron`, { token: organisationAdmin });
    expect(reset.body).toMatchObject({ observationMinutes: 30, isDefault: true, version: 2 });
  });

  it('takes a chair out of service: no booking there, and the appointments already on it are listed', async () => {
    const c = await center({ chairs: 1, nurses: 1, capacity: 4 });
    const [a, b] = await c.patients(2);
    const [chair] = await chairsOf(c);
    const first = await book(c, { patientId: a, startsAt: c.at(9) });
    expect(first.status).toBe(201);
    const outage = await call('POST', `${scheduling.url}/locations/${c.locationId}/chairs/${chair!.id}/outages`, {
      token: c.admin,
      body: { startsAt: c.at(8), endsAt: c.at(13), reason: 'Recliner motor repair' },
    });
    expect(outage.status).toBe(201);
    expect(outage.body.affectedAppointmentIds).toEqual([first.body.id]);
    const refused = await book(c, { patientId: b, startsAt: c.at(11) });
    expect(refused.status).toBe(409);
    expect(refused.body.reason).toBe('no-chair');
    expect((await book(c, { patientId: b, startsAt: c.at(14) })).status).toBe(201);
    const backwards = await call('POST', `${scheduling.url}/locations/${c.locationId}/chairs/${chair!.id}/outages`, {
      token: c.admin,
      body: { startsAt: c.at(13), endsAt: c.at(8), reason: 'x' },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].field).toBe('endsAt');
  });

  it('holds a slot, books the hold, and lets a lapsed hold go', async () => {
    const c = await center({ chairs: 1, nurses: 1, capacity: 4 });
    const [a, b, d] = await c.patients(3);
    const hold = await book(c, { patientId: a, startsAt: c.at(9), holdMinutes: 15 });
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ status: 'proposed', holdExpiresAt: expect.any(String) });
    expect((await book(c, { patientId: b, startsAt: c.at(9) })).status).toBe(409); // a hold blocks like a booking
    const booked = await call('POST', `${scheduling.url}/locations/${c.locationId}/appointments/${hold.body.id}/book`, {
      token: c.admin,
    });
    expect(booked.status).toBe(200);
    expect(booked.body).toMatchObject({ status: 'booked', holdExpiresAt: null, version: 2 });
    expect((await outbox('appointment.booked')).filter((e) => e.appointmentId === hold.body.id)).toHaveLength(1);

    const lapsing = await book(c, { patientId: d, startsAt: c.at(12), holdMinutes: 1 });
    await db.query(`UPDATE appointment SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, [lapsing.body.id]);
    await waitFor(
      async () => (await db.query(`SELECT status FROM appointment WHERE id = $1`, [lapsing.body.id]))[0].status === 'cancelled',
      { what: 'the lapsed hold to be released' },
    );
    expect((await outbox('appointment.hold-expired')).map((e) => e.appointmentId)).toContain(lapsing.body.id);
    expect(
      (await call('POST', `${scheduling.url}/locations/${c.locationId}/appointments/${lapsing.body.id}/book`, { token: c.admin }))
        .body.type,
    ).toBe('/problems/invalid-transition');
    expect((await book(c, { patientId: b, startsAt: c.at(12) })).status).toBe(201); // its time is free again
  });

  it('overbooks only for an admin who names chair, nurse and reason, and audits it', async () => {
    const c = await center({ chairs: 2, nurses: 1, capacity: 1 });
    const [a, b] = await c.patients(2);
    const [, chair2] = await chairsOf(c);
    const [nurse] = await nursesOf(c);
    expect((await book(c, { patientId: a, startsAt: c.at(10) })).status).toBe(201);
    const full = await book(c, { patientId: b, startsAt: c.at(10, 30) });
    expect(full.status).toBe(409);
    expect(full.body.reason).toBe('no-nurse');
    const request = {
      patientId: b,
      startsAt: c.at(10, 30),
      chairId: chair2!.id,
      nurseId: nurse,
      overbookReason: 'Oncologist asked to fit the patient in today',
    };
    expect((await book(c, request, tokenFor(['scheduler'], [c.locationId]))).status).toBe(403);
    expect((await book(c, { ...request, nurseId: undefined })).status).toBe(400);
    const overbooked = await book(c, request);
    expect(overbooked.status).toBe(201);
    expect(overbooked.body.overbooked).toBe(true);
    expect(
      await db.query(`SELECT actor_id, reason, violations FROM overbooking_audit WHERE appointment_id = $1`, [
        overbooked.body.id,
      ]),
    ).toEqual([{ actor_id: expect.any(String), reason: request.overbookReason, violations: ['nurse-capacity'] }]);
    expect((await outbox('appointment.booked')).find((e) => e.appointmentId === overbooked.body.id)).toMatchObject({
      overbooked: true,
    });
    // A chair is never in two places, override or not.
    expect(
      (
        await book(c, {
          ...request,
          patientId: (await c.patients(1))[0],
          chairId: (await chairsOf(c))[0]!.id,
          startsAt: c.at(10),
        })
      ).status,
    ).toBe(409);
  });

  it('books a treatment plan as far as it goes and reports each dose it could not place', async () => {
    const c = await center({ chairs: 1, nurses: 1, capacity: 4 });
    const [patient] = await c.patients(1);
    const plan = await call('POST', `${scheduling.url}/locations/${c.locationId}/treatment-plans`, {
      token: c.admin,
      body: { patientId: patient, therapyCode: 'iron', doses: 3, intervalDays: 7, firstStartsAt: c.at(9), toleranceDays: 1 },
    });
    expect(plan.status).toBe(201);
    // The fixture's nurses work on one day only: doses 2 and 3 have no nurse.
    expect(plan.body.placed).toEqual([{ dose: 1, appointmentId: expect.any(String), startsAt: new Date(c.at(9)).toISOString() }]);
    expect(plan.body.unplaced.map((u: { dose: number }) => u.dose)).toEqual([2, 3]);
    expect(plan.body.unplaced[0].reason).toMatch(/nurse/);
    expect(plan.body.unplaced[0].targetStartsAt).toBe(
      day.plus({ days: 7 }).set({ hour: 9 }).toUTC().toISO({ suppressMilliseconds: false }),
    );
    const [event] = (await outbox('treatment-plan.booked')).filter((e) => e.treatmentPlanId === plan.body.id);
    expect(event).toMatchObject({
      doses: 3,
      placed: [expect.objectContaining({ dose: 1 })],
      unplaced: [expect.objectContaining({ dose: 2 }), expect.objectContaining({ dose: 3 })],
    });
    const fetched = await call('GET', `${scheduling.url}/locations/${c.locationId}/treatment-plans/${plan.body.id}`, {
      token: c.admin,
    });
    expect(fetched.body.unplaced).toHaveLength(2);
    expect(
      (
        await call('POST', `${scheduling.url}/locations/${c.locationId}/treatment-plans`, {
          token: c.admin,
          body: { patientId: patient, therapyCode: 'iron', doses: 0, intervalDays: 7, firstStartsAt: c.at(9) },
        })
      ).body.errors[0].field,
    ).toBe('doses');
  });

  it('offers time freed by a cancellation to the waitlist, as a hold the patient can take', async () => {
    const c = await center({ chairs: 1, nurses: 1, capacity: 4 });
    const [a, b] = await c.patients(2);
    const first = await book(c, { patientId: a, startsAt: c.at(8), durationMinutes: 240 });
    expect(first.status).toBe(201);
    const join = await call('POST', `${scheduling.url}/locations/${c.locationId}/waitlist`, {
      token: c.admin,
      body: {
        patientId: b,
        therapyCode: 'iron',
        earliest: c.at(9),
        latest: c.at(12),
        preferredFrom: '10:00',
        preferredTo: '11:00',
      },
    });
    expect(join.status).toBe(201);
    expect(join.body.status).toBe('waiting');
    expect(
      (
        await call('POST', `${scheduling.url}/locations/${c.locationId}/waitlist`, {
          token: c.admin,
          body: { patientId: b, therapyCode: 'iron', earliest: c.at(12), latest: c.at(9) },
        })
      ).body.errors[0].field,
    ).toBe('latest');

    const cancelled = await call('POST', `${scheduling.url}/locations/${c.locationId}/appointments/${first.body.id}/cancel`, {
      token: c.admin,
      body: { reason: 'patient_request' },
    });
    expect(cancelled.status).toBe(200);
    const offered = await waitFor(
      async () => {
        const [row] = await db.query(`SELECT status, offered_appointment_id FROM waitlist_request WHERE id = $1`, [join.body.id]);
        return row.status === 'offered' && row;
      },
      { what: 'the waitlist offer' },
    );
    const [offer] = (await outbox('appointment.waitlist-offered')).filter((e) => e.waitlistRequestId === join.body.id);
    expect(offer).toMatchObject({
      appointmentId: offered.offered_appointment_id,
      patientId: b,
      freedByAppointmentId: first.body.id,
    });
    expect(DateTime.fromISO(offer.startsAt).setZone(ZONE).hour).toBe(10); // the patient's preferred time
    const taken = await call(
      'POST',
      `${scheduling.url}/locations/${c.locationId}/appointments/${offered.offered_appointment_id}/book`,
      { token: c.admin },
    );
    expect(taken.body.status).toBe('booked');
    expect((await db.query(`SELECT status FROM waitlist_request WHERE id = $1`, [join.body.id]))[0].status).toBe('booked');
  });

  it('marks the next appointment on the chair at risk when a session is projected to overrun', async () => {
    const c = await center({ chairs: 1, nurses: 2, capacity: 4 });
    const [a, b] = await c.patients(2);
    const first = await book(c, { patientId: a, startsAt: c.at(9) }); // iron 30 + 30 observation, chair free at 10:10
    const next = await book(c, { patientId: b, startsAt: c.at(10, 15) });
    expect([first.status, next.status]).toEqual([201, 201]);
    const overrun = buildEvent(
      SessionOverrunProjectedV1,
      {
        appointmentId: first.body.id,
        locationId: c.locationId,
        chairId: first.body.chairId,
        nurseId: first.body.nurseId,
        plannedEndsAt: first.body.endsAt,
        projectedEndsAt: DateTime.fromISO(c.at(10, 30)).toUTC().toISO()!,
        projectedAt: new Date().toISOString(),
      },
      { aggregateId: first.body.id, aggregateSequence: 5, correlationId: randomUUID(), locationId: c.locationId },
    );
    await produceRaw(testKafka(), SessionOverrunProjectedV1.topic.name, [{ key: first.body.id, value: JSON.stringify(overrun) }]);
    const atRisk = await waitFor(
      async () => (await outbox('appointment.at-risk')).find((e) => e.appointmentId === next.body.id),
      { what: 'the at-risk event' },
    );
    expect(atRisk).toMatchObject({ cause: 'chair_overrun', overrunAppointmentId: first.body.id, delayMinutes: 25 });
    expect(
      (await call('GET', `${scheduling.url}/locations/${c.locationId}/appointments/${next.body.id}`, { token: c.admin })).body
        .atRiskSince,
    ).toEqual(expect.any(String));
  });

  it('searches across the organisation’s locations, within the caller’s grant', async () => {
    const one = await center({ chairs: 1, nurses: 1, capacity: 4 });
    const two = await center({ chairs: 1, nurses: 1, capacity: 4 });
    const [patient] = await one.patients(1);
    const query = new URLSearchParams({
      locationIds: `${one.locationId},${two.locationId}`,
      therapyCode: 'iron',
      patientId: patient!,
      from: one.at(7),
      to: one.at(18),
      limit: '50',
    });
    // A scheduler of exactly the two centers searched.
    const schedulerOfBoth = tokenFor(['scheduler'], [one.locationId, two.locationId]);
    const slots = await call('GET', `${scheduling.url}/slots?${query}`, { token: schedulerOfBoth });
    expect(slots.status).toBe(200);
    expect(new Set(slots.body.map((s: { locationId: string }) => s.locationId))).toEqual(
      new Set([one.locationId, two.locationId]),
    );
    const scores = slots.body.map((s: { score: number }) => s.score);
    expect(scores).toEqual([...scores].sort((x, y) => x - y));
    const narrow = tokenFor(['scheduler'], [one.locationId]);
    expect((await call('GET', `${scheduling.url}/slots?${query}`, { token: narrow })).status).toBe(403);
    const bad = await call(
      'GET',
      `${scheduling.url}/slots?${new URLSearchParams({ ...Object.fromEntries(query), locationIds: 'nope' })}`,
      // 'nope' is in no limited grant, so the guard answers 403 first; only the whole organisation's grant reaches validation.
      { token: tokenFor(['scheduler'], '*') },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('locationIds');
  });
});
