import { call } from './http.js';
import { freePort } from './http.js';
import { startServiceProcess } from './service-process.js';
import { createMigratedDatabase } from './test-databases.js';
import { tokenFor } from './tokens.js';
import { waitFor } from './wait.js';
import { PLATFORM_SERVICES, type PlatformRun, type PlatformService } from './platform-run.js';

export interface AuditReport {
  figures: Record<string, number>;
  /** Empty when nothing was lost, doubled or double-booked. */
  problems: string[];
}

const count = async (run: PlatformRun, service: PlatformService, sql: string): Promise<number> =>
  Number((await run.databases[service].query<{ n: number }>(sql))[0]!.n);

/**
 * Waits until the platform has nothing left in flight: every outbox published, no message due
 * and unsent, and every service's inbox unchanged for `stableMs` (so consumers have caught up).
 */
export async function quiesce(run: PlatformRun, { timeoutMs = 300_000, stableMs = 8_000 } = {}): Promise<void> {
  let last = '';
  let since = Date.now();
  await waitFor(
    async () => {
      const state: number[] = [];
      for (const service of PLATFORM_SERVICES) {
        state.push(await count(run, service, 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'));
        state.push(await count(run, service, 'SELECT count(*)::int AS n FROM inbox'));
      }
      state.push(
        await count(
          run,
          'notifications',
          `SELECT count(*)::int AS n FROM message WHERE status IN ('scheduled', 'retrying', 'sending') AND due_at <= now()`,
        ),
      );
      const key = JSON.stringify(state);
      if (key !== last) {
        last = key;
        since = Date.now();
        return undefined;
      }
      const unpublished = state[0]! + state[2]! + state[4]! + state[6]!;
      return unpublished === 0 && state[8] === 0 && Date.now() - since >= stableMs ? true : undefined;
    },
    { timeoutMs, intervalMs: 1_000, what: 'the platform to settle (outboxes empty, no message due, inboxes still)' },
  );
}

/**
 * What a fault or a rebalance must not have caused, checked across the services' own databases
 * and the patients' mailboxes: double bookings, lost or doubled effects, duplicate messages.
 */
export async function auditPlatform(run: PlatformRun): Promise<AuditReport> {
  const problems: string[] = [];
  const s = run.databases.scheduling;
  const held = `status IN ('proposed', 'booked', 'arrived', 'checked-in')`;
  const [overlaps] = await s.query<{ chair: number; patient: number }>(`SELECT
    (SELECT count(*) FROM appointment a JOIN appointment b ON a.chair_id = b.chair_id AND a.id < b.id AND tstzrange(a.starts_at, a.chair_released_at) && tstzrange(b.starts_at, b.chair_released_at) WHERE a.${held} AND b.${held})::int AS chair,
    (SELECT count(*) FROM appointment a JOIN appointment b ON a.patient_id = b.patient_id AND a.id < b.id AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at) WHERE a.${held} AND b.${held})::int AS patient`);
  if (overlaps!.chair) problems.push(`${overlaps!.chair} chair double bookings`);
  if (overlaps!.patient) problems.push(`${overlaps!.patient} patients booked twice at once`);

  // Every booking scheduling made is one visit in reporting, in the same state (a lost or a doubled event would show).
  const scheduled = await s.query<{ id: string; status: string }>(
    `SELECT id, CASE WHEN status IN ('arrived', 'checked-in') THEN 'booked' ELSE status END AS status FROM appointment WHERE status <> 'proposed' AND coalesce(cancellation_reason, '') <> 'hold_expired'`,
  );
  const visits = new Map(
    (
      await run.databases.reporting.query<{ appointment_id: string; status: string }>(
        `SELECT appointment_id, status FROM visit_fact WHERE starts_at IS NOT NULL`,
      )
    ).map((v) => [v.appointment_id, v.status]),
  );
  const mismatched = scheduled.filter((a) => visits.get(a.id) !== a.status);
  if (mismatched.length)
    problems.push(
      `${mismatched.length} appointments whose reporting visit is missing or in another state, e.g. ${JSON.stringify(mismatched.slice(0, 3).map((a) => ({ ...a, reporting: visits.get(a.id) ?? null })))}`,
    );
  const extra = visits.size - scheduled.length;
  if (extra > 0) problems.push(`${extra} visits in reporting that scheduling does not have`);

  // Every discharge in sessions reached scheduling (fulfilled) and reporting (discharged_at).
  const discharged = (
    await run.databases.sessions.query<{ appointment_id: string }>(
      `SELECT appointment_id FROM session WHERE status = 'discharged'`,
    )
  ).map((r) => r.appointment_id);
  const fulfilled = new Set(
    (await s.query<{ id: string }>(`SELECT id FROM appointment WHERE status = 'fulfilled'`)).map((r) => r.id),
  );
  const reportedDischarges = new Set(
    (
      await run.databases.reporting.query<{ appointment_id: string }>(
        `SELECT appointment_id FROM visit_fact WHERE discharged_at IS NOT NULL`,
      )
    ).map((r) => r.appointment_id),
  );
  const notFulfilled = discharged.filter((id) => !fulfilled.has(id));
  const notReported = discharged.filter((id) => !reportedDischarges.has(id));
  if (notFulfilled.length) problems.push(`${notFulfilled.length} discharges scheduling did not record`);
  if (notReported.length) problems.push(`${notReported.length} discharges reporting did not record`);
  if (reportedDischarges.size !== discharged.length)
    problems.push(`reporting has ${reportedDischarges.size} discharges, sessions ${discharged.length}`);
  const reactions = await count(run, 'sessions', `SELECT count(*)::int AS n FROM session_step WHERE kind = 'record-reaction'`);
  const reportedReactions = await count(run, 'reporting', 'SELECT count(*)::int AS n FROM reaction_fact');
  if (reactions !== reportedReactions)
    problems.push(`sessions recorded ${reactions} reactions, reporting has ${reportedReactions}`);

  // Each message sent once: one mail per sent email row (by its stable Message-ID), one text per sent SMS row
  // (by its idempotency key). The one honest exception is a message in doubt: its sender was killed holding it
  // (lapsed_claims > 0), so it may have reached the patient although its row ends suppressed or failed (the
  // takeover found the appointment changed). Those are counted, not hidden.
  const n = run.databases.notifications;
  const rows = await n.query<{ id: string; idempotency_key: string; channel: string; sent: boolean; in_doubt: boolean }>(
    `SELECT id, idempotency_key, channel, status IN ('sent', 'delivered') AS sent, lapsed_claims > 0 AS in_doubt FROM message`,
  );
  const emailId = (id: string) => `<${id}@notifications.chairside>`;
  const sentEmails = new Set(rows.filter((r) => r.channel === 'email' && r.sent).map((r) => emailId(r.id)));
  const doubtfulEmails = new Set(rows.filter((r) => r.channel === 'email' && !r.sent && r.in_doubt).map((r) => emailId(r.id)));
  const mailIds = run.mail.mails.map((m) => m.messageId);
  const unknownMail = mailIds.filter((id) => !sentEmails.has(id) && !doubtfulEmails.has(id));
  const missingMail = [...sentEmails].filter((id) => !mailIds.includes(id));
  if (unknownMail.length) problems.push(`${unknownMail.length} emails at the server that notifications has no sent row for`);
  if (missingMail.length) problems.push(`${missingMail.length} emails recorded as sent that the server never received`);
  const sentTexts = new Set(rows.filter((r) => r.channel === 'sms' && r.sent).map((r) => r.idempotency_key));
  const doubtfulTexts = new Set(rows.filter((r) => r.channel === 'sms' && !r.sent && r.in_doubt).map((r) => r.idempotency_key));
  const textKeys = run.sms.messages.map((m) => m.idempotencyKey ?? '(none)');
  const unknownTexts = textKeys.filter((k) => !sentTexts.has(k) && !doubtfulTexts.has(k));
  const missingTexts = [...sentTexts].filter((k) => !textKeys.includes(k));
  if (unknownTexts.length) problems.push(`${unknownTexts.length} texts at the provider that notifications has no sent row for`);
  if (missingTexts.length) problems.push(`${missingTexts.length} texts recorded as sent that the provider never received`);
  const inDoubt = [...mailIds.filter((id) => doubtfulEmails.has(id)), ...textKeys.filter((k) => doubtfulTexts.has(k))].length;
  const doubled = await count(
    run,
    'notifications',
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM message WHERE kind IN ('confirmation', 'reminder') GROUP BY appointment_id, occurrence, kind, offset_hours, channel HAVING count(*) > 1) d`,
  );
  if (doubled) problems.push(`${doubled} messages planned twice for the same appointment, occurrence, kind and channel`);

  const figures = {
    appointments: scheduled.length,
    visitsInReporting: visits.size,
    discharges: discharged.length,
    reactions: reportedReactions,
    emails: mailIds.length,
    smtpTransactions: run.mail.receipts,
    texts: run.sms.messages.length,
    messagesInDoubtReceived: inDoubt,
    chairOverlaps: overlaps!.chair,
    patientOverlaps: overlaps!.patient,
  };
  return { figures, problems };
}

/**
 * Reporting rebuilt from nothing: a fresh database and consumer group read every topic from
 * offset 0. Its facts must equal the ones the run's reporting kept through whatever happened.
 */
export async function compareWithCleanReplay(
  run: PlatformRun,
  optionsFor: Parameters<typeof createMigratedDatabase>[2],
): Promise<string[]> {
  const db = await createMigratedDatabase('reporting', `${run.id}_replay`, optionsFor);
  const port = await freePort();
  const replay = await startServiceProcess({
    service: 'reporting',
    port,
    env: { DATABASE_NAME: db.name, KAFKA_CONSUMER_GROUP: `${run.id}-replay` },
  });
  try {
    // Whether the replay caught up with the whole organisation's events: its organisation-wide analyst.
    const analyst = tokenFor(['analyst'], '*');
    await waitFor(
      async () => {
        const r = await call('GET', `${replay.url}/reports/freshness`, { token: analyst });
        return r.status === 200 && r.body.consumerLag?.caughtUp === true && r.body.freshAsOf ? true : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 1_000, what: 'the clean replay to catch up' },
    );
    const dump = async (d: { query: (sql: string) => Promise<unknown[]> }) => ({
      visits: JSON.stringify(await d.query('SELECT * FROM visit_fact ORDER BY appointment_id')),
      reactions: JSON.stringify(await d.query('SELECT * FROM reaction_fact ORDER BY reaction_id')),
      messages: JSON.stringify(await d.query('SELECT * FROM message_fact ORDER BY message_id')),
      locations: JSON.stringify(
        await d.query(
          'SELECT location_id, organisation_id, name, time_zone, chair_count, weekly_hours, closed_dates FROM directory_location ORDER BY location_id',
        ),
      ),
    });
    // The replay may still be a few commits behind the lag it reported; give it a moment to agree.
    let differences: string[] = [];
    await waitFor(
      async () => {
        const [kept, rebuilt] = [await dump(run.databases.reporting), await dump(db)];
        differences = (Object.keys(kept) as Array<keyof typeof kept>)
          .filter((k) => kept[k] !== rebuilt[k])
          .map((k) => `reporting's ${k} differ from a clean replay's`);
        return differences.length === 0 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1_000, what: 'the clean replay to equal the run' },
    ).catch(() => undefined);
    return differences;
  } finally {
    await replay.stop();
    await db.drop();
  }
}
