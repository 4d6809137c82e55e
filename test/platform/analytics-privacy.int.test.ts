import { randomUUID } from 'node:crypto';
import { ALL_TOPICS, decodeEvent, PatientContactErasedV1, Topics } from '@chairside/contracts';
import {
  call,
  PlatformRun,
  quiesce,
  testKafka,
  testTopic,
  tokenFor,
  useOwnTopics,
  waitFor,
  type TestDatabase,
} from '@chairside/testing';
import {
  Api,
  createPatients,
  DISCHARGE_INSTRUCTIONS,
  ensureCenter,
  fleet,
  Random,
  Simulation,
  Tally,
} from '../../apps/simulator/src/index.js';
import { schedulingDataSourceOptions } from '../../apps/scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../apps/sessions/src/database/data-source.js';
import { notificationsDataSourceOptions } from '../../apps/notifications/src/database/data-source.js';
import { reportingDataSourceOptions } from '../../apps/reporting/src/database/data-source.js';

/*
 * The platform's privacy promises, checked on values, not on field names: a simulated stretch of
 * booked and played visits at two centers, then every message on the analytics topics scanned for
 * the seeded patients' names, phones, emails, dates of birth and ids; then one patient's contact
 * data erased on request, and every other service's tables searched for it.
 */

interface SeededPatient {
  id: string;
  given_name: string;
  family_name: string;
  phone: string | null;
  email: string | null;
  date_of_birth: string;
}

interface Finding {
  topic: string;
  offset: string;
  patientId: string;
  what: string;
}

