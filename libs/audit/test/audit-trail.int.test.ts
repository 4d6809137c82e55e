import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PatientContactChangedV1 } from '@chairside/contracts';
import {
  call,
  readTopicUntil,
  SchedulingFeed,
  startOnOwnDatabase,
  stopAndDrop,
  testKafka,
  testRunId,
  tokenFor,
  useOwnTopics,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../../apps/scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../../apps/sessions/src/database/data-source.js';
import { notificationsDataSourceOptions } from '../../../apps/notifications/src/database/data-source.js';
import { searchAuditTrailAcrossServices } from '../src/audit-across-services.js';
import { verifyAuditChain } from '../src/audit-chain.js';

const run = promisify(execFile);

interface AuditRow {
  seq: string;
  actor_subject: string | null;
  actor_roles: string[];
  organisation_id: string | null;
  resource_type: string;
  resource_id: string | null;
  patient_id: string | null;
  action: string;
  outcome: string;
  status: number;
  route: string;
  record_id: string;
  ip: string | null;
  user_agent: string | null;
}

describe('audit trail: every look at and change of patient data, refusals included, append-only and hash-chained', () => {
  const restoreTopics = useOwnTopics('audit');
  afterAll(restoreTopics);
  const runId = testRunId('audit');
  let sessionsDb: TestDatabase;
  let sessions: ServiceProcess;
  let notificationsDb: TestDatabase;
  let notifications: ServiceProcess;
  let schedulingDb: TestDatabase;
  let scheduling: ServiceProcess;
  const feed = new SchedulingFeed('Europe/Madrid');
  const otherLocation = randomUUID();
  // The least privileged users who may do each thing: limited to ONE location.
  const nurse = tokenFor(['nurse'], [feed.locationId]);
  const scheduler = tokenFor(['scheduler'], [feed.locationId]);
  const outsider = tokenFor(['nurse'], [otherLocation]);
  // GET /audit is organisation-wide (@OrganisationWide): the privacy officer of every location.
  const privacyOfficer = tokenFor(['privacy-officer'], '*');

  beforeAll(async () => {
    [
      { db: sessionsDb, service: sessions },
      { db: notificationsDb, service: notifications },
      { db: schedulingDb, service: scheduling },
    ] = await Promise.all([
      startOnOwnDatabase({ service: 'sessions', runId, dataSourceOptions: sessionsDataSourceOptions }),
      startOnOwnDatabase({ service: 'notifications', runId, dataSourceOptions: notificationsDataSourceOptions }),
      // Scheduling sits behind the console (a proxy on loopback here); sessions trusts no proxy.
      startOnOwnDatabase({
        service: 'scheduling',
        runId,
        dataSourceOptions: schedulingDataSourceOptions,
        env: { HTTP_TRUSTED_PROXIES: 'loopback' },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([
      stopAndDrop(sessions, sessionsDb),
      stopAndDrop(notifications, notificationsDb),
      stopAndDrop(scheduling, schedulingDb),
    ]);
  });

  /** Each call carries its own correlation id, so its audit records can be told from every other. */
  const traced = (method: string, url: string, token: string | undefined, body?: unknown) => {
    const correlationId = randomUUID();
    return call(method, url, {
      ...(token ? { token } : {}),
      ...(body !== undefined ? { body } : {}),
      headers: { 'x-correlation-id': correlationId },
    }).then((response) => ({ ...response, correlationId }));
  };
  const recordsOf = (db: TestDatabase, correlationId: string) =>
    db.query<AuditRow>('SELECT * FROM audit_record WHERE correlation_id = $1 ORDER BY seq', [correlationId]);
  /** Refusals are written when the response has ended: wait for them, then make sure there is only one. */
  const eventually = async (db: TestDatabase, correlationId: string) => {
    const rows = await waitFor(async () => {
      const found = await recordsOf(db, correlationId);
      return found.length ? found : undefined;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(await recordsOf(db, correlationId)).toHaveLength(rows.length);
    return rows;
  };

  let appointmentId: string;
  let patientId: string;

  it('reading a session, recording and reading vitals, reading messages: one record each, with the actor and the patient', async () => {
    await feed.open(1, 1);
    patientId = randomUUID();
    await feed.send(PatientContactChangedV1, patientId, {
      patientId,
      organisationId: feed.organisationId,
      givenName: 'Ana',
      phone: null,
      email: 'ana@example.org',
      preferredLanguage: 'es',
      preferredChannel: 'email',
      notificationConsent: true,
    });
    const booked = await feed.book(new Date(Date.now() + 10 * 60_000), { patientId });
    appointmentId = booked.appointmentId;
    const sessionUrl = `${sessions.url}/locations/${feed.locationId}/sessions/${appointmentId}`;
    await waitFor(async () => (await call('GET', sessionUrl, { token: nurse })).status === 200 || undefined);
    await call('POST', `${sessionUrl}/check-in`, { token: nurse, body: {} });

    const read = await traced('GET', sessionUrl, nurse);
    expect(read.status).toBe(200);
    expect(await recordsOf(sessionsDb, read.correlationId)).toEqual([
      expect.objectContaining({
        actor_subject: 'test-nurse',
        actor_roles: ['nurse'],
        organisation_id: feed.organisationId,
        resource_type: 'session',
        resource_id: appointmentId,
        patient_id: patientId,
        action: 'read',
        outcome: 'success',
        status: 200,
        route: 'GET /locations/:locationId/sessions/:appointmentId',
      }),
    ]);

    const vitals = await traced('POST', `${sessionUrl}/vitals`, nurse, { systolic: 120, diastolic: 80, heartRate: 70 });
    expect(vitals.status).toBe(201);
    expect(await recordsOf(sessionsDb, vitals.correlationId)).toEqual([
      expect.objectContaining({
        actor_subject: 'test-nurse',
        resource_type: 'vitals',
        resource_id: (vitals.body as { id: string }).id,
        patient_id: patientId,
        action: 'create',
        outcome: 'success',
        status: 201,
      }),
    ]);

    // Reading the vital signs: they are read with their session (no other route returns them), one record.
    const vitalsRead = await traced('GET', sessionUrl, nurse);
    expect(JSON.stringify(vitalsRead.body)).toContain((vitals.body as { id: string }).id);
    expect(await recordsOf(sessionsDb, vitalsRead.correlationId)).toEqual([
      expect.objectContaining({
        actor_subject: 'test-nurse',
        resource_type: 'session',
        resource_id: appointmentId,
        patient_id: patientId,
        action: 'read',
        outcome: 'success',
      }),
    ]);

    const messagesUrl = `${notifications.url}/appointments/${appointmentId}/messages`;
    await waitFor(async () => (await call('GET', messagesUrl, { token: scheduler })).status === 200 || undefined);
    const messages = await traced('GET', messagesUrl, scheduler);
    expect(messages.status).toBe(200);
    expect(await recordsOf(notificationsDb, messages.correlationId)).toEqual([
      expect.objectContaining({
        actor_subject: 'test-scheduler',
        resource_type: 'messages',
        resource_id: appointmentId,
        patient_id: patientId,
        action: 'read',
        outcome: 'success',
      }),
    ]);
  });

  it('a change of a contact is recorded, and the event it causes carries the actor', async () => {
    const created = await call<{ id: string }>('POST', `${scheduling.url}/patients`, {
      token: scheduler,
      body: { givenName: 'Luis', familyName: 'Ortega', dateOfBirth: '1961-04-02', email: 'luis@example.org' },
    });
    expect(created.status).toBe(201);
    const contact = await traced('PUT', `${scheduling.url}/patients/${created.body.id}/contact`, scheduler, {
      email: 'luis.ortega@example.org',
      preferredLanguage: 'es',
      preferredChannel: 'email',
      notificationConsent: true,
    });
    expect(contact.status).toBe(200);
    expect(await recordsOf(schedulingDb, contact.correlationId)).toEqual([
      expect.objectContaining({
        actor_subject: 'test-scheduler',
        resource_type: 'patient-contact',
        resource_id: created.body.id,
        patient_id: created.body.id,
        action: 'update',
        outcome: 'success',
      }),
    ]);
    const [event] = await schedulingDb.query<{ payload: string }>(
      `SELECT payload FROM outbox WHERE event_type = 'chairside.scheduling.patient.contact-changed.v1' AND payload::jsonb->>'correlationid' = $1`,
      [contact.correlationId],
    );
    expect(JSON.parse(event!.payload)).toMatchObject({ actor: 'test-scheduler' });
  });

  it('a refused attempt, 403 (another location) and 401 (no valid token), is recorded once, with who tried', async () => {
    const sessionUrl = `${sessions.url}/locations/${feed.locationId}/sessions/${appointmentId}`;
    const forbidden = await traced('GET', sessionUrl, outsider);
    expect(forbidden.status).toBe(403);
    expect(await eventually(sessionsDb, forbidden.correlationId)).toEqual([
      expect.objectContaining({
        actor_subject: 'test-nurse',
        organisation_id: feed.organisationId,
        resource_type: 'session',
        resource_id: appointmentId,
        patient_id: null,
        action: 'read',
        outcome: 'refused',
        status: 403,
      }),
    ]);
    const unauthenticated = await traced('GET', sessionUrl, 'not-a-token');
    expect(unauthenticated.status).toBe(401);
    expect(await eventually(sessionsDb, unauthenticated.correlationId)).toEqual([
      expect.objectContaining({ actor_subject: null, resource_type: 'session', outcome: 'refused', status: 401 }),
    ]);

    // A route that names the patient: the refusal carries the patient id, so the patient's trail shows it.
    const notANurses = await traced('GET', `${scheduling.url}/patients/${patientId}`, nurse);
    expect(notANurses.status).toBe(403);
    expect(await eventually(schedulingDb, notANurses.correlationId)).toEqual([
      expect.objectContaining({
        actor_subject: 'test-nurse',
        resource_type: 'patient',
        resource_id: patientId,
        patient_id: patientId,
        action: 'read',
        outcome: 'refused',
        status: 403,
      }),
    ]);
    const from = new Date(Date.now() - 3600_000).toISOString();
    const trail = await call('GET', `${scheduling.url}/audit?patientId=${patientId}&from=${from}`, { token: privacyOfficer });
    expect(trail.status).toBe(200);
    expect((trail.body as { records: Array<Record<string, unknown>> }).records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorSubject: 'test-nurse', patientId, outcome: 'refused', status: 403 }),
      ]),
    );
  });

  it("from where: behind a trusted proxy (the console) the person's IP and user agent, from anyone else the direct peer", async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-user-agent': 'Firefox/140.0 (the person)' };
    const fromConsole = randomUUID();
    const search = await call('GET', `${scheduling.url}/patients?name=nobody`, {
      token: scheduler,
      headers: { ...forwarded, 'x-correlation-id': fromConsole },
    });
    expect(search.status).toBe(200);
    expect(await recordsOf(schedulingDb, fromConsole)).toEqual([
      expect.objectContaining({
        resource_type: 'patient',
        action: 'search',
        ip: '203.0.113.7',
        user_agent: forwarded['x-forwarded-user-agent'],
      }),
    ]);

    // Sessions trusts no proxy: the same headers from a caller are ignored, the socket's peer is recorded.
    const forged = randomUUID();
    const read = await call('GET', `${sessions.url}/locations/${feed.locationId}/sessions/${appointmentId}`, {
      token: nurse,
      headers: { ...forwarded, 'x-correlation-id': forged },
    });
    expect(read.status).toBe(200);
    const [record] = await recordsOf(sessionsDb, forged);
    expect(record).toMatchObject({ resource_type: 'session', action: 'read' });
    expect(record!.ip).toMatch(/127\.0\.0\.1$/);
    expect(record!.user_agent).not.toBe(forwarded['x-forwarded-user-agent']);
  });

  it('a privacy officer reads who looked at a patient, and that search is itself recorded', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const trail = await traced('GET', `${sessions.url}/audit?patientId=${patientId}&from=${from}`, privacyOfficer);
    expect(trail.status).toBe(200);
    const records = (trail.body as { records: Array<{ resourceType: string; actorSubject: string; action: string }> }).records;
    expect(records.map((r) => `${r.actorSubject} ${r.action} ${r.resourceType}`)).toEqual(
      expect.arrayContaining(['test-nurse read session', 'test-nurse create vitals']),
    );
    expect(await recordsOf(sessionsDb, trail.correlationId)).toEqual([
      expect.objectContaining({ resource_type: 'audit-trail', action: 'search', patient_id: patientId }),
    ]);
    const nurseTries = await call('GET', `${sessions.url}/audit?from=${from}`, { token: nurse });
    expect(nurseTries.status).toBe(403);
    // A privacy officer of one center reads sessions' trail of a patient with a session there (sessions'
    // patient scope), only of them; the trail at large is refused, and that is recorded too.
    const officerOfOneCenter = tokenFor(['privacy-officer'], [feed.locationId], feed.organisationId, 'officer-of-one-center');
    const ofThePatient = await call('GET', `${sessions.url}/audit?patientId=${patientId}&from=${from}`, {
      token: officerOfOneCenter,
    });
    expect(ofThePatient.status).toBe(200);
    const ofThePatientRecords = (ofThePatient.body as { records: Array<{ patientId: string | null }> }).records;
    expect(ofThePatientRecords.length).toBeGreaterThan(0);
    expect(ofThePatientRecords.every((r) => r.patientId === patientId)).toBe(true);
    const oneCenterOfficer = await traced('GET', `${sessions.url}/audit?from=${from}`, officerOfOneCenter);
    expect(oneCenterOfficer.status).toBe(403);
    expect(oneCenterOfficer.headers.get('content-type')).toContain('application/problem+json');
    expect(await eventually(sessionsDb, oneCenterOfficer.correlationId)).toEqual([
      expect.objectContaining({
        actor_subject: 'officer-of-one-center',
        resource_type: 'audit-trail',
        action: 'search',
        outcome: 'refused',
        status: 403,
      }),
    ]);
    const unbounded = await call('GET', `${sessions.url}/audit?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`, {
      token: privacyOfficer,
    });
    expect(unbounded.status).toBe(400);
  });

  it('one query across services: a patient’s trail, an actor’s, a resource’s, in one list, only of the caller’s organisation', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const services = { scheduling: scheduling.url, sessions: sessions.url, notifications: notifications.url };
    const patient = await searchAuditTrailAcrossServices(services, privacyOfficer, { from, patientId });
    const lines = patient.records.map((r) => `${r.service} ${r.actorSubject} ${r.action} ${r.resourceType}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'sessions test-nurse read session',
        'sessions test-nurse create vitals',
        'notifications test-scheduler read messages',
        'sessions test-privacy-officer search audit-trail',
      ]),
    );
    const times = patient.records.map((r) => r.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(patient.records.every((r) => r.patientId === patientId && r.organisationId === feed.organisationId)).toBe(true);

    // Paged one record at a time: the same records, none twice.
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchAuditTrailAcrossServices(services, privacyOfficer, {
        from,
        patientId,
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
      paged.push(...page.records.map((r) => r.recordId));
      cursor = page.next ?? undefined;
    } while (cursor && paged.length < 50);
    // The paging's own searches are recorded too (newer than the first answer): the first answer's records all come back once.
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged).toEqual(expect.arrayContaining(patient.records.map((r) => r.recordId)));

    // An admin may search the trail too, as the organisation's (GET /audit is organisation-wide).
    const byActor = await searchAuditTrailAcrossServices(services, tokenFor(['admin'], '*'), { from, actor: 'test-scheduler' });
    expect(new Set(byActor.records.map((r) => r.service))).toEqual(new Set(['scheduling', 'notifications']));
    expect(byActor.records.every((r) => r.actorSubject === 'test-scheduler')).toBe(true);

    const byResource = await searchAuditTrailAcrossServices(services, privacyOfficer, {
      from,
      resourceType: 'session',
      resourceId: appointmentId,
    });
    expect(byResource.records.length).toBeGreaterThanOrEqual(2);
    expect(byResource.records.every((r) => r.service === 'sessions' && r.resourceId === appointmentId)).toBe(true);

    // Another organisation's privacy officer: nothing of this one.
    const stranger = tokenFor(['privacy-officer'], '*', randomUUID());
    expect((await searchAuditTrailAcrossServices(services, stranger, { from, patientId })).records).toEqual([]);
    // A nurse may not read the trail: the fan-out fails as a whole.
    await expect(searchAuditTrailAcrossServices(services, nurse, { from, patientId })).rejects.toThrow(/answered 403/);
  });

  it('exports every record on the service’s audit topic', async () => {
    const ids = (await sessionsDb.query<{ record_id: string }>('SELECT record_id FROM audit_record')).map((r) => r.record_id);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    const received = await readTopicUntil(testKafka(), 'chairside.sessions.audit', (messages) =>
      ids.every((id) => messages.some((m) => m.value?.includes(id))),
    );
    const event = JSON.parse(received.find((m) => m.value?.includes(ids[0]!))!.value!);
    expect(event).toMatchObject({ type: 'chairside.sessions.audit.recorded.v1', data: { recordId: ids[0] } });
  });

  it('each service connects as its runtime role, which may not UPDATE or DELETE audit records', async () => {
    for (const [db, role] of [
      [sessionsDb, 'chairside_sessions'],
      [notificationsDb, 'chairside_notifications'],
      [schedulingDb, 'chairside_scheduling'],
    ] as const) {
      const connected = await db.query<{ usename: string }>(
        `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'chairside-%'`,
        [db.name],
      );
      expect(connected).toEqual([{ usename: role }]);
      const [privileges] = await db.query<{ update: boolean; delete: boolean; insert: boolean }>(
        `SELECT has_table_privilege($1, 'audit_record', 'UPDATE') AS update, has_table_privilege($1, 'audit_record', 'DELETE') AS delete,
                has_table_privilege($1, 'audit_record', 'INSERT') AS insert`,
        [role],
      );
      expect(privileges).toEqual({ update: false, delete: false, insert: true });
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit records, even to the owner', async () => {
    await expect(sessionsDb.query(`UPDATE audit_record SET actor_subject = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(sessionsDb.query(`DELETE FROM audit_record`)).rejects.toThrow(/append-only/);
    await expect(sessionsDb.query(`TRUNCATE audit_record`)).rejects.toThrow(/append-only/);
  });

  it('reads arriving together: one record each, appended in shared transactions, the chain intact', async () => {
    const sessionUrl = `${sessions.url}/locations/${feed.locationId}/sessions/${appointmentId}`;
    const reads = await Promise.all(Array.from({ length: 30 }, () => traced('GET', sessionUrl, nurse)));
    expect(reads.map((r) => r.status)).toEqual(reads.map(() => 200));
    const rows = await sessionsDb.query<{ seq: string; tx: string }>(
      'SELECT seq::text AS seq, xmin::text AS tx FROM audit_record WHERE correlation_id = ANY($1) ORDER BY seq',
      [reads.map((r) => r.correlationId)],
    );
    expect(rows).toHaveLength(30);
    // Records that waited for the chain head while another append committed went in together.
    expect(new Set(rows.map((r) => r.tx)).size).toBeLessThan(30);
    expect(await verifyAuditChain((sql, parameters) => sessionsDb.query(sql, parameters), 'sessions')).toMatchObject({
      ok: true,
    });
  });

  it('the verification command finds the chain intact, then the first edited record', async () => {
    const env = { ...process.env, SESSIONS_DATABASE_NAME: sessionsDb.name };
    const intact = await run(process.execPath, ['infra/dev/audit-verify.mjs', 'sessions'], { env }).catch(
      (error: { stdout: string; stderr: string }) => ({ stdout: `${error.stdout}${error.stderr}` }),
    );
    expect(intact.stdout).toMatch(/sessions: intact, \d+ record\(s\)/);

    const [victim] = await sessionsDb.query<{ seq: string }>(
      'SELECT seq::text AS seq FROM audit_record ORDER BY seq LIMIT 1 OFFSET 1',
    );
    // Tampering needs the trigger out of the way: only a superuser dropping the guard can, and the chain still tells.
    await sessionsDb.query('ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only');
    await sessionsDb.query(`UPDATE audit_record SET actor_subject = 'someone-else' WHERE seq = $1`, [victim!.seq]);
    await sessionsDb.query('ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only');

    const verdict = await verifyAuditChain((sql, parameters) => sessionsDb.query(sql, parameters), 'sessions');
    expect(verdict).toMatchObject({ ok: false, brokenSeq: victim!.seq });
    const broken = await run(process.execPath, ['infra/dev/audit-verify.mjs', 'sessions'], { env }).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(broken).toMatchObject({ code: 1 });
    expect((broken as { stdout: string }).stdout).toContain(`BROKEN at record ${victim!.seq}`);
  });

  it('logs carry no patient data', () => {
    for (const logs of [sessions.logs(), notifications.logs(), scheduling.logs()]) {
      expect(logs).not.toContain(patientId);
      expect(logs).not.toMatch(/Ana|Luis|Ortega|example\.org/);
    }
  });
});
