import { randomUUID } from 'node:crypto';
import {
  call,
  produceRaw,
  testKafka,
  testRunId,
  tokenFor,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
  useOwnTopics,
  SchedulingFeed,
  startOnOwnDatabase,
  stopAndDrop,
} from '@chairside/testing';
import { AppointmentBookedV1, buildEvent } from '@chairside/contracts';
import { sessionsDataSourceOptions } from '../src/database/data-source.js';
import { MINUTE } from '@chairside/domain';

describe('sessions: board replay, DST days, overruns, overdue vitals, severe reactions, access and input rules', () => {
  const restoreTopics = useOwnTopics('sessions-ops');
  afterAll(restoreTopics);
  const runId = testRunId('sessions');
  let db: TestDatabase;
  let sessions: ServiceProcess;
  // The nurse of the center under test: every feed is its own location.
  const nurseOf = (feed: SchedulingFeed) => tokenFor(['nurse'], [feed.locationId]);

  beforeAll(async () => {
    ({ db, service: sessions } = await startOnOwnDatabase({
      service: 'sessions',
      runId,
      dataSourceOptions: sessionsDataSourceOptions,
      env: { SESSION_WATCH_INTERVAL_MS: '300' },
    }));
  });
  afterAll(() => stopAndDrop(sessions, db));

  const board = (service: ServiceProcess, feed: SchedulingFeed, date: string) =>
    call('GET', `${service.url}/locations/${feed.locationId}/board?date=${date}`, { token: nurseOf(feed) });
  const outbox = (type: string, appointmentId: string) =>
    db
      .query<{ payload: string }>(`SELECT payload FROM outbox WHERE event_type = $1 AND aggregate_id = $2 ORDER BY position`, [
        `chairside.sessions.${type}.v1`,
        appointmentId,
      ])
      .then((rows) => rows.map((r) => JSON.parse(r.payload).data));
  const step = (
    feed: SchedulingFeed,
    appointmentId: string,
    path: string,
    body: Record<string, unknown> = {},
    token = nurseOf(feed),
    headers: Record<string, string> = {},
  ) => call('POST', `${sessions.url}/locations/${feed.locationId}/sessions/${appointmentId}/${path}`, { token, body, headers });

  it('builds the board of a DST day in the location’s zone, and a replay from offset 0 builds the same board', async () => {
    const feed = await new SchedulingFeed('America/New_York').open(3, 2);
    // 2026-03-08: New York springs forward at 02:00. 01:30 EST and 23:30 EDT are the same local day; 00:30 the next is not.
    const early = await feed.book(new Date('2026-03-08T06:30:00Z'));
    const late = await feed.book(new Date('2026-03-09T03:30:00Z'), { chair: 1, durationMinutes: 60 });
    await feed.book(new Date('2026-03-09T04:30:00Z'), { chair: 2 });
    const moved = await feed.book(new Date('2026-03-08T14:00:00Z'), { chair: 2, nurse: 1 });
    const cancelled = await feed.book(new Date('2026-03-08T15:00:00Z'), { chair: 1, nurse: 1 });
    await feed.reschedule(moved, new Date('2026-03-08T16:00:00Z'), 90);
    await feed.cancel(cancelled);
    // The same booking delivered again (same event id) and re-sent (new id) changes nothing.
    const again = buildEvent(AppointmentBookedV1, feed.bookedData(new Date('2026-03-08T06:30:00Z')), {
      aggregateId: early.appointmentId,
      aggregateSequence: 1,
      correlationId: randomUUID(),
      locationId: feed.locationId,
    });
    await produceRaw(testKafka(), AppointmentBookedV1.topic.name, [
      { key: again.data.appointmentId, value: JSON.stringify(again) },
      { key: again.data.appointmentId, value: JSON.stringify(again) },
    ]);

    const built = await waitFor(
      async () => {
        const r = await board(sessions, feed, '2026-03-08');
        const cancelledRow = r.body.sessions?.find((s: { appointmentId: string }) => s.appointmentId === cancelled.appointmentId);
        const movedRow = r.body.sessions?.find((s: { appointmentId: string }) => s.appointmentId === moved.appointmentId);
        const copy = r.body.sessions?.find((s: { appointmentId: string }) => s.appointmentId === again.data.appointmentId);
        return r.status === 200 &&
          r.body.chairs.length === 3 &&
          r.body.nurses.length === 2 &&
          cancelledRow?.status === 'cancelled' &&
          movedRow?.plannedStartsAt === '2026-03-08T16:00:00.000Z' &&
          copy
          ? r.body
          : undefined;
      },
      { what: 'the DST-day board', timeoutMs: 60_000 },
    );
    const ids = built.sessions.map((s: { appointmentId: string }) => s.appointmentId);
    expect(ids).toEqual(
      expect.arrayContaining([
        early.appointmentId,
        late.appointmentId,
        moved.appointmentId,
        cancelled.appointmentId,
        again.data.appointmentId,
      ]),
    );
    expect(ids).toHaveLength(5);
    expect(built).toMatchObject({ date: '2026-03-08', timeZone: 'America/New_York', counts: { expected: 4, cancelled: 1 } });
    expect((await board(sessions, feed, '2026-03-09')).body.sessions).toHaveLength(1);
    expect(await db.query('SELECT count(*)::int AS n FROM session WHERE appointment_id = $1', [early.appointmentId])).toEqual([
      { n: 1 },
    ]);

    // A second instance with an empty database and its own group replays every topic from offset 0.
    const { service: replay, stop: stopReplay } = await startOnOwnDatabase({
      service: 'sessions',
      runId,
      role: 'replay',
      dataSourceOptions: sessionsDataSourceOptions,
    });
    try {
      const comparable = (b: { generatedAt?: string }) => ({ ...b, generatedAt: undefined });
      const rebuilt = await waitFor(
        async () => {
          const r = await board(replay, feed, '2026-03-08');
          return r.status === 200 && JSON.stringify(comparable(r.body)) === JSON.stringify(comparable(built))
            ? r.body
            : undefined;
        },
        { what: 'the replayed board to equal the live one', timeoutMs: 60_000 },
      );
      expect(comparable(rebuilt)).toEqual(comparable(built));
    } finally {
      await stopReplay();
    }
  });

  it('announces an overrun once, reports overdue vitals once, raises a severe reaction, and reports an early end', async () => {
    const feed = await new SchedulingFeed('America/Denver').open(2, 1);
    // Booked to start an hour ago: starting now ends an hour after the planned end.
    const a = await feed.book(new Date(Date.now() - 60 * MINUTE), {
      durationMinutes: 120,
      observationMinutes: 30,
      doseNumber: 1,
    });
    await waitFor(async () => (await step(feed, a.appointmentId, 'check-in')).status === 200 || undefined, {
      what: 'the session to exist',
    });
    for (const [path, body] of [
      ['seat', {}],
      ['access', { route: 'iv', site: 'port', attempts: 1, numbingSprayUsed: false }],
      ['start', {}],
    ] as const)
      expect((await step(feed, a.appointmentId, path, body)).status).toBe(200);

    const [overrun] = await outbox('session.overrun-projected', a.appointmentId);
    expect(overrun).toMatchObject({ appointmentId: a.appointmentId, plannedEndsAt: a.endsAt, chairId: a.chairId });
    expect(Date.parse(overrun.projectedEndsAt) - Date.parse(a.endsAt)).toBeGreaterThan(55 * MINUTE);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await outbox('session.overrun-projected', a.appointmentId)).toHaveLength(1);

    // The first-dose schedule asks for vitals 15 minutes after the start: record the start 40 minutes back.
    await db.query(`UPDATE session SET state = jsonb_set(state, '{startedAt}', to_jsonb($2::bigint)) WHERE appointment_id = $1`, [
      a.appointmentId,
      Date.now() - 40 * MINUTE,
    ]);
    const [overdue] = await waitFor(
      async () => {
        const found = await outbox('vitals.overdue', a.appointmentId);
        return found.length ? found : undefined;
      },
      { what: 'the overdue-vitals event' },
    );
    expect(overdue).toMatchObject({ appointmentId: a.appointmentId, actorId: 'sessions' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await outbox('vitals.overdue', a.appointmentId)).toHaveLength(1);
    const recorded = await call('POST', `${sessions.url}/locations/${feed.locationId}/sessions/${a.appointmentId}/vitals`, {
      token: nurseOf(feed),
      body: { heartRate: 80, spo2: 97 },
    });
    expect(Date.parse(recorded.body.nextVitalsDueAt) - Date.now()).toBeGreaterThan(10 * MINUTE);

    const severe = await step(feed, a.appointmentId, 'reactions', {
      kind: 'anaphylaxis',
      grade: 3,
      actions: ['stopped', 'medication_given'],
      outcome: 'resolving',
    });
    expect(severe.body).toMatchObject({ status: 'stopped', stopReason: 'anaphylaxis, CTCAE grade 3', highestReactionGrade: 3 });
    expect(await outbox('reaction.severe', a.appointmentId)).toEqual([
      expect.objectContaining({ ctcaeGrade: 3, protocolAction: 'stop', kind: 'anaphylaxis' }),
    ]);
    expect(await outbox('infusion.stopped-early', a.appointmentId)).toHaveLength(1);

    const discharged = await step(feed, a.appointmentId, 'discharge', { mayDrive: false });
    expect(discharged.body.status).toBe('discharged');
    expect(await outbox('session.ended-early', a.appointmentId)).toEqual([
      expect.objectContaining({ plannedEndsAt: a.endsAt, actualEndsAt: discharged.body.dischargedAt }),
    ]);
    expect(await outbox('session.discharged', a.appointmentId)).toEqual([
      expect.objectContaining({ stoppedEarly: true, escortRequired: true }),
    ]);
  });

  it('writes vitals arriving together in shared statements, each row checked on its own', async () => {
    const feed = await new SchedulingFeed('America/Phoenix').open(3, 1);
    const running = await feed.book(new Date(Date.now() - 30 * MINUTE));
    const waiting = await feed.book(new Date(Date.now() + 60 * MINUTE), { chair: 1 });
    await waitFor(async () => (await step(feed, running.appointmentId, 'check-in')).status === 200 || undefined, {
      what: 'the session to exist',
    });
    await waitFor(
      async () =>
        (
          await call('GET', `${sessions.url}/locations/${feed.locationId}/sessions/${waiting.appointmentId}`, {
            token: nurseOf(feed),
          })
        ).status === 200 || undefined,
      { what: 'the second session' },
    );
    const vitals = (appointmentId: string, token = nurseOf(feed)) =>
      call('POST', `${sessions.url}/locations/${feed.locationId}/sessions/${appointmentId}/vitals`, {
        token,
        body: { heartRate: 70, spo2: 97 },
      });
    const stranger = tokenFor(['nurse'], '*', randomUUID());
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0
          ? vitals(running.appointmentId)
          : i % 3 === 1
            ? vitals(waiting.appointmentId)
            : vitals(running.appointmentId, stranger),
      ),
    );
    expect(answers.filter((_, i) => i % 3 === 0).map((a) => a.status)).toEqual(Array(20).fill(201));
    // Expected (not arrived): no vitals yet, with the allowed steps.
    expect(answers.filter((_, i) => i % 3 === 1).map((a) => a.body.type)).toEqual(Array(20).fill('/problems/invalid-transition'));
    expect(answers.filter((_, i) => i % 3 === 2).map((a) => a.status)).toEqual(Array(20).fill(404));
    expect(
      await db.query('SELECT session_id, count(*)::int AS n FROM vital_signs WHERE session_id = ANY($1) GROUP BY session_id', [
        [running.appointmentId, waiting.appointmentId],
      ]),
    ).toEqual([{ session_id: running.appointmentId, n: 20 }]);

    // The reported failure: an impossible device time among good rows arriving together is refused at
    // the edge, naming the field, and fails only its own request.
    const mixed = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('POST', `${sessions.url}/locations/${feed.locationId}/sessions/${running.appointmentId}/vitals`, {
          token: nurseOf(feed),
          body: i % 2 ? { heartRate: 71, spo2: 97 } : { heartRate: 71, spo2: 97, deviceTime: '0000-01-01T00:00:00Z' },
        }),
      ),
    );
    expect(mixed.map((a) => a.status)).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 ? 201 : 400)));
    for (const refused of mixed.filter((a) => a.status === 400)) {
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'deviceTime' })]);
    }
    expect(await db.query('SELECT count(*)::int AS n FROM vital_signs WHERE session_id = $1', [running.appointmentId])).toEqual([
      { n: 25 },
    ]);
  });

  it('answers bad input and other locations with problem+json, and writes nothing', async () => {
    const feed = await new SchedulingFeed('Europe/Madrid').open(1, 1);
    const a = await feed.book(new Date(Date.now() + 60 * MINUTE));
    await waitFor(
      async () =>
        (await call('GET', `${sessions.url}/locations/${feed.locationId}/sessions/${a.appointmentId}`, { token: nurseOf(feed) }))
          .status === 200 || undefined,
      { what: 'the session' },
    );

    const elsewhere = await step(feed, a.appointmentId, 'check-in', {}, tokenFor(['nurse'], [randomUUID()]));
    expect(elsewhere.status).toBe(403);
    const otherOrganisation = await step(feed, a.appointmentId, 'check-in', {}, tokenFor(['nurse'], '*', randomUUID()));
    expect(otherOrganisation.status).toBe(404);
    const analyst = await step(feed, a.appointmentId, 'check-in', {}, tokenFor(['analyst'], [feed.locationId]));
    expect(analyst.status).toBe(403);
    const future = await step(feed, a.appointmentId, 'check-in', {
      deviceTime: new Date(Date.now() + 60 * MINUTE).toISOString(),
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'deviceTime', reason: "lies more than 5 minutes ahead of the server's clock" }]);
    expect((await step(feed, randomUUID(), 'check-in')).status).toBe(404);

    const checkedIn = await step(feed, a.appointmentId, 'check-in', { deviceTime: new Date(Date.now() - MINUTE).toISOString() });
    expect(checkedIn.status).toBe(200);
    expect(checkedIn.headers.get('etag')).toBe('"2"');
    const stale = await step(feed, a.appointmentId, 'seat', {}, nurseOf(feed), { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/version-mismatch');
    expect((await step(feed, a.appointmentId, 'seat', {}, nurseOf(feed), { 'if-match': '"2"' })).status).toBe(200);

    const badAccess = await step(feed, a.appointmentId, 'access', {
      route: 'intravenous',
      site: '',
      attempts: 0,
      numbingSprayUsed: 'yes',
    });
    expect(badAccess.status).toBe(400);
    expect(badAccess.headers.get('content-type')).toContain('application/problem+json');
    expect(badAccess.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'attempts',
      'numbingSprayUsed',
      'route',
      'site',
    ]);
    const badReaction = await step(feed, a.appointmentId, 'reactions', {
      kind: 'headache',
      grade: 7,
      actions: [],
      outcome: 'resolved',
    });
    expect(badReaction.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['actions', 'grade']);
    const noVitals = await call('POST', `${sessions.url}/locations/${feed.locationId}/sessions/${a.appointmentId}/vitals`, {
      token: nurseOf(feed),
      body: {},
    });
    expect(noVitals.status).toBe(400);
    const badDate = await call('GET', `${sessions.url}/locations/${feed.locationId}/board?date=2026-02-31x`, {
      token: nurseOf(feed),
    });
    expect(badDate.status).toBe(400);

    const session = await call('GET', `${sessions.url}/locations/${feed.locationId}/sessions/${a.appointmentId}`, {
      token: nurseOf(feed),
    });
    expect(session.body).toMatchObject({ status: 'in_chair', version: 3, access: null });
    expect(session.body.steps.map((s: { kind: string }) => s.kind)).toEqual(['check-in', 'seat']);
    expect(session.body.steps[0].device_time).not.toBeNull();
    expect(session.body.vitals).toEqual([]);
  });

  it('has no test clock without SESSIONS_ADJUSTABLE_CLOCK (as in production, which refuses the flag): 404 even to the organisation’s admin', async () => {
    // The organisation's admin, the only one the route would let through where it exists (test-clock.int.test.ts).
    const organisationAdmin = tokenFor(['admin'], '*');
    const absent = await call('PUT', `${sessions.url}/test/clock`, {
      token: organisationAdmin,
      body: { now: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(absent.status).toBe(404);
    expect(absent.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
