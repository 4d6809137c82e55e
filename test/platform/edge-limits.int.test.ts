import { randomUUID } from 'node:crypto';
import {
  call,
  type ServiceProcess,
  startOnOwnDatabase,
  stopAndDrop,
  type TestDatabase,
  testRunId,
  tokenFor,
  useOwnTopics,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../apps/scheduling/src/database/data-source.js';

const METRICS_TOKEN = `scraper-${randomUUID()}`;

describe('the HTTP edge of a running service: per-user and per-address rate limits, docs and metrics behind auth', () => {
  const restoreTopics = useOwnTopics('edge');
  afterAll(restoreTopics);
  const runId = testRunId('edge');
  let db: TestDatabase;
  let scheduling: ServiceProcess;
  // One scheduler, limited to one center, and a colleague there: separate people, separate limits.
  const locationId = randomUUID();
  const scheduler = tokenFor(['scheduler'], [locationId], undefined, 'scheduler-ana');
  const colleague = tokenFor(['scheduler'], [locationId], undefined, 'scheduler-ben');

  beforeAll(async () => {
    ({ db, service: scheduling } = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
      env: {
        // Small on purpose (production: 600 a minute, bursts of 120; tests elsewhere: unlimited in practice).
        RATE_LIMIT_USER_PER_MINUTE: '6',
        RATE_LIMIT_USER_BURST: '3',
        RATE_LIMIT_CLIENT_IP_PER_MINUTE: '60',
        RATE_LIMIT_CLIENT_IP_BURST: '20',
        DOCS_ACCESS: 'authenticated',
        METRICS_TOKEN,
      },
    }));
  });
  afterAll(() => stopAndDrop(scheduling, db));

  const therapies = (token: string) => call('GET', `${scheduling.url}/therapies`, { token });

  it('answers 429 problem+json with Retry-After past a user’s burst; another user is not affected', async () => {
    for (let i = 0; i < 3; i++) expect((await therapies(scheduler)).status).toBe(200);
    const refused = await therapies(scheduler);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    // Six a minute: one more every 10 s.
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(refused.body).toMatchObject({
      type: '/problems/rate-limited',
      status: 429,
      detail: expect.stringContaining('this user'),
    });

    expect((await therapies(colleague)).status).toBe(200);
  });

  it('keeps the API docs to staff with a valid token and the metrics to the scraper', async () => {
    const document = `${scheduling.url}/docs/openapi.json`;
    expect((await call('GET', document)).status).toBe(401);
    expect((await call('GET', document, { token: `${colleague}x` })).status).toBe(401);
    const read = await call('GET', document, { token: colleague });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ openapi: expect.any(String) });

    expect((await fetch(`${scheduling.url}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${scheduling.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/chairside_http_rate_limited_total\{scope="user"\} 1/);
  });

  it('limits one client address however many users it claims to be, before any token is checked; probes stay answered', async () => {
    let refused: Awaited<ReturnType<typeof therapies>> | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const answer = await therapies(tokenFor(['scheduler'], [locationId], undefined, `scheduler-${i}`));
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(200);
    }
    expect(refused?.body).toMatchObject({ type: '/problems/rate-limited', detail: expect.stringContaining('client address') });
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Refused before the token is read: a forged one is not even checked.
    expect((await therapies('forged')).status).toBe(429);
    expect((await fetch(`${scheduling.url}/health/live`)).status).toBe(200);
  });
});
