import { randomUUID } from 'node:crypto';
import {
  call,
  testRunId,
  tokenFor,
  type ApiResponse,
  type ServiceProcess,
  type TestDatabase,
  useOwnTopics,
  startOnOwnDatabase,
  stopAndDrop,
} from '@chairside/testing';
import { notificationsDataSourceOptions } from '../src/database/data-source.js';

/**
 * Notifications' work-sizing inputs at their largest refused and largest accepted value. A patient's
 * messages are listed per appointment (a handful of rows, never a range); reminder offsets are at most
 * five; bodies at most 1 MB (JSON) and 64 kB (the provider's form-encoded webhooks). Refusals come in
 * under 100 ms and the service stays live.
 */
describe('notifications: bounded work before any work', () => {
  const restoreTopics = useOwnTopics('notify-bounds');
  afterAll(restoreTopics);
  const runId = testRunId('notify_bounds');
  let db: TestDatabase;
  let notifications: ServiceProcess;
  const locationId = randomUUID();
  // The least privileged users who may do each thing: a scheduler of one location reads messages;
  // only an organisation-wide admin sets reminder offsets.
  const scheduler = tokenFor(['scheduler'], [locationId]);
  const organisationAdmin = tokenFor(['admin'], '*');

  beforeAll(async () => {
    ({ db, service: notifications } = await startOnOwnDatabase({
      service: 'notifications',
      runId,
      dataSourceOptions: notificationsDataSourceOptions,
      // Nothing is sent here: an SMTP server and SMS provider nobody listens on are enough.
      env: { SMTP_PORT: '9', SMS_API_URL: 'http://127.0.0.1:9' },
    }));
  });
  afterAll(() => stopAndDrop(notifications, db));

  const timed = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ) => {
    const started = performance.now();
    const response = await call(method, `${notifications.url}${path}`, options);
    return { ...response, ms: performance.now() - started };
  };
  // A refusal is sent four times and its fastest of the last three answers is held to the bound: the first
  // warms the process's error path (JIT), and on a shared 2-core machine another process may delay any one.
  // Every answer must be the same refusal.
  const refusal = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ) => {
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
  const expectLive = async () => expect((await call('GET', `${notifications.url}/health/live`)).status).toBe(200);

  it('reminder offsets: five are accepted, a sixth is refused', async () => {
    const accepted = await timed('PUT', '/notification-settings', {
      token: organisationAdmin,
      body: { reminderOffsetsHours: [336, 72, 24, 2, 1] },
    });
    expect(accepted.status).toBe(200);
    expectRefused(
      await refusal('PUT', '/notification-settings', {
        token: organisationAdmin,
        body: { reminderOffsetsHours: [336, 72, 24, 12, 2, 1] },
      }),
      'reminderOffsetsHours',
    );
    await expectLive();
  });

  it("an appointment's messages are looked up by one id; anything else is refused before the database", async () => {
    expect((await timed('GET', `/appointments/${randomUUID()}/messages`, { token: scheduler })).status).toBe(404);
    expectRefused(await refusal('GET', `/appointments/${'a'.repeat(2_000)}/messages`, { token: scheduler }), 'appointmentId');
    await expectLive();
  });

  it('bodies over 1 MB (JSON) and 64 kB (provider webhooks) are 413 problem+json', async () => {
    const json = await refusal('PUT', '/notification-settings', {
      token: organisationAdmin,
      rawBody: JSON.stringify({ reminderOffsetsHours: Array(600_000).fill(1) }),
    });
    expect(json.status).toBe(413);
    expect(json.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // Refused on its Content-Length, before it is read; the time measured includes the client's upload.
    expect(json.ms).toBeLessThan(500);
    const form = await refusal('POST', '/webhooks/sms/inbound', {
      rawBody: `Body=${'x'.repeat(70_000)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(413);
    expect(form.ms).toBeLessThan(500);
    await expectLive();
  });

  it('has no test clock without NOTIFICATIONS_ADJUSTABLE_CLOCK (as in production, which refuses the flag): 404 even to the organisation’s admin', async () => {
    const absent = await call('PUT', `${notifications.url}/test/clock`, {
      token: organisationAdmin,
      body: { now: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(absent.status).toBe(404);
    expect(absent.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
