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
import { randomUUID } from 'node:crypto';
import { MINUTE } from '@chairside/domain';
import { sessionsDataSourceOptions } from '../src/database/data-source.js';

/**
 * The infusion nurse's corrections and documentation over HTTP, as a nurse limited to one
 * location: vitals and steps entered in error, undo check-in, medication given, and the CTCAE
 * rule that a grade 4 reaction stops the infusion unless someone owns the decision to continue.
 */
describe('sessions: corrections (entered in error), undo check-in, medication given, reaction overrides', () => {
  const restoreTopics = useOwnTopics('sessions-corrections');
  afterAll(restoreTopics);
  const runId = testRunId('sessions');
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

  const post = (appointmentId: string, path: string, body: Record<string, unknown> = {}, token = nurse) =>
    call('POST', `${sessions.url}/locations/${feed.locationId}/sessions/${appointmentId}/${path}`, { token, body });
  const get = (appointmentId: string) =>
    call('GET', `${sessions.url}/locations/${feed.locationId}/sessions/${appointmentId}`, { token: nurse });
  const outbox = (type: string, appointmentId: string) =>
    db
      .query<{ payload: string }>(`SELECT payload FROM outbox WHERE event_type = $1 AND aggregate_id = $2 ORDER BY position`, [
        `chairside.sessions.${type}.v1`,
        appointmentId,
      ])
      .then((rows) => rows.map((r) => JSON.parse(r.payload).data));
  const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

  async function expectedSession() {
    const a = await feed.book(new Date(Date.now() + 5 * MINUTE), { durationMinutes: 60 });
    await waitFor(async () => ((await get(a.appointmentId)).status === 200 ? true : undefined), { what: 'the expected session' });
    return a;
  }

  it('undoes a check-in and corrects vital signs: kept in the log, marked with who and why, published', async () => {
    const a = await expectedSession();
    expect((await post(a.appointmentId, 'check-in')).status).toBe(200);
    const wrong = await post(a.appointmentId, 'vitals', { heartRate: 190, systolic: 210, diastolic: 125 });
    expect(wrong.status).toBe(201);

    // Bad input names the field; a nurse of another location is refused before anything happens.
    expect(fields((await post(a.appointmentId, `vitals/${wrong.body.id}/entered-in-error`, { reason: '' })).body)).toEqual([
      'reason',
    ]);
    expect(fields((await post(a.appointmentId, 'vitals/not-a-uuid/entered-in-error', { reason: 'x' })).body)).toEqual([
      'vitalsId',
    ]);
    const elsewhere = tokenFor(['nurse'], [randomUUID()]);
    expect((await post(a.appointmentId, `vitals/${wrong.body.id}/entered-in-error`, { reason: 'x' }, elsewhere)).status).toBe(
      403,
    );
    expect((await post(a.appointmentId, 'undo-check-in', { reason: 'x' }, elsewhere)).status).toBe(403);

    const corrected = await post(a.appointmentId, `vitals/${wrong.body.id}/entered-in-error`, {
      reason: 'cuff on the wrong patient',
    });
    expect(corrected).toMatchObject({ status: 200, body: { status: 'entered-in-error', lastVitalsAt: null } });
    expect(await outbox('vitals.entered-in-error', a.appointmentId)).toEqual([
      expect.objectContaining({ vitalsId: wrong.body.id, reason: 'cuff on the wrong patient' }),
    ]);

    const undone = await post(a.appointmentId, 'undo-check-in', { reason: 'checked in the wrong patient' });
    expect(undone).toMatchObject({ status: 200, body: { status: 'expected', arrivedAt: null } });
    expect((await post(a.appointmentId, 'undo-check-in', { reason: 'again' })).status).toBe(409);
    const view = (await get(a.appointmentId)).body;
    expect(view.steps).toEqual([
      expect.objectContaining({
        seq: 1,
        kind: 'check-in',
        status: 'entered-in-error',
        entered_in_error: expect.objectContaining({ reason: 'checked in the wrong patient' }),
      }),
    ]);
    expect(view.vitals).toEqual([
      expect.objectContaining({
        id: wrong.body.id,
        status: 'entered-in-error',
        values: { heartRate: 190, systolic: 210, diastolic: 125 },
      }),
    ]);
    expect(await outbox('session.step-entered-in-error', a.appointmentId)).toEqual([
      expect.objectContaining({ seq: 1, stepKind: 'check-in', sessionStatus: 'expected', actorId: 'test-nurse' }),
    ]);
  });

  it('records medication given (validated and bounded), corrects a step by its place in the log, and holds grade 4 to the protocol', async () => {
    const a = await expectedSession();
    for (const path of ['check-in', 'seat']) expect((await post(a.appointmentId, path)).status).toBe(200);
    expect(
      (await post(a.appointmentId, 'access', { route: 'iv', site: 'port', attempts: 1, numbingSprayUsed: false })).status,
    ).toBe(200);

    const medication = {
      drug: 'ondansetron',
      dose: 8,
      doseUnit: 'mg',
      volumeMl: 4,
      route: 'iv',
      lot: 'ON8-2291/B',
      administeredAt: new Date(Date.now() - 2 * MINUTE).toISOString(),
    };
    const bad = await post(a.appointmentId, 'medications', {
      ...medication,
      dose: 0,
      doseUnit: 'kg',
      volumeMl: 1e9,
      route: 'oral-ish',
      lot: '$$$',
      drug: 'x'.repeat(201),
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body).sort()).toEqual(['dose', 'doseUnit', 'drug', 'lot', 'route', 'volumeMl']);
    const future = await post(a.appointmentId, 'medications', {
      ...medication,
      administeredAt: new Date(Date.now() + HOUR).toISOString(),
    });
    expect(fields(future.body)).toEqual(['administeredAt']);
    const old = await post(a.appointmentId, 'medications', {
      ...medication,
      administeredAt: new Date(Date.now() - 25 * HOUR).toISOString(),
    });
    expect(fields(old.body)).toEqual(['administeredAt']);
    expect((await get(a.appointmentId)).body.version).toBe(4);

    const given = await post(a.appointmentId, 'medications', medication);
    expect(given).toMatchObject({ status: 201, body: { status: 'in_chair', version: 5 } });
    const [published] = await outbox('medication.administered', a.appointmentId);
    expect(published).toMatchObject({ ...medication, administeredAt: medication.administeredAt, actorId: 'test-nurse' });

    expect(fields((await post(a.appointmentId, 'steps/abc/entered-in-error', { reason: 'x' })).body)).toEqual(['seq']);
    expect(fields((await post(a.appointmentId, 'steps/99999999/entered-in-error', { reason: 'x' })).body)).toEqual(['seq']);
    expect((await post(a.appointmentId, 'steps/99/entered-in-error', { reason: 'x' })).status).toBe(404);
    const corrected = await post(a.appointmentId, 'steps/4/entered-in-error', { reason: 'given to the patient in chair 2' });
    expect(corrected).toMatchObject({ status: 200, body: { status: 'in_chair', version: 6 } });
    expect(await outbox('session.step-entered-in-error', a.appointmentId)).toEqual([
      expect.objectContaining({ seq: 4, stepKind: 'record-medication', medicationId: published.medicationId }),
    ]);

    expect((await post(a.appointmentId, 'start')).status).toBe(200);
    const reaction = { kind: 'anaphylaxis', grade: 4, actions: ['medication_given'], outcome: 'resolving' };
    const refused = await post(a.appointmentId, 'reactions', reaction);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(fields(refused.body)).toEqual(['override']);
    expect(
      fields((await post(a.appointmentId, 'reactions', { ...reaction, override: { authorisedBy: '', reason: 'x' } })).body),
    ).toEqual(['override.authorisedBy']);
    expect((await get(a.appointmentId)).body).toMatchObject({ status: 'infusing', highestReactionGrade: 0 });

    const override = { authorisedBy: 'Dr. A. Okafor', reason: 'resolved after epinephrine; benefit outweighs risk' };
    const continued = await post(a.appointmentId, 'reactions', { ...reaction, override });
    expect(continued).toMatchObject({ status: 200, body: { status: 'infusing', highestReactionGrade: 4 } });
    expect(await outbox('reaction.severe', a.appointmentId)).toEqual([expect.objectContaining({ ctcaeGrade: 4, override })]);
    const stopped = await post(a.appointmentId, 'reactions', { ...reaction, actions: ['stopped', 'medication_given'] });
    expect(stopped.body).toMatchObject({ status: 'stopped' });
  });
});

const HOUR = 60 * MINUTE;
