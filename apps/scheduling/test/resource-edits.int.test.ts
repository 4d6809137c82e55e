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
import { schedulingDataSourceOptions } from '../src/database/data-source.js';

const ZONE = 'Europe/Madrid';

interface Affected {
  appointmentId: string;
}
const ids = (body: { affectedAppointments?: Affected[] }) => (body.affectedAppointments ?? []).map((a) => a.appointmentId);

/**
 * Resource edits over HTTP as a charge nurse limited to one location (another location's charge
 * nurse is refused): a new outage, an outage edited (reason only, then longer), a nurse's
 * certifications, a chair retired and renamed, a part-day closure and a holiday. Each change
 * validates first (400 naming the field), honours If-Match (409), lists the appointments it
 * affects, flags them and hands them to the re-plan (proposals appear over Kafka), is audited
 * and is published. And a location registered and edited by an admin: its time zone is kept while
 * appointments are to come there.
 */
describe('scheduling: nurse, chair, outage and closure edits hand what they affect to the re-plan', () => {
  const restoreTopics = useOwnTopics('resource_edits');
  afterAll(restoreTopics);
  const runId = testRunId('resource_edits');
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

  const api = (method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) =>
    call(method, `${scheduling.url}${path}`, { token, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const fields = (body: { errors?: Array<{ field: string }> }) => [...new Set((body.errors ?? []).map((e) => e.field))];
  const outbox = (type: string) =>
    db
      .query<{ payload: string }>(`SELECT payload FROM outbox WHERE event_type = $1 ORDER BY position`, [
        `chairside.scheduling.${type}.v1`,
      ])
      .then((rows) => rows.map((r) => JSON.parse(r.payload).data as Record<string, unknown>));

  it('outages, nurse, chair and closure edits: validated, versioned, listed, flagged, re-planned, audited, published', async () => {
    const c = await new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 3,
      nurses: 2,
      capacity: 4,
      name: `Edits ${randomUUID().slice(0, 6)}`,
    });
    const L = `/locations/${c.locationId}`;
    const charge = tokenFor(['charge-nurse'], [c.locationId]);
    const elsewhere = tokenFor(['charge-nurse'], [randomUUID()]);
    const chairs = (await api('GET', `${L}/chairs`, c.admin)).body as Array<{ id: string; label: string; version: number }>;
    const nurses = (await api('GET', `${L}/nurses`, c.admin)).body as Array<{ id: string; version: number }>;
    const [one, two, three] = chairs;
    const [first, second] = nurses;
    const patients = await c.patients(8);
    const book = async (patientId: string, hour: number, chairId: string, nurseId: string) => {
      const r = await api('POST', `${L}/appointments`, c.admin, {
        therapyCode: 'hydration',
        patientId,
        startsAt: c.at(hour),
        chairId,
        nurseId,
      });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const atRisk = async (appointmentIds: string[]) =>
      (
        await db.query<{ id: string }>('SELECT id FROM appointment WHERE id = ANY($1) AND at_risk_since IS NOT NULL', [
          appointmentIds,
        ])
      ).map((r) => r.id);

    // A new outage over a booked appointment, by the charge nurse: flagged, listed and re-planned like a sick call.
    const early = await book(patients[0]!, 9, one!.id, first!.id);
    const later = await book(patients[1]!, 13, one!.id, second!.id);
    const outages = `${L}/chairs/${one!.id}/outages`;
    expect((await api('POST', outages, elsewhere, { startsAt: c.at(8), endsAt: c.at(11), reason: 'pump' })).status).toBe(403);
    const backwards = await api('POST', outages, charge, { startsAt: c.at(11), endsAt: c.at(8), reason: 'pump' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'endsAt', reason: 'must be after startsAt' })]);
    const outage = await api('POST', outages, charge, { startsAt: c.at(8), endsAt: c.at(11), reason: 'pump' });
    expect(outage.status).toBe(201);
    expect(outage.body.affectedAppointmentIds).toEqual([early]);
    expect(ids(outage.body)).toEqual([early]);
    expect(await atRisk([early, later])).toEqual([early]);
    const proposal = await waitFor(
      async () => {
        const r = await api('GET', `${L}/replans?date=${day.toISODate()}`, charge);
        return (r.body.proposals as Array<{ appointmentId: string; cause: string; proposed: { chairId: string } }>)?.find(
          (p) => p.appointmentId === early,
        );
      },
      { what: 'a re-plan proposal for the appointment on the chair out of service', timeoutMs: 90_000 },
    );
    expect(proposal.proposed.chairId).not.toBe(one!.id);

    // The outage edited: the reason alone flags nobody; a stale If-Match is refused; a longer period flags what it newly covers.
    const outagePath = `${outages}/${outage.body.id}`;
    expect((await api('PATCH', outagePath, elsewhere, { reason: 'x' })).status).toBe(403);
    expect(fields((await api('PATCH', outagePath, charge, { reason: '' })).body)).toEqual(['reason']);
    const inverted = await api('PATCH', outagePath, charge, { endsAt: c.at(7) });
    expect(inverted.status).toBe(400);
    expect(inverted.body.errors).toEqual([expect.objectContaining({ field: 'endsAt', reason: 'must be after startsAt' })]);
    const renamed = await api('PATCH', outagePath, charge, { reason: 'pump recall' }, { 'If-Match': '"1"' });
    expect(renamed).toMatchObject({ status: 200, body: { reason: 'pump recall', version: 2, affectedAppointments: [] } });
    expect((await api('PATCH', outagePath, charge, { endsAt: c.at(15) }, { 'If-Match': '"1"' })).status).toBe(409);
    const longer = await api('PATCH', outagePath, charge, { endsAt: c.at(15) }, { 'If-Match': '"2"' });
    expect(longer.status).toBe(200);
    expect(ids(longer.body)).toEqual([later]);

    // The first nurse loses a certification her 15:00 patient's therapy needs.
    const hers = await book(patients[2]!, 15, two!.id, first!.id);
    const nursePath = `${L}/nurses/${first!.id}`;
    expect((await api('PATCH', nursePath, elsewhere, { capacity: 3 })).status).toBe(403);
    expect(fields((await api('PATCH', nursePath, charge, { capacity: 0 })).body)).toEqual(['capacity']);
    expect(fields((await api('PATCH', nursePath, charge, { certifications: ['surgery'] })).body)).toEqual(['certifications']);
    expect(fields((await api('PATCH', nursePath, charge, { startWindowMinutes: 61 })).body)).toEqual(['startWindowMinutes']);
    const loosened = await api('PATCH', nursePath, charge, { capacity: 5 }, { 'If-Match': `"${first!.version}"` });
    expect(loosened).toMatchObject({ status: 200, body: { capacity: 5, version: first!.version + 1, affectedAppointments: [] } });
    expect(
      (
        await api(
          'PATCH',
          nursePath,
          charge,
          { certifications: ['chemotherapy_biotherapy'] },
          { 'If-Match': `"${first!.version}"` },
        )
      ).status,
    ).toBe(409);
    const uncertified = await api('PATCH', nursePath, charge, { certifications: ['chemotherapy_biotherapy'] });
    expect(uncertified.status).toBe(200);
    expect(ids(uncertified.body)).toEqual([early, hers]);
    expect(await atRisk([hers])).toEqual([hers]);

    // The third chair retired: its coming appointment is flagged; a rename of the retired chair flags nobody; no booking lands on it.
    const onThree = await book(patients[3]!, 10, three!.id, second!.id);
    const chairPath = `${L}/chairs/${three!.id}`;
    expect((await api('PATCH', chairPath, elsewhere, { retired: true })).status).toBe(403);
    expect(fields((await api('PATCH', chairPath, charge, { label: '' })).body)).toEqual(['label']);
    expect(fields((await api('PATCH', chairPath, charge, {})).body)).toEqual(['label']);
    expect((await api('PATCH', chairPath, charge, { label: two!.label })).status).toBe(409);
    expect((await api('PATCH', chairPath, charge, { retired: true }, { 'If-Match': `"${three!.version + 5}"` })).status).toBe(
      409,
    );
    const retired = await api('PATCH', chairPath, charge, { retired: true }, { 'If-Match': `"${three!.version}"` });
    expect(retired).toMatchObject({ status: 200, body: { retiredAt: expect.any(String), version: three!.version + 1 } });
    expect(ids(retired.body)).toEqual([onThree]);
    const renamedRetired = await api('PATCH', chairPath, charge, { label: 'Chair 3 (stored)' });
    expect(renamedRetired).toMatchObject({ status: 200, body: { label: 'Chair 3 (stored)', affectedAppointments: [] } });
    const ontoRetired = await api('POST', `${L}/appointments`, c.admin, {
      therapyCode: 'hydration',
      patientId: patients[4],
      startsAt: c.at(12),
      chairId: three!.id,
    });
    expect(ontoRetired.status).toBe(409);
    const listed = (await api('GET', `${L}/chairs`, charge)).body as Array<{ id: string; retiredAt: string | null }>;
    expect(listed.find((x) => x.id === three!.id)?.retiredAt).toEqual(retired.body.retiredAt);

    // A part-day closure 11:00–12:00: the 11:00 appointment is flagged, nothing new is booked then; a holiday the day after.
    const closing = await book(patients[5]!, 11, two!.id, second!.id);
    const closures = `${L}/closures`;
    const date = day.toISODate()!;
    expect((await api('POST', closures, elsewhere, { date, from: '11:00', to: '12:00', reason: 'x' })).status).toBe(403);
    expect(fields((await api('POST', closures, charge, { date, from: '11:00', reason: 'x' })).body)).toEqual(['to']);
    expect(fields((await api('POST', closures, charge, { date, from: '11:00', to: '25:00', reason: 'x' })).body)).toEqual(['to']);
    expect(fields((await api('POST', closures, charge, { date: '2026-02-30x', reason: 'x' })).body)).toEqual(['date']);
    const partial = await api('POST', closures, charge, { date, from: '11:00', to: '12:00', reason: 'staff training' });
    expect(partial).toMatchObject({ status: 201, body: { kind: 'partial-day', startsAt: c.at(11), endsAt: c.at(12) } });
    expect(ids(partial.body)).toEqual([closing]);
    const intoClosure = await api('POST', `${L}/appointments`, c.admin, {
      therapyCode: 'hydration',
      patientId: patients[6],
      startsAt: c.at(11, 15),
    });
    expect(intoClosure.status).toBe(409);
    const holiday = await api('POST', closures, charge, { date: day.plus({ days: 1 }).toISODate(), reason: 'local holiday' });
    expect(holiday).toMatchObject({ status: 201, body: { kind: 'holiday', from: null, affectedAppointments: [] } });
    const read = await api('GET', closures, charge);
    expect(read.body.map((k: { id: string }) => k.id)).toEqual([partial.body.id, holiday.body.id]);
    expect((await api('GET', closures, elsewhere)).status).toBe(403);

    // Each change was audited and published; every flagged appointment got an appointment.needs-replan.
    const audited = await db.query<{ resource_type: string; action: string; outcome: string }>(
      `SELECT resource_type, action, outcome FROM audit_record WHERE resource_type IN ('chair', 'nurse', 'chair-outage', 'closure') AND outcome = 'success'`,
    );
    expect(new Set(audited.map((a) => `${a.resource_type}:${a.action}`))).toEqual(
      new Set(['chair-outage:create', 'chair-outage:update', 'nurse:update', 'chair:update', 'closure:create']),
    );
    expect((await outbox('chair.outage-changed')).map((e) => e.affectedAppointmentIds)).toEqual([[], [later]]);
    expect((await outbox('nurse.updated')).map((e) => e.affectedAppointmentIds)).toEqual([[], [early, hers]]);
    expect((await outbox('chair.updated')).map((e) => e.affectedAppointmentIds)).toEqual([[onThree], []]);
    expect((await outbox('location.closure-added')).map((e) => e.kind)).toEqual(['partial-day', 'holiday']);
    const needsReplan = await outbox('appointment.needs-replan');
    expect(needsReplan.map((e) => `${e.cause}:${e.appointmentId}`)).toEqual([
      `chair_outage:${early}`,
      `chair_outage:${later}`,
      `nurse_changed:${early}`,
      `nurse_changed:${hers}`,
      `chair_retired:${onThree}`,
      `location_closure:${closing}`,
    ]);
  });

  it('a closure changed and removed with If-Match: what it newly covers is listed, a stale version is a 409, freed time books again', async () => {
    const c = await new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 2,
      nurses: 1,
      capacity: 4,
      name: `Closures ${randomUUID().slice(0, 6)}`,
    });
    const L = `/locations/${c.locationId}`;
    const charge = tokenFor(['charge-nurse'], [c.locationId]);
    const elsewhere = tokenFor(['charge-nurse'], [randomUUID()]);
    const [morning, afternoon, later, again] = await c.patients(4);
    const book = (patientId: string, hour: number, minute = 0) =>
      api('POST', `${L}/appointments`, c.admin, { therapyCode: 'hydration', patientId, startsAt: c.at(hour, minute) });
    const at11 = (await book(morning!, 11)).body.id as string;
    const at14 = (await book(afternoon!, 14)).body.id as string;
    const date = day.toISODate()!;
    const added = await api('POST', `${L}/closures`, charge, { date, from: '10:00', to: '12:00', reason: 'staff training' });
    expect(added).toMatchObject({ status: 201, body: { version: 1 } });
    expect(added.headers.get('etag')).toBe('"1"');
    expect(ids(added.body)).toEqual([at11]);
    const one = `${L}/closures/${added.body.id}`;

    expect((await api('PATCH', one, elsewhere, { from: '13:00', to: '15:00' })).status).toBe(403);
    expect(fields((await api('PATCH', one, charge, { from: '13:00' })).body)).toEqual(['to']);
    expect(fields((await api('PATCH', one, charge, { from: '13:00', to: '25:00' })).body)).toEqual(['to']);
    expect(fields((await api('PATCH', `${L}/closures/not-a-uuid`, charge, { reason: 'x' })).body)).toEqual(['closureId']);
    const stale = await api('PATCH', one, charge, { from: '13:00', to: '15:00' }, { 'if-match': '"5"' });
    expect(stale).toMatchObject({ status: 409, body: { type: '/problems/version-mismatch', currentVersion: 1 } });
    // To the afternoon: only the 14:00 appointment is newly covered; the morning takes bookings again.
    const moved = await api('PATCH', one, charge, { from: '13:00', to: '15:00' }, { 'if-match': '"1"' });
    expect(moved).toMatchObject({
      status: 200,
      body: { version: 2, kind: 'partial-day', from: '13:00', to: '15:00', startsAt: c.at(13), endsAt: c.at(15) },
    });
    expect(moved.headers.get('etag')).toBe('"2"');
    expect(ids(moved.body)).toEqual([at14]);
    expect((await book(later!, 11, 30)).status).toBe(201);
    expect((await book(again!, 14, 30)).status).toBe(409);
    expect((await api('GET', `${L}/closures`, charge)).body).toEqual([
      expect.objectContaining({ id: added.body.id, version: 2, from: '13:00' }),
    ]);

    expect((await api('DELETE', one, elsewhere)).status).toBe(403);
    expect((await api('DELETE', one, charge, undefined, { 'if-match': '"1"' })).status).toBe(409);
    const removed = await api('DELETE', one, charge, undefined, { 'if-match': '"2"' });
    expect(removed).toMatchObject({ status: 200, body: { id: added.body.id, startsAt: c.at(13), endsAt: c.at(15) } });
    expect((await api('DELETE', one, charge)).status).toBe(404);
    expect((await api('GET', `${L}/closures`, charge)).body).toEqual([]);
    expect((await book(again!, 14, 30)).status).toBe(201);

    const audited = await db.query<{ action: string; outcome: string }>(
      `SELECT action, outcome FROM audit_record WHERE resource_type = 'closure' AND resource_id = $1 ORDER BY seq`,
      [added.body.id],
    );
    expect(audited.filter((a) => a.outcome === 'success').map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    expect((await outbox('location.closure-changed')).filter((e) => e.closureId === added.body.id)).toEqual([
      expect.objectContaining({ version: 2, affectedAppointmentIds: [at14] }),
    ]);
    expect((await outbox('location.closure-removed')).filter((e) => e.closureId === added.body.id)).toHaveLength(1);
  });
  it('a location created and edited by an admin: blank name or address and an unknown zone refused, the zone kept while appointments are to come, each change audited', async () => {
    // Registering a center is organisation-wide (POST /locations): only an admin of every location may.
    const organisationAdmin = tokenFor(['admin'], '*');
    const refusedFields = async (method: string, path: string, token: string, body: unknown) => {
      const answer = await api(method, path, token, body);
      expect(answer.status).toBe(400);
      expect(answer.body.type).toBe('/problems/validation-failed');
      return fields(answer.body);
    };
    expect(await refusedFields('POST', '/locations', organisationAdmin, { name: '   ', timeZone: ZONE })).toEqual(['name']);
    expect(await refusedFields('POST', '/locations', organisationAdmin, { name: 'Norte', timeZone: 'Mars/Olympus' })).toEqual([
      'timeZone',
    ]);
    expect(
      await refusedFields('POST', '/locations', organisationAdmin, { name: 'Norte', timeZone: ZONE, centerAddress: ' ' }),
    ).toEqual(['centerAddress']);
    const registered = await api('POST', '/locations', organisationAdmin, {
      name: `Norte ${randomUUID().slice(0, 6)}`,
      timeZone: ZONE,
      centerAddress: 'Calle Mayor 1, Madrid',
    });
    expect(registered).toMatchObject({ status: 201, body: { timeZone: ZONE, version: 1 } });
    const fresh = `/locations/${registered.body.id}`;
    // Everything after this is the admin of that one center.
    const freshAdmin = tokenFor(['admin'], [registered.body.id]);
    expect(await refusedFields('PATCH', fresh, freshAdmin, { name: '' })).toEqual(['name']);
    expect(await refusedFields('PATCH', fresh, freshAdmin, { centerAddress: '\t' })).toEqual(['centerAddress']);
    expect(await refusedFields('PATCH', fresh, freshAdmin, { timeZone: 'Europe/Atlantis' })).toEqual(['timeZone']);
    expect((await api('PATCH', fresh, tokenFor(['admin'], [randomUUID()]), { name: 'Elsewhere' })).status).toBe(403);
    // No appointment there yet: the zone changes (200), with the name and address, at the version read.
    const moved = await api(
      'PATCH',
      fresh,
      freshAdmin,
      { name: 'Norte (Canarias)', centerAddress: 'Calle Triana 2, Las Palmas', timeZone: 'Atlantic/Canary' },
      { 'if-match': '"1"' },
    );
    expect(moved).toMatchObject({
      status: 200,
      body: { name: 'Norte (Canarias)', centerAddress: 'Calle Triana 2, Las Palmas', timeZone: 'Atlantic/Canary', version: 2 },
    });
    expect(moved.headers.get('etag')).toBe('"2"');
    expect((await api('PATCH', fresh, freshAdmin, { name: 'Stale' }, { 'if-match': '"1"' })).status).toBe(409);

    // A center with a booking to come: its zone is kept (409, nothing changed); its name still changes.
    const c = await new CenterFixture(scheduling.url, ZONE, day).create({
      chairs: 1,
      nurses: 1,
      capacity: 2,
      name: `Zoned ${randomUUID().slice(0, 6)}`,
    });
    const L = `/locations/${c.locationId}`;
    const [patient] = await c.patients(1);
    const booked = await api('POST', `${L}/appointments`, c.admin, {
      therapyCode: 'hydration',
      patientId: patient,
      startsAt: c.at(10),
    });
    expect(booked.status).toBe(201);
    const before = (await api('GET', L, c.admin)).body as { version: number };
    const refused = await api('PATCH', L, c.admin, { timeZone: 'Atlantic/Canary' }, { 'if-match': `"${before.version}"` });
    expect(refused).toMatchObject({
      status: 409,
      body: { type: '/problems/location-has-coming-appointments', comingAppointments: 1, firstStartsAt: c.at(10) },
    });
    expect((await api('GET', L, c.admin)).body).toMatchObject({ timeZone: ZONE, version: before.version });
    // The same zone again is no change of zone.
    const renamed = await api('PATCH', L, c.admin, { name: 'Zoned, renamed', timeZone: ZONE });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'Zoned, renamed', timeZone: ZONE, version: before.version + 1 } });
    // Once the booking is cancelled nothing is to come there, and the zone changes.
    const cancelled = await api('POST', `${L}/appointments/${booked.body.id}/cancel`, c.admin, { reason: 'center' });
    expect(cancelled.status).toBe(200);
    expect(await api('PATCH', L, c.admin, { timeZone: 'Atlantic/Canary' })).toMatchObject({
      status: 200,
      body: { timeZone: 'Atlantic/Canary', version: before.version + 2 },
    });

    // Each attempt is in the audit trail, by whom and with its outcome (written beside the response, so waited for).
    const trail = (locationId: string) =>
      db.query<{ action: string; outcome: string; status: number; actor_subject: string }>(
        `SELECT action, outcome, status, actor_subject FROM audit_record
          WHERE resource_type = 'location' AND resource_id = $1 ORDER BY seq`,
        [locationId],
      );
    const audited = (locationId: string, n: number) =>
      waitFor(
        async () => {
          const rows = await trail(locationId);
          return rows.length >= n && rows;
        },
        { what: `${n} audit records of location ${locationId}` },
      );
    const freshTrail = await audited(registered.body.id, 7);
    expect(freshTrail.map((r) => `${r.action}:${r.status}`)).toEqual([
      'create:201',
      'update:400',
      'update:400',
      'update:400',
      'update:403',
      'update:200',
      'update:409',
    ]);
    expect(freshTrail.filter((r) => r.outcome === 'success').map((r) => r.action)).toEqual(['create', 'update']);
    const zonedTrail = await audited(c.locationId, 4);
    expect(zonedTrail.map((r) => `${r.action}:${r.status}`)).toEqual(['create:201', 'update:409', 'update:200', 'update:200']);
    expect(new Set(zonedTrail.slice(1).map((r) => r.actor_subject))).toEqual(new Set(['test-admin']));
    expect((await outbox('location.updated')).filter((e) => e.locationId === c.locationId).map((e) => e.timeZone)).toEqual([
      ZONE,
      'Atlantic/Canary',
    ]);
  });
});
