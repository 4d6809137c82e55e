import { randomUUID } from 'node:crypto';
import {
  auditBoundsProblems,
  call,
  testRunId,
  tokenFor,
  type ApiResponse,
  type ServiceProcess,
  type TestDatabase,
  useOwnTopics,
  startOnOwnDatabase,
  stopAndDrop,
  TEST_ORGANISATION_ID,
} from '@chairside/testing';
import { notificationsDataSourceOptions } from '../src/database/data-source.js';
import { MAX_APPOINTMENT_MESSAGES_LISTED } from '../src/messages/appointment-messages.query.js';

/**
 * @runs-alone: refusals are held to 100 ms, which a busy neighbour on two cores could break.
 *
 * Notifications' work-sizing inputs at their largest refused and largest accepted value. A patient's
 * messages are listed per appointment, at most 100 a request (offset at most 1,000); reminder offsets are at most
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
  // A refusal is sent four times: the first warms the process's error path (JIT); the next three must be
  // the same refusal, each within the bound.
  const refusal = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ) => {
    await timed(method, path, options);
    const answers = [await timed(method, path, options), await timed(method, path, options), await timed(method, path, options)];
    for (const a of answers) expect(a.status).toBe(answers[0]!.status);
    // Every answer after the warm-up is held to the bound: the slowest is the one returned.
    return answers.reduce((slowest, a) => (a.ms > slowest.ms ? a : slowest));
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

  it("an appointment's messages: limit=100 lists the newest 100 of 101, the last page the oldest one; limit=101 and offset=1001 are refused", async () => {
    // One more message than a page, rescheduled many times over (withdrawn, then sent), at the scheduler's location.
    const appointmentId = randomUUID();
    await db.query(
      `INSERT INTO directory_location (location_id, organisation_id, name, time_zone) VALUES ($1, $2, 'Bounds', 'UTC')`,
      [locationId, TEST_ORGANISATION_ID],
    );
    await db.query(
      `INSERT INTO message (id, idempotency_key, appointment_id, patient_id, location_id, kind, occurrence, channel, status, reason, due_at)
       SELECT gen_random_uuid(), 'bounds-' || i, $1, $2, $3, 'reminder', now(), 'email',
              CASE WHEN i = 101 THEN 'sent' ELSE 'cancelled' END, CASE WHEN i = 101 THEN NULL ELSE 'rescheduled' END,
              now() - make_interval(hours => 101 - i)
         FROM generate_series(1, $4::int) AS i`,
      [appointmentId, randomUUID(), locationId, MAX_APPOINTMENT_MESSAGES_LISTED + 1],
    );
    const path = `/appointments/${appointmentId}/messages`;
    const largest = await timed('GET', `${path}?limit=${MAX_APPOINTMENT_MESSAGES_LISTED}`, { token: scheduler });
    expect(largest.status).toBe(200);
    const page = largest.body as Array<{ status: string; dueAt: string }>;
    expect(page).toHaveLength(MAX_APPOINTMENT_MESSAGES_LISTED);
    // Newest first: the message sent now, then what it replaced.
    expect(page[0]!.status).toBe('sent');
    expect(page.map((m) => m.dueAt)).toEqual([...page.map((m) => m.dueAt)].sort().reverse());
    // Without a limit the console gets the same first page; the 101st is on the next one.
    expect(((await timed('GET', path, { token: scheduler })).body as unknown[]).length).toBe(MAX_APPOINTMENT_MESSAGES_LISTED);
    const rest = await timed('GET', `${path}?offset=${MAX_APPOINTMENT_MESSAGES_LISTED}`, { token: scheduler });
    expect(rest.body).toHaveLength(1);
    expect((await timed('GET', `${path}?offset=1000`, { token: scheduler })).body).toEqual([]);
    expectRefused(await refusal('GET', `${path}?limit=${MAX_APPOINTMENT_MESSAGES_LISTED + 1}`, { token: scheduler }), 'limit');
    expectRefused(await refusal('GET', `${path}?offset=1001`, { token: scheduler }), 'offset');
    // Another location's scheduler sees none of them.
    expect((await timed('GET', path, { token: tokenFor(['scheduler'], [randomUUID()]) })).status).toBe(404);
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

  it('GET /audit: 366 days and limit=500 are answered; a millisecond more, limit=501, or a limited reader’s too-long range are refused before any lookup', async () => {
    expect(await auditBoundsProblems(notifications.url)).toEqual([]);
  });
});
