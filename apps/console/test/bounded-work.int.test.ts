import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { devIdentityDir } from '@chairside/platform';
import {
  type ApiResponse,
  call,
  CenterFixture,
  freePort,
  type IdentityProcess,
  type ServiceOnOwnDatabase,
  startIdentityProcess,
  startOnOwnDatabase,
  testRunId,
  tokenFor,
  waitFor,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../sessions/src/database/data-source.js';
import { SESSION_COOKIE } from '../src/sign-in/cookies.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';
import { DEMO_PASSWORD } from './demo-users.js';

const ZONE = 'Europe/Madrid';
const NURSE = 'nurse.bounds';
const CENTER = 'Chairside Bounds Center (Madrid)';

/**
 * @runs-alone: refusals are held to 100 ms, which a busy neighbour on two cores could break.
 *
 * Signs in through the identity provider's form without a browser: the console's redirect to the
 * provider, its sign-in form posted, and the redirects back to the console's callback, with the
 * cookies each side sets. Answers the console's session cookie, as a browser would hold it.
 */
async function signIn(consoleUrl: string, username: string, password: string): Promise<string> {
  // Cookies go by host, not port: the provider's and the console's live side by side in one jar.
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1);
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
  };
  let url = `${consoleUrl}/auth/login`;
  let init: { method?: string; body?: string; headers?: Record<string, string> } = {};
  for (let hop = 0; hop < 20; hop++) {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, ...(cookie ? { cookie } : {}) },
    });
    keep(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer();
      url = new URL(location, url).toString();
      init = {};
      continue;
    }
    const page = await response.text();
    const form = /action="(\/interaction\/[^"]+\/login)"/.exec(page);
    if (response.status === 200 && form) {
      url = new URL(form[1]!, url).toString();
      init = {
        method: 'POST',
        body: new URLSearchParams({ username, password }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
      continue;
    }
    const session = jar.get(SESSION_COOKIE);
    if (!session) throw new Error(`no session after signing in as ${username}: ${response.status} at ${url}`);
    return `${SESSION_COOKIE}=${session}`;
  }
  throw new Error(`signing in as ${username} did not end`);
}

/**
 * The console's back end (BFF) holds what it forwards to the same bounds as the services: the day
 * board's date is a real calendar date in 1900–2200, refused with 400 naming `date` before any
 * service is called; a JSON body over 1 MB is 413 before it is read; the BFF stays live. As a
 * nurse of one center, signed in through the real identity provider; only scheduling (the
 * location) and sessions (the board) behind it.
 */
