import {
  call,
  createMigratedDatabase,
  freePort,
  type MailSink,
  type ServiceProcess,
  seedDueReminders,
  startMailSink,
  startServiceProcess,
  TEST_ORGANISATION_ID,
  testRunId,
  type TestDatabase,
  waitFor,
  useOwnTopics,
} from '@chairside/testing';
import { notificationsDataSourceOptions } from '../src/database/data-source.js';

/**
 * @runs-alone: its 1,000 emails must arrive within the test's 120 s; beside another file on two cores they did not (final run, 2026-12-03), alone they take 23 s.
 */
describe('dispatch survives SIGKILL: 1,000 due reminders, each delivered once', () => {
  const restoreTopics = useOwnTopics('dispatch-crash');
  afterAll(restoreTopics);
  const runId = testRunId('crash');
  let db: TestDatabase;
  let sink: MailSink;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    sink = await startMailSink();
    db = await createMigratedDatabase('notifications', `${runId}_notifications`, notificationsDataSourceOptions);
  });
  afterAll(async () => {
    await service?.stop();
    await Promise.all([db?.drop(), sink?.close()]);
  });

  const start = async () =>
    startServiceProcess({
      service: 'notifications',
      port: await freePort(),
      // A short lease so the rows the killed process held are taken over within seconds.
      env: {
        DATABASE_NAME: db.name,
        KAFKA_CONSUMER_GROUP: `${runId}-notifications`,
        SMTP_PORT: String(sink.port),
        DISPATCH_LEASE_MS: '1500',
        DISPATCH_INTERVAL_MS: '100',
        DISPATCH_BACKOFF_MS: '500',
      },
    });
  const count = (status: string) =>
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE status = $1`, [status]).then((r) => r[0]!.n);

  it('is killed mid-dispatch, restarts, and every reminder arrives exactly once; no row is sent twice in the database or on the stream', async () => {
    await seedDueReminders((sql, parameters) => db.query(sql, parameters), 1_000, TEST_ORGANISATION_ID);
    service = await start();
    await waitFor(() => sink.receipts >= 300 || undefined, {
      what: '300 reminders sent before the kill',
      timeoutMs: 60_000,
      intervalMs: 5,
    });
    await service.kill();
    const atKill = { receipts: sink.receipts, sent: await count('sent'), sending: await count('sending') };
    expect(atKill.receipts).toBeLessThan(1_000);

    service = await start();
    await waitFor(async () => (await count('sent')) === 1_000 || undefined, {
      what: 'every reminder sent after the restart',
      timeoutMs: 120_000,
    });
    await new Promise((r) => setTimeout(r, 1_000));

    // Counted at the SMTP server: one stored message per reminder, each reminder's own Message-ID.
    const messageIds = (await db.query<{ id: string }>(`SELECT id FROM message`)).map((r) => `<${r.id}@notifications.chairside>`);
    expect(sink.mails).toHaveLength(1_000);
    expect(new Set(sink.mails.map((m) => m.messageId))).toEqual(new Set(messageIds));
    expect(new Set(sink.mails.map((m) => m.to)).size).toBe(1_000);
    // A message the server accepted just before the kill, but the database had not yet recorded,
    // is sent again with the same Message-ID; the store keeps one. At most the rows in flight then.
    const resent = sink.receipts - 1_000;
    expect(resent).toBeLessThanOrEqual(atKill.sending);
    // Exactly the rows the killed process held are marked in doubt (taken over after their lease lapsed).
    const inDoubt = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE lapsed_claims > 0`);
    expect(inDoubt[0]!.n).toBe(atKill.sending);
    console.log(
      `crash test: killed after ${atKill.receipts} SMTP receipts (${atKill.sent} recorded sent, ${atKill.sending} in flight); resent with the same Message-ID after restart: ${resent}`,
    );

    const sentEvents = await db.query<{ aggregate_id: string; n: number }>(
      `SELECT aggregate_id, count(*)::int AS n FROM outbox WHERE event_type = 'chairside.notifications.message.sent.v1' GROUP BY aggregate_id`,
    );
    expect(sentEvents).toHaveLength(1_000);
    expect(sentEvents.every((e) => e.n === 1)).toBe(true);
    expect(await count('sending')).toBe(0);
    expect((await call('GET', `${service.url}/health/ready`)).status).toBe(200);
  });
});
