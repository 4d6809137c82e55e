import { randomUUID } from 'node:crypto';
import {
  call,
  tokenFor,
  testRunId,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
  useOwnTopics,
  SchedulingFeed,
  startOnOwnDatabase,
  stopAndDrop,
} from '@chairside/testing';
import { MINUTE } from '@chairside/domain';
import { sessionsDataSourceOptions } from '../src/database/data-source.js';

/** One POST that adds to a chart, in the order a session reaches them; `before` brings the session to where it is taken. */
interface ChartingPost {
  path: string;
  status: number;
  before?: string;
  body: Record<string, unknown>;
  otherBody: Record<string, unknown>;
  /** What the POST charts, counted in the database: a replay must add none. */
  count: (appointmentId: string) => Promise<number>;
}

/**
 * A tablet on a ward network retries: vitals, medications and reactions take an Idempotency-Key
 * and chart once. And the CTCAE rule at its threshold: a grade 3 reaction may not keep the drug
 * running without an override naming who authorised it and why, which is kept and audited.
 * All as a nurse limited to one location.
 */
describe('sessions: charting retried safely (Idempotency-Key) and the grade 3 reaction rule, over HTTP', () => {
  const restoreTopics = useOwnTopics('ops22-charting');
  afterAll(restoreTopics);
  const runId = testRunId('ops22_charting');
  let db: TestDatabase;
  let sessions: ServiceProcess;
  let feed: SchedulingFeed;
  let nurse: string;

  beforeAll(async () => {
    ({ db, service: sessions } = await startOnOwnDatabase({
      service: 'sessions',
      runId,
      dataSourceOptions: sessionsDataSourceOptions,
    }));
    feed = await new SchedulingFeed('Europe/Madrid').open(2, 1);
    nurse = tokenFor(['nurse'], [feed.locationId]);
  });
  afterAll(() => stopAndDrop(sessions, db));

  const post = (appointmentId: string, path: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    call('POST', `${sessions.url}/locations/${feed.locationId}/sessions/${appointmentId}/${path}`, {
      token: nurse,
      body,
      headers,
    });
  const get = (appointmentId: string) =>
    call('GET', `${sessions.url}/locations/${feed.locationId}/sessions/${appointmentId}`, { token: nurse });
  const count = async (sql: string, appointmentId: string) => (await db.query<{ n: number }>(sql, [appointmentId]))[0]!.n;
  const steps = (kind: string) => (appointmentId: string) =>
    count(`SELECT count(*)::int AS n FROM session_step WHERE session_id = $1 AND kind = '${kind}'`, appointmentId);

  async function expectedSession(): Promise<string> {
    const a = await feed.book(new Date(Date.now() + 5 * MINUTE), { durationMinutes: 60 });
    await waitFor(async () => ((await get(a.appointmentId)).status === 200 ? true : undefined), { what: 'the expected session' });
    return a.appointmentId;
  }

  const medication = {
    drug: 'ondansetron',
    dose: 8,
    doseUnit: 'mg',
    volumeMl: 4,
    route: 'iv',
    lot: 'ON8-2291/B',
    administeredAt: new Date(Date.now() - 2 * MINUTE).toISOString(),
  };
  const charting: ChartingPost[] = [
    {
      path: 'vitals',
      status: 201,
      body: { heartRate: 72, systolic: 120, diastolic: 80 },
      otherBody: { heartRate: 74, systolic: 120, diastolic: 80 },
      count: (a) => count(`SELECT count(*)::int AS n FROM vital_signs WHERE session_id = $1`, a),
    },
    {
      // Out of range: the alert event goes with the row, and a replay raises no second alert.
      path: 'vitals',
      status: 201,
      body: { heartRate: 190, systolic: 210, diastolic: 125 },
      otherBody: { heartRate: 191, systolic: 210, diastolic: 125 },
      count: (a) =>
        count(
          `SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1 AND event_type = 'chairside.sessions.vitals.out-of-range.v1'`,
          a,
        ),
    },
    {
      path: 'medications',
      status: 201,
      before: 'seat',
      body: medication,
      otherBody: { ...medication, dose: 4 },
      count: steps('record-medication'),
    },
    {
      path: 'reactions',
      status: 200,
      before: 'start',
      body: { kind: 'nausea', grade: 1, actions: ['none'], outcome: 'resolving' },
      otherBody: { kind: 'nausea', grade: 2, actions: ['slowed'], outcome: 'resolving' },
      count: steps('record-reaction'),
    },
  ];

  it('vitals, medications and reactions: a retry with the key replays the first answer and charts nothing; another body is 422', async () => {
    const appointmentId = await expectedSession();
    expect((await post(appointmentId, 'check-in')).status).toBe(200);
    for (const c of charting) {
      if (c.before) {
        if (c.before === 'start')
          expect(
            (await post(appointmentId, 'access', { route: 'iv', site: 'port', attempts: 1, numbingSprayUsed: false })).status,
          ).toBe(200);
        expect((await post(appointmentId, c.before)).status).toBe(200);
      }
      const key = `chart-${randomUUID()}`;
      const before = await c.count(appointmentId);
      const first = await post(appointmentId, c.path, c.body, { 'idempotency-key': key });
      expect([c.path, first.status]).toEqual([c.path, c.status]);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(await c.count(appointmentId)).toBe(before + 1);

      const replay = await post(appointmentId, c.path, c.body, { 'idempotency-key': key });
      expect([c.path, replay.status, replay.headers.get('idempotent-replayed')]).toEqual([c.path, c.status, 'true']);
      expect(replay.body).toEqual(first.body);
      expect(await c.count(appointmentId)).toBe(before + 1);

      const reused = await post(appointmentId, c.path, c.otherBody, { 'idempotency-key': key });
      expect([c.path, reused.status]).toEqual([c.path, 422]);
      expect(reused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(reused.body).toMatchObject({
        type: '/problems/idempotency-key-reused',
        errors: [expect.objectContaining({ field: 'Idempotency-Key' })],
      });
      expect(await c.count(appointmentId)).toBe(before + 1);
    }
    // Without a key nothing changes: a second, identical reaction is charted again (it may be a second episode).
    const reactions = await steps('record-reaction')(appointmentId);
    expect((await post(appointmentId, 'reactions', charting[3]!.body)).status).toBe(200);
    expect(await steps('record-reaction')(appointmentId)).toBe(reactions + 1);
  });

  it('a grade 3 reaction does not keep the drug running without an override; with one it does, kept in the log and audited', async () => {
    const appointmentId = await expectedSession();
    for (const path of ['check-in', 'seat']) expect((await post(appointmentId, path)).status).toBe(200);
    expect(
      (await post(appointmentId, 'access', { route: 'iv', site: 'port', attempts: 1, numbingSprayUsed: false })).status,
    ).toBe(200);
    expect((await post(appointmentId, 'start')).status).toBe(200);

    const reaction = { kind: 'infusion_reaction', grade: 3, actions: ['paused', 'medication_given'], outcome: 'resolving' };
    const refused = await post(appointmentId, 'reactions', reaction);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'override' })]);
    const halfOverride = await post(appointmentId, 'reactions', { ...reaction, override: { authorisedBy: '', reason: 'x' } });
    expect(halfOverride.status).toBe(400);
    expect(halfOverride.body.errors).toEqual([expect.objectContaining({ field: 'override.authorisedBy' })]);
    // Refused means nothing charted: the drug runs as before, no reaction in the log, none published.
    expect((await get(appointmentId)).body).toMatchObject({ status: 'infusing', highestReactionGrade: 0 });
    expect(await steps('record-reaction')(appointmentId)).toBe(0);

    const override = { authorisedBy: 'Dr. A. Okafor', reason: 'settled after antihistamine; oncologist at the chair' };
    const continued = await post(appointmentId, 'reactions', { ...reaction, actions: ['slowed', 'medication_given'], override });
    expect(continued).toMatchObject({ status: 200, body: { status: 'infusing', highestReactionGrade: 3 } });
    const [logged] = await db.query<{ details: { override?: unknown; grade?: number } }>(
      `SELECT details FROM session_step WHERE session_id = $1 AND kind = 'record-reaction'`,
      [appointmentId],
    );
    expect(logged!.details).toMatchObject({ override });
    const [severe] = await db.query<{ payload: string }>(
      `SELECT payload FROM outbox WHERE aggregate_id = $1 AND event_type = 'chairside.sessions.reaction.severe.v1'`,
      [appointmentId],
    );
    expect(JSON.parse(severe!.payload).data).toMatchObject({ ctcaeGrade: 3, protocolAction: 'stop', override });

    // Each attempt is in the audit trail: the two refusals and the override, by this nurse, about this patient.
    const audit = await waitFor(
      async () => {
        const rows = await db.query<{ outcome: string; status: number; actor_subject: string; patient_id: string | null }>(
          `SELECT outcome, status, actor_subject, patient_id FROM audit_record WHERE resource_type = 'reaction' AND resource_id = $1 ORDER BY seq`,
          [appointmentId],
        );
        return rows.length >= 3 ? rows : undefined;
      },
      { what: 'the reactions audited' },
    );
    expect(audit.map((r) => [r.status, r.actor_subject])).toEqual([
      [400, 'test-nurse'],
      [400, 'test-nurse'],
      [200, 'test-nurse'],
    ]);
    expect(audit[2]!.outcome).toBe('success');
    expect(audit[2]!.patient_id).toBe((await get(appointmentId)).body.patientId);
  });
});
