import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { devIdentityDir } from '@chairside/platform';
import {
  call,
  CenterFixture,
  freePort,
  type IdentityProcess,
  type MailSink,
  type ServiceOnOwnDatabase,
  startIdentityProcess,
  startMailSink,
  startOnOwnDatabase,
  testRunId,
  useOwnTopics,
  waitFor,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { notificationsDataSourceOptions } from '../../notifications/src/database/data-source.js';
import { seriousViolations } from './accessibility.js';
import { type SignedIn, signInAs } from './browser.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';
import { DEMO_PASSWORD, demoUsersFileWith, SCREENSHOTS } from './demo-users.js';

// A failed patient message resent from the Queues screen by a scheduler of one center, in a real
// Chromium, against the identity provider, scheduling, notifications and an SMTP server of the
// test's own that first refuses every email (so the confirmation dead-letters) and then takes them.

const ZONE = 'America/Chicago';

interface MessageRow {
  id: string;
  kind: string;
  channel: string;
  status: string;
}
interface WorkItem {
  subjectId: string;
  itemKey: string;
}

describe('the Queues screen resends a failed message', () => {
  const restoreTopics = useOwnTopics('queues');
  afterAll(restoreTopics);
  const runId = testRunId('queuesresend');
  const centerName = `Chairside Queues Center ${runId}`;
  const previousIssuer = process.env.AUTH_OIDC_ISSUER;
  let identity: IdentityProcess;
  let scheduling: ServiceOnOwnDatabase;
  let notifications: ServiceOnOwnDatabase;
  let consoleApp: ConsoleProcess;
  let center: CenterFixture;
  let sink: MailSink;
  let signedIn: SignedIn | undefined;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    sink = await startMailSink();
    // Every email is refused until the test lets them through: three attempts, then `failed`.
    sink.refuseWith(451);
    const identityPort = await freePort();
    const consolePort = await freePort();
    process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
    [scheduling, notifications] = await Promise.all([
      startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
      startOnOwnDatabase({
        service: 'notifications',
        runId,
        dataSourceOptions: notificationsDataSourceOptions,
        env: {
          SMTP_PORT: String(sink.port),
          // No SMS here: an email-only patient's failed email has no other channel to fall over to.
          SMS_API_URL: 'http://127.0.0.1:9',
          DISPATCH_INTERVAL_MS: '100',
          DISPATCH_BACKOFF_MS: '200',
          NOTIFICATIONS_MAX_ATTEMPTS: '3',
        },
      }),
    ]);
    // A scheduler of this center only: the least privileged who sees the work queues and may resend.
    const usersFile = demoUsersFileWith(runId, [
      {
        username: 'scheduler.queues',
        name: 'Quinn Scheduler (one center)',
        roles: ['scheduler'],
        locations: [`name:${centerName}`],
      },
    ]);
    identity = await startIdentityProcess({
      port: identityPort,
      dataDir: devIdentityDir(process.env.IDENTITY_DATA_DIR),
      usersFile,
      schedulingUrl: scheduling.service.url,
      env: { IDENTITY_CONSOLE_REDIRECT_URIS: `http://127.0.0.1:${consolePort}/auth/callback` },
    });
    center = await new CenterFixture(
      scheduling.service.url,
      ZONE,
      DateTime.now().setZone(ZONE).plus({ days: 10 }).startOf('day'),
    ).create({ chairs: 2, nurses: 1, capacity: 4, name: centerName });
    consoleApp = await startConsoleProcess(consolePort, {
      AUTH_OIDC_ISSUER: identity.issuer,
      SCHEDULING_URL: scheduling.service.url,
      NOTIFICATIONS_URL: notifications.service.url,
      SESSIONS_URL: 'http://127.0.0.1:9',
      REPORTING_URL: 'http://127.0.0.1:9',
    });
  });

  afterAll(async () => {
    await signedIn?.close();
    await consoleApp?.stop();
    await identity?.stop();
    await notifications?.stop();
    await scheduling?.stop();
    await sink?.close();
    process.env.AUTH_OIDC_ISSUER = previousIssuer;
  });

  const until = <T>(what: string, probe: () => Promise<T | undefined | false>) => waitFor(probe, { what, timeoutMs: 60_000 });
  const failedItems = () =>
    call<{ items: WorkItem[] }>(
      'GET',
      `${scheduling.service.url}/locations/${center.locationId}/work-queues/failed-messages?limit=50`,
      { token: center.admin },
    ).then((r) => (r.status === 200 ? r.body.items : []));

  /** An email-only patient booked while the SMTP server refuses: the confirmation fails for good and becomes an item. */
  async function failedConfirmation(
    hour: number,
  ): Promise<{ email: string; patientId: string; appointmentId: string; messageId: string }> {
    const email = `ines.${randomUUID().slice(0, 8)}@example.test`;
    const patient = await center.post('/patients', {
      givenName: 'Inés',
      familyName: `Resend${hour}`,
      dateOfBirth: '1968-04-04',
      email,
      notificationConsent: true,
    });
    const booked = await center.post(`/locations/${center.locationId}/appointments`, {
      patientId: patient.id,
      therapyCode: 'iron',
      startsAt: center.at(hour),
    });
    const message = await until('the dead-lettered confirmation', async () => {
      const r = await call<MessageRow[]>('GET', `${notifications.service.url}/appointments/${booked.id}/messages`, {
        token: center.admin,
      });
      return r.status === 200 ? r.body.find((m) => m.kind === 'confirmation' && m.status === 'failed') : undefined;
    });
    await until('the failed-messages item', async () => (await failedItems()).some((i) => i.subjectId === message.id));
    return { email, patientId: patient.id, appointmentId: booked.id, messageId: message.id };
  }

  it('lets a scheduler of one center resend it: the email arrives and the item leaves; a refusal says why', async () => {
    const resent = await failedConfirmation(9);
    const refused = await failedConfirmation(11);
    expect(sink.mails.filter((m) => m.to.includes(resent.email))).toHaveLength(0);
    // The second patient withdraws consent: resending would only be suppressed, so notifications refuses it.
    const contact = await call('PUT', `${scheduling.service.url}/patients/${refused.patientId}/contact`, {
      token: center.admin,
      body: { email: refused.email, preferredLanguage: 'en', preferredChannel: 'email', notificationConsent: false },
    });
    expect(contact.status).toBe(200);
    await until('notifications to know of the withdrawn consent', async () => {
      const r = await notifications.db.query<{ consent: boolean }>(
        `SELECT consent FROM directory_contact WHERE patient_id = $1`,
        [refused.patientId],
      );
      return r[0]?.consent === false;
    });
    sink.refuseWith(undefined);

    signedIn = await signInAs(consoleApp.url, 'scheduler.queues', DEMO_PASSWORD, undefined, 'Pacific/Pago_Pago');
    const { page } = signedIn;
    await page.evaluate((id) => (globalThis as any).localStorage.setItem('chairside.location', id), center.locationId);
    await page.goto(`${consoleApp.url}/queues`);
    await page.getByRole('heading', { name: `Work queues: ${centerName}` }).waitFor({ timeout: 15_000 });
    await page.locator('[data-queue="failed-messages"]').click();
    const resentCard = page.locator(`[data-item="${resent.messageId}"]`);
    const refusedCard = page.locator(`[data-item="${refused.messageId}"]`);
    await resentCard.waitFor({ timeout: 15_000 });
    await refusedCard.waitFor();

    // Refused with notifications' own reason, not a generic error; the item stays.
    await refusedCard.getByRole('button', { name: `Resend the failed message to Inés Resend11` }).click();
    const refusal = refusedCard.getByTestId('resend-refused');
    await refusal.waitFor({ timeout: 15_000 });
    expect(await refusal.textContent()).toContain('the patient has not consented to messages. Call the patient');

    await resentCard.getByRole('button', { name: `Resend the failed message to Inés Resend9` }).click();
    await resentCard.getByTestId('resent').waitFor({ timeout: 15_000 });
    expect(await resentCard.getByTestId('resent').textContent()).toMatch(/^Resent at .* \(email\): on its way again\./);
    await page.screenshot({ path: `${SCREENSHOTS}queues-resend.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // The email arrives at the SMTP server (once: checked below, after the item has left).
    const mail = await until('the resent confirmation at the SMTP server', async () =>
      sink.mails.find((m) => m.to.includes(resent.email)),
    );
    expect(mail.subject).toMatch(/^Your Iron infusion appointment on /);
    expect(mail.calendar).toContain(`UID:${resent.appointmentId}@chairside`);
    // The item leaves the screen once scheduling hears the provider took it, closed as `resent` by the same person.
    await resentCard.waitFor({ state: 'detached', timeout: 30_000 });
    // Notifications' record, read once the item has left: the SMTP server holds the mail a moment before
    // notifications hears it was taken and writes `sent` (the item leaves on the event of that same write).
    // Sent, resent once, by the signed-in scheduler (not the test's admin token).
    const [row] = await notifications.db.query<{ status: string; resends: number; resent_by: string | null }>(
      `SELECT status, resends, resent_by FROM message WHERE id = $1`,
      [resent.messageId],
    );
    expect(row).toMatchObject({ resends: 1 });
    expect(['sent', 'delivered']).toContain(row!.status);
    expect(row!.resent_by).toBeTruthy();
    expect(row!.resent_by).not.toMatch(/^test-/);
    const [closed] = await scheduling.db.query<{ outcome: string; actor_id: string }>(
      `SELECT outcome, actor_id FROM work_item_resolution WHERE queue = 'failed-messages' AND subject_id = $1`,
      [resent.messageId],
    );
    expect(closed).toEqual({ outcome: 'resent', actor_id: row!.resent_by });
    expect((await failedItems()).map((i) => i.subjectId)).toEqual([refused.messageId]);
    // The count is asked again once the last resent item has left (one request behind the list), so it follows.
    const count = page.getByTestId('queue-count-failed-messages');
    await until('the queue count to follow the list', async () => (await count.textContent()) === '1');
    // The refused one: still failed, never resent, nothing sent to its address.
    const [still] = await notifications.db.query<{ status: string; resends: number }>(
      `SELECT status, resends FROM message WHERE id = $1`,
      [refused.messageId],
    );
    expect(still).toEqual({ status: 'failed', resends: 0 });
    expect(sink.mails.filter((m) => m.to.includes(refused.email))).toHaveLength(0);
    expect(sink.mails.filter((m) => m.to.includes(resent.email))).toHaveLength(1);
  });
});