describe('console BFF: bounded work before any work', () => {
  const runId = testRunId('console_bounds');
  const previousIssuer = process.env.AUTH_OIDC_ISSUER;
  let identity: IdentityProcess;
  let scheduling: ServiceOnOwnDatabase;
  let sessions: ServiceOnOwnDatabase;
  let consoleApp: ConsoleProcess;
  let locationId: string;
  let cookie: string;

  beforeAll(async () => {
    const identityPort = await freePort();
    const consolePort = await freePort();
    // This test's own provider (the same signing keys as the others), so its console client may
    // redirect to this test's port; the services and test tokens trust it.
    process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
    scheduling = await startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions });
    sessions = await startOnOwnDatabase({ service: 'sessions', runId, dataSourceOptions: sessionsDataSourceOptions });
    // The provider first (the services check every token against it), its nurse granted the center
    // by name (looked up in scheduling at sign-in), then the center.
    const usersFile = join(tmpdir(), `${runId}-users.json`);
    writeFileSync(
      usersFile,
      JSON.stringify({
        password: DEMO_PASSWORD,
        users: [{ username: NURSE, name: 'Nia Nurse (one center)', roles: ['nurse'], locations: [`name:${CENTER}`] }],
      }),
    );
    identity = await startIdentityProcess({
      port: identityPort,
      dataDir: devIdentityDir(process.env.IDENTITY_DATA_DIR),
      usersFile,
      schedulingUrl: scheduling.service.url,
      env: { IDENTITY_CONSOLE_REDIRECT_URIS: `http://127.0.0.1:${consolePort}/auth/callback` },
    });
    const day = DateTime.now().setZone(ZONE).startOf('day');
    ({ locationId } = await new CenterFixture(scheduling.service.url, ZONE, day).create({
      chairs: 2,
      nurses: 1,
      capacity: 3,
      name: CENTER,
    }));
    consoleApp = await startConsoleProcess(consolePort, {
      AUTH_OIDC_ISSUER: identity.issuer,
      SCHEDULING_URL: scheduling.service.url,
      SESSIONS_URL: sessions.service.url,
    });
    // Sessions knows the center (its zone) from scheduling's events before its board answers.
    const nurse = tokenFor(['nurse'], [locationId]);
    await waitFor(
      async () =>
        (await call('GET', `${sessions.service.url}/locations/${locationId}/board?date=${day.toISODate()}`, { token: nurse }))
          .status === 200 || undefined,
      { what: 'sessions to know the center' },
    );
    cookie = await signIn(consoleApp.url, NURSE, DEMO_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await consoleApp?.stop();
    await identity?.stop();
    await sessions?.stop();
    await scheduling?.stop();
    process.env.AUTH_OIDC_ISSUER = previousIssuer;
  });

  const timed = async (method: string, path: string, options: { rawBody?: string; headers?: Record<string, string> } = {}) => {
    const started = performance.now();
    const response = await call(method, `${consoleApp.url}${path}`, { ...options, headers: { cookie, ...options.headers } });
    return { ...response, ms: performance.now() - started };
  };
  // As in the services' tests: the first refusal warms the error path; each of the next three is held to the bound.
  const refusal = async (method: string, path: string, options: { rawBody?: string; headers?: Record<string, string> } = {}) => {
    await timed(method, path, options);
    const answers = [await timed(method, path, options), await timed(method, path, options), await timed(method, path, options)];
    for (const a of answers) expect(a.status).toBe(answers[0]!.status);
    // Every answer after the warm-up is held to the bound: the slowest is the one returned.
    return answers.reduce((slowest, a) => (a.ms > slowest.ms ? a : slowest));
  };
  const expectRefused = (response: ApiResponse & { ms: number }, field: string) => {
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([field]);
    expect(response.ms).toBeLessThan(100);
  };
  /**
   * Sessions audits every read of a board: what the console forwarded, counted where it arrived
   * (the signed-in nurse's reads, not the test token's that waited for sessions to know the center).
   */
  const boardReads = async () =>
    (
      await sessions.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_record WHERE resource_type = 'day-board' AND resource_id = $1 AND actor_subject IS DISTINCT FROM 'test-nurse'`,
        [locationId],
      )
    )[0]!.n;

  it('the board: 2200-12-31 and 1900-01-01 are answered; 2201-01-01, 1899-12-31 and 2026-02-30 are refused naming date, none forwarded', async () => {
    const before = await boardReads();
    const latest = await timed('GET', `/api/board/${locationId}?date=2200-12-31`);
    expect(latest.status).toBe(200);
    expect((latest.body as { board: { date: string } }).board.date).toBe('2200-12-31');
    await waitFor(async () => (await boardReads()) === before + 1 || undefined, { what: "sessions' audit of the board read" });
    for (const date of ['2201-01-01', '1899-12-31', '2026-02-30', '2026-13-01', '9999-12-31', 'tomorrow'])
      expectRefused(await refusal('GET', `/api/board/${locationId}?date=${date}`), 'date');
    const earliest = await timed('GET', `/api/board/${locationId}?date=1900-01-01`);
    expect(earliest.status).toBe(200);
    // Only the two answered reads reached sessions: 24 refusals forwarded nothing.
    await waitFor(async () => (await boardReads()) === before + 2 || undefined, { what: "sessions' audit of the second read" });
    expect(await boardReads()).toBe(before + 2);
    expect((await call('GET', `${consoleApp.url}/health/live`)).status).toBe(200);
  });

  it("a board outside the user's grant is refused by the console (403 problem+json), and nothing of it is asked of sessions", async () => {
    const elsewhere = randomUUID();
    const refused = await timed('GET', `/api/board/${elsewhere}?date=${DateTime.now().setZone(ZONE).toISODate()}`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // Sessions records every refusal it gives (a 403 names the location as the resource): none here.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const recorded = await sessions.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE resource_type = 'day-board' AND resource_id = $1`,
      [elsewhere],
    );
    expect(recorded[0]!.n).toBe(0);
  });

  it('a JSON body over 1 MB is 413 problem+json before it is read, and the BFF stays live', async () => {
    const huge = await refusal('POST', `/api/services/scheduling/locations/${locationId}/patients`, {
      rawBody: JSON.stringify({ givenName: 'x'.repeat(1_100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // Refused on its Content-Length; the time measured includes the client's upload.
    expect(huge.ms).toBeLessThan(500);
    expect((await call('GET', `${consoleApp.url}/health/live`)).status).toBe(200);
    // And the session still works: the BFF was not taken down by what it refused.
    expect((await timed('GET', `/api/board/${locationId}?date=${DateTime.now().setZone(ZONE).toISODate()}`)).status).toBe(200);
  });
});
