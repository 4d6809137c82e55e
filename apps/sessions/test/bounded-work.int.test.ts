import { randomUUID } from 'node:crypto';
import {
  call,
  testRunId,
  tokenFor,
  waitFor,
  type ApiResponse,
  type ServiceProcess,
  type TestDatabase,
  useOwnTopics,
  SchedulingFeed,
  startOnOwnDatabase,
  stopAndDrop,
} from '@chairside/testing';
import { sessionsDataSourceOptions } from '../src/database/data-source.js';

/**
 * Sessions' work-sizing inputs at their largest refused and largest accepted value, as a nurse
 * limited to one location: the board is one local day (a date, never a range), lists in step
 * bodies are as long as their vocabulary, bodies at most 1 MB. Refusals are 400 (413 for the body)
 * in under 100 ms, and the service stays live.
 */
describe('sessions: bounded work before any work', () => {
  const restoreTopics = useOwnTopics('sessions-bounds');
  afterAll(restoreTopics);
  const runId = testRunId('sessions_bounds');
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
    feed = await new SchedulingFeed('Australia/Sydney').open(2, 1);
    nurse = tokenFor(['nurse'], [feed.locationId]);
    await waitFor(
      async () => (await call('GET', `${sessions.url}/locations/${feed.locationId}/board`, { token: nurse })).status === 200,
      {
        timeoutMs: 20_000,
      },
    );
  });
  afterAll(() => stopAndDrop(sessions, db));

  const timed = async (method: string, path: string, options: { token: string; body?: unknown; rawBody?: string }) => {
    const started = performance.now();
    const response = await call(method, `${sessions.url}${path}`, options);
    return { ...response, ms: performance.now() - started };
  };
  // A refusal is sent four times and its fastest of the last three answers is held to the bound: the first
  // warms the process's error path (JIT), and on a shared 2-core machine another process may delay any one.
  // Every answer must be the same refusal.
  const refusal = async (method: string, path: string, options: { token: string; body?: unknown; rawBody?: string }) => {
    await timed(method, path, options);
    const answers = [await timed(method, path, options), await timed(method, path, options), await timed(method, path, options)];
    for (const a of answers) expect(a.status).toBe(answers[0]!.status);
    return answers.reduce((fastest, a) => (a.ms < fastest.ms ? a : fastest));
  };
  const expectRefused = (response: ApiResponse & { ms: number }, field: string) => {
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain(field);
    expect(response.ms).toBeLessThan(100);
  };
  const expectLive = async () => expect((await call('GET', `${sessions.url}/health/live`)).status).toBe(200);

  it('the board is one day: the last representable date is answered, anything that is not a calendar date is refused', async () => {
    const board = `/locations/${feed.locationId}/board`;
    const accepted = await timed('GET', `${board}?date=9999-12-31`, { token: nurse });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ date: '9999-12-31', sessions: [] });
    expectRefused(await refusal('GET', `${board}?date=10000-01-01`, { token: nurse }), 'date');
    expectRefused(await refusal('GET', `${board}?date=2026-12-01..9999-12-31`, { token: nurse }), 'date');
    expectRefused(await refusal('GET', `${board}?date=2026-02-30`, { token: nurse }), 'date');
    await expectLive();
  });

  it('a reaction lists each action at most once: all five are accepted as input, a sixth is refused; a body over 1 MB is 413', async () => {
    const path = `/locations/${feed.locationId}/sessions/${randomUUID()}/reactions`;
    const reaction = { kind: 'infusion_reaction', grade: 1, outcome: 'resolved' };
    const all = ['none', 'slowed', 'paused', 'stopped', 'medication_given'];
    // Valid input for a session that does not exist: past validation, so a 404.
    expect((await timed('POST', path, { token: nurse, body: { ...reaction, actions: all } })).status).toBe(404);
    expectRefused(await refusal('POST', path, { token: nurse, body: { ...reaction, actions: [...all, 'none'] } }), 'actions');
    const huge = await refusal('POST', path, {
      token: nurse,
      rawBody: JSON.stringify({ ...reaction, actions: Array(200_000).fill('none') }),
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // Refused on its Content-Length, before it is read; the time measured includes the client's upload.
    expect(huge.ms).toBeLessThan(500);
    await expectLive();
  });
});