/** Every record of a topic, up to the end offsets it has now. */
async function readWholeTopic(logicalName: string): Promise<Array<{ offset: string; key: string | null; value: string | null }>> {
  const kafka = testKafka('privacy-scan');
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(testTopic(logicalName));
  await admin.disconnect();
  const remaining = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const records: Array<{ offset: string; key: string | null; value: string | null }> = [];
  if (!remaining.size) return records;
  const consumer = kafka.consumer({ groupId: `privacy-scan-${Date.now()}-${Math.random()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: testTopic(logicalName), fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${logicalName}: not read to its end in 60 s`)), 60_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          records.push({
            offset: message.offset,
            key: message.key?.toString('utf8') ?? null,
            value: message.value?.toString('utf8') ?? null,
          });
          if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
          if (!remaining.size) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What would identify each patient if it appeared in a message: case-sensitive, whole words for names. */
function identifiers(p: SeededPatient): Array<{ what: string; pattern: RegExp }> {
  const found = [
    { what: 'name', pattern: new RegExp(`\\b${escape(p.given_name)}\\b`) },
    { what: 'family name', pattern: new RegExp(`\\b${escape(p.family_name)}\\b`) },
    { what: 'date of birth', pattern: new RegExp(escape(p.date_of_birth)) },
    { what: 'patient id', pattern: new RegExp(escape(p.id), 'i') },
  ];
  if (p.phone) {
    found.push({ what: 'phone', pattern: new RegExp(escape(p.phone)) });
    found.push({ what: 'phone digits', pattern: new RegExp(escape(p.phone.replace(/\D/g, ''))) });
  }
  if (p.email) found.push({ what: 'email', pattern: new RegExp(escape(p.email), 'i') });
  return found;
}

function scan(topic: string, records: Array<{ offset: string; value: string | null }>, patients: SeededPatient[]): Finding[] {
  const checks = patients.map((p) => ({ id: p.id, ids: identifiers(p) }));
  return records.flatMap((r) =>
    r.value === null
      ? []
      : checks.flatMap((c) =>
          c.ids.filter((i) => i.pattern.test(r.value!)).map((i) => ({ topic, offset: r.offset, patientId: c.id, what: i.what })),
        ),
  );
}

/** Rows of any table of `db` whose text contains `value`: "table: count". */
async function tablesHolding(db: TestDatabase, value: string): Promise<string[]> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const holding: string[] = [];
  for (const { table_name } of tables) {
    const [row] = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM "${table_name}" t WHERE strpos(t::text, $1) > 0`,
      [value],
    );
    if (row!.count > 0) holding.push(`${table_name}: ${row!.count}`);
  }
  return holding;
}

/** What a nurse types into free-text fields: distinctive, so finding it anywhere means it leaked. */
const TYPED = {
  site: 'Zanzibarite left antecubital',
  pause: 'Zanzibarite pause: patient asked for the bathroom',
  stop: 'Zanzibarite stop: line infiltrated, patient anxious',
};

describe('privacy on values: the analytics stream carries no patient identifiers, and erasure reaches every service', () => {
  const restoreTopics = useOwnTopics('privacy');
  afterAll(restoreTopics);
  let run: PlatformRun;
  let patients: SeededPatient[];

  beforeAll(async () => {
    run = await PlatformRun.start({
      label: 'privacy',
      dataSources: {
        scheduling: schedulingDataSourceOptions,
        sessions: sessionsDataSourceOptions,
        notifications: notificationsDataSourceOptions,
        reporting: reportingDataSourceOptions,
      },
      env: { LOG_LEVEL: 'warn', DISPATCH_INTERVAL_MS: '200' },
    });
    // The simulator registers and runs every center of the fleet: the organisation's admin.
    const api = new Api(run.urls, tokenFor(['admin'], '*'), new Tally());
    const centers = [];
    for (const spec of fleet(2, 6, `Privacy ${run.id}`, 2)) centers.push(await ensureCenter(api, spec));
    const ids = await createPatients(api, new Random(5), 30, run.id);
    const simulation = new Simulation({
      api,
      centers,
      patients: ids,
      seed: 5,
      pace: 240,
      bookingsPerHour: 30,
      horizonHours: 4,
      durationMs: 40_000,
      playUntilMs: 60_000,
    });
    await simulation.run();
    await typeFreeText();
    await quiesce(run);
    console.log(`privacy run: ${JSON.stringify(simulation.tally)}`);
    patients = await run.databases.scheduling.query<SeededPatient>(
      `SELECT id, given_name, family_name, phone, email, date_of_birth::text AS date_of_birth FROM patient`,
    );
  }, 400_000);
  afterAll(async () => {
    await run?.stop();
  });

  /**
   * A nurse of one center plays a session the simulator has not reached through a pause and a stop,
   * typing an access site and both reasons, as the sessions API takes them: free text that stays in
   * sessions and must never reach an analytics topic.
   */
  async function typeFreeText(): Promise<void> {
    const waiting = await run.databases.sessions.query<{ appointment_id: string; location_id: string }>(
      `SELECT appointment_id, location_id FROM session WHERE status = 'expected' ORDER BY planned_starts_at DESC LIMIT 1`,
    );
    expect(waiting).toHaveLength(1);
    const { appointment_id: appointmentId, location_id: locationId } = waiting[0]!;
    const nurse = tokenFor(['nurse'], [locationId]);
    const sessionUrl = `${run.url('sessions')}/locations/${locationId}/sessions/${appointmentId}`;
    const steps: Array<[string, Record<string, unknown>]> = [
      ['check-in', {}],
      ['seat', {}],
      ['access', { route: 'iv', site: TYPED.site, attempts: 1, numbingSprayUsed: false }],
      ['drug-ready', {}],
      ['start', { rateMlPerHour: 120 }],
      ['pause', { reason: TYPED.pause }],
      ['stop', { reason: TYPED.stop }],
    ];
    for (const [step, body] of steps) {
      const response = await call('POST', `${sessionUrl}/${step}`, { token: nurse, body });
      if (response.status !== 200) throw new Error(`${step}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    // Typed and kept where it belongs: the session's own steps.
    const kept = await run.databases.sessions.query(
      'SELECT 1 FROM session_step WHERE session_id = $1 AND details::text LIKE $2',
      [appointmentId, '%Zanzibarite%'],
    );
    expect(kept.length).toBe(3);
  }

  it('finds none of the seeded patients’ names, phones, emails, dates of birth or ids in any analytics message', async () => {
    expect(patients.length).toBe(30);
    const analyticsTopics = ALL_TOPICS.filter((t) => t.audience === 'analytics');
    const findings: Finding[] = [];
    const counts: Record<string, number> = {};
    for (const topic of analyticsTopics) {
      const records = await readWholeTopic(topic.name);
      counts[topic.name] = records.length;
      for (const r of records) {
        // Every message is a valid catalog event of that topic (no stray or free-form payloads).
        const decoded = decodeEvent(r.value);
        expect(decoded.ok && decoded.definition.topic.name === topic.name).toBe(true);
        // The access site the simulator's nurses type ("left forearm") stays in sessions, and so does
        // what the nurse above typed (site, pause and stop reasons); the discharge instructions they
        // type go to the patient's message, never here.
        expect(r.value).not.toContain('forearm');
        expect(r.value).not.toContain('Zanzibarite');
        expect(r.value).not.toContain(DISCHARGE_INSTRUCTIONS.slice(0, 24));
      }
      findings.push(...scan(topic.name, records, patients));
    }
    console.log(`analytics messages scanned: ${JSON.stringify(counts)}`);
    expect(counts[Topics.analyticsVisits.name]).toBeGreaterThan(20);
    expect(counts[Topics.analyticsSessions.name]).toBeGreaterThan(20);
    expect(counts[Topics.analyticsMessages.name]).toBeGreaterThan(5);
    expect(counts[Topics.analyticsLocations.name]).toBeGreaterThan(2);
    expect(findings).toEqual([]);

    // The scanner finds what is there: the internal topics carry the same patients' ids and contact data.
    const internal = scan(
      Topics.schedulingPatientContacts.name,
      await readWholeTopic(Topics.schedulingPatientContacts.name),
      patients,
    );
    expect(new Set(internal.filter((f) => f.what === 'email').map((f) => f.patientId)).size).toBe(
      patients.filter((p) => p.email).length,
    );
    expect(
      scan(Topics.schedulingAppointments.name, await readWholeTopic(Topics.schedulingAppointments.name), patients).length,
    ).toBeGreaterThan(0);
  }, 180_000);

  it('erases a patient’s contact data on request: every service forgets it, the audit trail and de-identified facts stay', async () => {
    const [visit] = await run.databases.scheduling.query<{ patient_id: string; location_id: string }>(
      `SELECT a.patient_id, a.location_id FROM appointment a JOIN patient p ON p.id = a.patient_id
        WHERE p.phone IS NOT NULL AND p.email IS NOT NULL ORDER BY a.starts_at LIMIT 1`,
    );
    const patientId = visit!.patient_id;
    // A center where nothing ties the patient (no appointment, plan or waitlist request, not registered there).
    const [elsewhere] = await run.databases.scheduling.query<{ id: string }>(
      `SELECT l.id FROM location l WHERE NOT EXISTS (SELECT 1 FROM appointment a WHERE a.location_id = l.id AND a.patient_id = $1)
         AND NOT EXISTS (SELECT 1 FROM waitlist_request w WHERE w.location_id = l.id AND w.patient_id = $1)
         AND NOT EXISTS (SELECT 1 FROM treatment_plan t WHERE t.location_id = l.id AND t.patient_id = $1)
         AND NOT EXISTS (SELECT 1 FROM patient p WHERE p.id = $1 AND p.registered_location_id = l.id)`,
      [visit!.patient_id],
    );
    const otherLocation = elsewhere?.id ?? randomUUID();
    // A name no other seeded patient has, so finding it anywhere means finding this patient. Typed by
    // a scheduler of the center where the patient is treated (least privilege).
    const scheduler = tokenFor(['scheduler'], [visit!.location_id]);
    const record = await call('GET', `${run.url('scheduling')}/patients/${patientId}`, { token: scheduler });
    expect(record.status).toBe(200);
    const unique = { givenName: `Erasmina${run.id.replace(/\W/g, '')}`, familyName: 'Quintanilla' };
    const renamed = await call('PUT', `${run.url('scheduling')}/patients/${patientId}/demographics`, {
      token: scheduler,
      headers: { 'if-match': `"${record.body.version}"` },
      body: { ...unique, dateOfBirth: record.body.dateOfBirth, mrn: record.body.mrn },
    });
    expect(renamed.status).toBe(200);
    const [before] = await run.databases.scheduling.query<{ phone: string; email: string }>(
      'SELECT phone, email FROM patient WHERE id = $1',
      [patientId],
    );
    const secrets = [unique.givenName, unique.familyName, before!.phone, before!.email];
    await waitFor(
      async () =>
        (
          await run.databases.notifications.query('SELECT 1 FROM directory_contact WHERE patient_id = $1 AND given_name = $2', [
            patientId,
            unique.givenName,
          ])
        ).length > 0,
      { timeoutMs: 30_000, what: 'notifications has the new name' },
    );
    const factsBefore = await run.databases.reporting.query('SELECT appointment_id FROM visit_fact WHERE patient_id = $1', [
      patientId,
    ]);
    expect(factsBefore.length).toBeGreaterThan(0);

    // Least privilege: a privacy officer of one center where the patient is treated.
    const url = `${run.url('scheduling')}/patients/${patientId}/contact`;
    expect((await call('DELETE', url, { token: tokenFor(['scheduler'], [visit!.location_id]) })).status).toBe(403);
    expect((await call('DELETE', url, { token: tokenFor(['privacy-officer'], [otherLocation]) })).status).toBe(404);
    const erased = await call('DELETE', url, { token: tokenFor(['privacy-officer'], [visit!.location_id]) });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ id: patientId });

    await waitFor(
      async () =>
        (await run.databases.notifications.query('SELECT 1 FROM directory_contact WHERE patient_id = $1', [patientId])).length ===
        0,
      { timeoutMs: 30_000, what: 'notifications forgets the contact' },
    );
    await quiesce(run);
    const held: Record<string, string[]> = {};
    for (const service of ['sessions', 'notifications', 'reporting'] as const)
      for (const secret of secrets) {
        const tables = await tablesHolding(run.databases[service], secret);
        if (tables.length) held[`${service} ${secret}`] = tables;
      }
    if (Object.keys(held).length) {
      // Diagnostics for a failure: whose row it is, and what the contacts topic said about the patient.
      const rows = await run.databases.notifications.query(
        'SELECT patient_id, given_name, version FROM directory_contact WHERE phone = $1 OR email = $2',
        [before!.phone, before!.email],
      );
      const topic = (await readWholeTopic(Topics.schedulingPatientContacts.name))
        .filter((r) => r.key === patientId)
        .map((r) =>
          r.value === null
            ? 'tombstone'
            : `${JSON.parse(r.value).type as string}#${JSON.parse(r.value).aggregatesequence as number}`,
        );
      console.log(`erasure left: ${JSON.stringify({ patientId, rows, topic })}`);
    }
    expect(held).toEqual({});
    // Scheduling keeps the medical record, not how to reach the patient, nor the contact records it sent.
    const [after] = await run.databases.scheduling.query('SELECT phone, email, notification_consent FROM patient WHERE id = $1', [
      patientId,
    ]);
    expect(after).toEqual({ phone: null, email: null, notification_consent: false });
    expect(await tablesHolding(run.databases.scheduling, before!.phone)).toEqual([]);
    expect(await tablesHolding(run.databases.scheduling, before!.email)).toEqual([]);

    // On the compacted topic: the erasure event, then a tombstone under the patient's key.
    const contacts = (await readWholeTopic(Topics.schedulingPatientContacts.name)).filter((r) => r.key === patientId);
    expect(contacts.at(-1)!.value).toBeNull();
    expect(JSON.parse(contacts.at(-2)!.value!)).toMatchObject({ type: PatientContactErasedV1.type, data: { patientId } });

    // What stays: the audit trail (the erasure included) and the de-identified facts.
    const audit = await call(
      'GET',
      `${run.url('scheduling')}/audit?patientId=${patientId}&from=${new Date(Date.now() - 86_400_000).toISOString()}`,
      { token: tokenFor(['privacy-officer'], [visit!.location_id]) },
    );
    expect(audit.status).toBe(200);
    const actions = (audit.body.records as Array<{ resourceType: string; action: string; outcome: string }>).map(
      (r) => `${r.resourceType} ${r.action} ${r.outcome}`,
    );
    expect(actions).toEqual(expect.arrayContaining(['patient-contact delete success', 'patient update success']));
    // The scheduler's refused attempt is on the patient's trail too.
    expect(actions.some((a) => a.endsWith(' refused'))).toBe(true);
    // The center's privacy officer reads the trail of its own patients only: another patient's, or
    // the whole trail, stays with organisation-wide grants.
    const since = new Date(Date.now() - 86_400_000).toISOString();
    const [stranger] = await run.databases.scheduling.query<{ id: string }>(
      `SELECT p.id FROM patient p WHERE p.registered_location_id <> $1
          AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.patient_id = p.id AND a.location_id = $1)
          AND NOT EXISTS (SELECT 1 FROM waitlist_request w WHERE w.patient_id = p.id AND w.location_id = $1)
          AND NOT EXISTS (SELECT 1 FROM treatment_plan t WHERE t.patient_id = p.id AND t.location_id = $1) LIMIT 1`,
      [visit!.location_id],
    );
    const localOfficer = tokenFor(['privacy-officer'], [visit!.location_id]);
    const trail = (query: string) => call('GET', `${run.url('scheduling')}/audit?from=${since}${query}`, { token: localOfficer });
    expect((await trail(`&patientId=${stranger?.id ?? randomUUID()}`)).status).toBe(404);
    expect((await trail('')).status).toBe(403);
    // Sessions places the patient at the center by their session there: its trail of them, and only of them.
    const sessionsTrail = await call('GET', `${run.url('sessions')}/audit?from=${since}&patientId=${patientId}`, {
      token: localOfficer,
    });
    expect(sessionsTrail.status).toBe(200);
    expect((sessionsTrail.body.records as Array<{ patientId: string }>).every((r) => r.patientId === patientId)).toBe(true);
    expect((await call('GET', `${run.url('sessions')}/audit?from=${since}`, { token: localOfficer })).status).toBe(403);
    expect(
      await run.databases.reporting.query('SELECT appointment_id FROM visit_fact WHERE patient_id = $1', [patientId]),
    ).toEqual(factsBefore);
  }, 180_000);
});
