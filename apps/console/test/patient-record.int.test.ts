import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { DateTime } from 'luxon';
import { devIdentityDir } from '@chairside/platform';
import {
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
import type { Page } from 'playwright-core';
import { notificationsDataSourceOptions } from '../../notifications/src/database/data-source.js';
import { reportingDataSourceOptions } from '../../reporting/src/database/data-source.js';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../sessions/src/database/data-source.js';
import { seriousViolations } from './accessibility.js';
import { type SignedIn, signInAs } from './browser.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';
import { DEMO_PASSWORD, demoUsersFileWith, SCREENSHOTS } from './demo-users.js';

// The patient's contact (registered on Book, edited on the record) and who looked at the patient
// across every service's audit trail, in a real Chromium against the identity provider and the four
// services on their own databases (Kafka between them: sessions learns of a booking from scheduling).
// As the least privileged user who may act: a scheduler of one center registers and edits (scheduling
// allows contact to schedulers and admins) and reads who looked at a patient of that center (each
// service's GET /audit serves a center's scheduler one patient they see). The services' APIs are the
// oracle after every step. Screenshots go to docs/console/.

/** Half an hour off whole-hour zones, and far from the browser's: a time in the wrong zone shows. */
const ZONE = 'Asia/Kolkata';
const BROWSER_ZONE = 'Pacific/Pago_Pago';
const SCHEDULER = 'scheduler.contact';
const NURSE = 'nurse.looked';

interface ContactRecord {
  id: string;
  phone: string | null;
  email: string | null;
  preferredLanguage: string;
  preferredChannel: string;
  notificationConsent: boolean;
  version: number;
}
interface AuditRecord {
  recordId: string;
  service: string;
  patientId: string | null;
  ip: string | null;
  userAgent: string | null;
  occurredAt: string;
  actorSubject: string | null;
  actorRoles: string[];
  resourceType: string;
  action: string;
  outcome: string;
}

async function openRecord(page: Page, url: string, name: string): Promise<void> {
  await page.goto(`${url}/patients`);
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('[data-patient]').first().click();
  await page.getByTestId('patient-record').waitFor({ timeout: 15_000 });
}

describe('the patient record: contact and who looked, in a real browser', () => {
  const runId = testRunId('patientrecord');
  const centerName = `Chairside Record Center ${runId}`;
  const previousIssuer = process.env.AUTH_OIDC_ISSUER;
  let identity: IdentityProcess;
  let scheduling: ServiceOnOwnDatabase;
  let sessions: ServiceOnOwnDatabase;
  let notifications: ServiceOnOwnDatabase;
  let reporting: ServiceOnOwnDatabase;
  let consoleApp: ConsoleProcess;
  let center: CenterFixture;
  const browsers: SignedIn[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const identityPort = await freePort();
    const consolePort = await freePort();
    process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
    // Who looked is read from every service's trail: all four run (nothing is sent: nobody listens on port 9).
    [scheduling, sessions, notifications, reporting] = await Promise.all([
      startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
      startOnOwnDatabase({ service: 'sessions', runId, dataSourceOptions: sessionsDataSourceOptions }),
      startOnOwnDatabase({
        service: 'notifications',
        runId,
        dataSourceOptions: notificationsDataSourceOptions,
        env: { SMTP_PORT: '9', SMS_API_URL: 'http://127.0.0.1:9' },
      }),
      startOnOwnDatabase({ service: 'reporting', runId, dataSourceOptions: reportingDataSourceOptions }),
    ]);
    const usersFile = demoUsersFileWith(runId, [
      { username: SCHEDULER, name: 'Cleo Scheduler (one center)', roles: ['scheduler'], locations: [`name:${centerName}`] },
    ]);
    identity = await startIdentityProcess({
      port: identityPort,
      dataDir: devIdentityDir(process.env.IDENTITY_DATA_DIR),
      usersFile,
      schedulingUrl: scheduling.service.url,
      env: { IDENTITY_CONSOLE_REDIRECT_URIS: `http://127.0.0.1:${consolePort}/auth/callback` },
    });
    // Nurses work tomorrow: a booking there fits whatever the hour the test runs at.
    center = await new CenterFixture(
      scheduling.service.url,
      ZONE,
      DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day'),
    ).create({
      chairs: 1,
      nurses: 1,
      capacity: 2,
      name: centerName,
    });
    consoleApp = await startConsoleProcess(consolePort, {
      AUTH_OIDC_ISSUER: identity.issuer,
      SCHEDULING_URL: scheduling.service.url,
      SESSIONS_URL: sessions.service.url,
      NOTIFICATIONS_URL: notifications.service.url,
      REPORTING_URL: reporting.service.url,
    });
  });

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await consoleApp?.stop();
    await identity?.stop();
    await Promise.all([scheduling?.stop(), sessions?.stop(), notifications?.stop(), reporting?.stop()]);
    process.env.AUTH_OIDC_ISSUER = previousIssuer;
  });

  it('registers a patient with email and consent and edits the phone with the version read', async () => {
    const scheduler = tokenFor(['scheduler'], [center.locationId]);
    const record = async (id: string) =>
      (await call('GET', `${scheduling.service.url}/patients/${id}`, { token: scheduler })).body as ContactRecord;

    const asScheduler = await signInAs(consoleApp.url, SCHEDULER, DEMO_PASSWORD, undefined, BROWSER_ZONE);
    browsers.push(asScheduler);
    const { page } = asScheduler;

    // Register on Book with contact; a phone scheduling refuses is named under its input, nothing registered.
    await page.goto(`${consoleApp.url}/book`);
    await page.getByLabel('Given name').fill('Cora');
    await page.getByLabel('Family name').fill('Contactable');
    await page.getByLabel('Date of birth').fill('1970-03-04');
    await page.getByLabel('Mobile phone').fill('555 0100');
    await page.getByLabel('Email').fill('cora.contactable@example.test');
    await page.getByLabel('The patient consents to appointment messages').check();
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByText('Refused: must be an E.164 phone number such as +13125550100').waitFor({ timeout: 15_000 });
    expect(await seriousViolations(page)).toEqual([]);
    const none = await call('GET', `${scheduling.service.url}/patients?name=contactable`, { token: scheduler });
    expect((none.body as { items: unknown[] }).items).toEqual([]);
    await page.getByLabel('Mobile phone').fill('');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByText('Booking for Cora Contactable').waitFor({ timeout: 15_000 });
    const found = await call('GET', `${scheduling.service.url}/patients?name=contactable`, { token: scheduler });
    const items = (found.body as { items: Array<{ id: string }> }).items;
    expect(items).toHaveLength(1);
    const patientId = items[0]!.id;
    expect(await record(patientId)).toMatchObject({
      phone: null,
      email: 'cora.contactable@example.test',
      preferredChannel: 'email',
      preferredLanguage: 'en',
      notificationConsent: true,
      version: 1,
    });

    // On the record: the phone added, sent with the version read; scheduling has it, email and consent kept.
    await openRecord(page, consoleApp.url, 'contactable');
    const contact = page.getByTestId('patient-contact');
    expect(await contact.getByTestId('contact-summary').textContent()).toBe('Messages by Email in English, consent given.');
    await contact.getByLabel('Mobile phone').fill('+13125550142');
    await contact.getByRole('button', { name: 'Save contact' }).click();
    // The section is drawn again from the record scheduling answers after the save, at its new version.
    await page.locator('[data-testid="patient-contact"][data-version="2"]').waitFor({ timeout: 15_000 });
    const edited = await record(patientId);
    expect(edited).toMatchObject({
      phone: '+13125550142',
      email: 'cora.contactable@example.test',
      preferredChannel: 'email',
      notificationConsent: true,
      version: 2,
    });

    // Someone else changes the contact meanwhile: the screen's save of version 2 is refused, said so, and Reload shows theirs.
    const elsewhere = await call('PUT', `${scheduling.service.url}/patients/${patientId}/contact`, {
      token: scheduler,
      headers: { 'if-match': '"2"' },
      body: {
        phone: '+13125550142',
        email: 'cora.contactable@example.test',
        preferredLanguage: 'es',
        preferredChannel: 'email',
        notificationConsent: true,
      },
    });
    expect(elsewhere.status).toBe(200);
    await contact.getByLabel('Mobile phone').fill('+13125550199');
    await contact.getByRole('button', { name: 'Save contact' }).click();
    await contact.getByText('Changed by someone else: reload to see the latest.').waitFor({ timeout: 15_000 });
    expect(await record(patientId)).toMatchObject({ phone: '+13125550142', preferredLanguage: 'es', version: 3 });
    await contact.getByRole('button', { name: 'Reload' }).click();
    await page.locator('[data-testid="patient-contact"][data-version="3"]').waitFor({ timeout: 15_000 });
    expect(await contact.getByTestId('contact-summary').textContent()).toBe('Messages by Email in Spanish, consent given.');
    expect(await contact.getByLabel('Mobile phone').inputValue()).toBe('+13125550142');

    expect(await seriousViolations(page)).toEqual([]);
    await contact.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}patient-contact.png`, fullPage: true });
  });

  it('shows the center’s scheduler who looked at a patient in every service, newest first, with Load more; an unknown patient is “No such patient.”', async () => {
    const scheduler = tokenFor(['scheduler'], [center.locationId]);
    const nurse = tokenFor(['nurse'], [center.locationId], undefined, NURSE);
    const asScheduler = await signInAs(consoleApp.url, SCHEDULER, DEMO_PASSWORD, undefined, BROWSER_ZONE);
    browsers.push(asScheduler);
    const { page } = asScheduler;
    const from = DateTime.now().minus({ days: 1 }).toUTC().toISO()!;
    /** A service's own answer to the scheduler: the oracle for what the screen shows. */
    const trailOf = async (service: ServiceOnOwnDatabase, patientId: string) => {
      const answer = await call(
        'GET',
        `${service.service.url}/audit?patientId=${patientId}&from=${encodeURIComponent(from)}&limit=500`,
        { token: scheduler },
      );
      expect(answer.status).toBe(200);
      return (answer.body as { records: AuditRecord[] }).records;
    };

    // A patient of this center, booked tomorrow; sessions takes the booking in from scheduling's events.
    const registered = await call('POST', `${scheduling.service.url}/patients`, {
      token: scheduler,
      body: { givenName: 'Lou', familyName: 'Lookedat', dateOfBirth: '1961-07-08', locationId: center.locationId },
    });
    expect(registered.status).toBe(201);
    const patientId = (registered.body as { id: string }).id;
    const slots = await call(
      'GET',
      `${scheduling.service.url}/locations/${center.locationId}/slots?therapyCode=hydration&patientId=${patientId}&from=${center.at(9)}&to=${center.at(16)}&limit=1`,
      { token: scheduler },
    );
    expect(slots.status).toBe(200);
    const [slot] = slots.body as Array<{ start: string; chairId: string; nurseId: string }>;
    const booked = await call('POST', `${scheduling.service.url}/locations/${center.locationId}/appointments`, {
      token: scheduler,
      body: { patientId, therapyCode: 'hydration', startsAt: slot!.start, chairId: slot!.chairId, nurseId: slot!.nurseId },
    });
    expect(booked.status).toBe(201);
    const appointmentId = (booked.body as { id: string }).id;

    // The nurse looks at the session (sessions' trail), then the scheduler opens the record (scheduling's).
    await waitFor(
      async () =>
        (
          await call('GET', `${sessions.service.url}/locations/${center.locationId}/sessions/${appointmentId}`, {
            token: nurse,
          })
        ).status === 200,
      { timeoutMs: 60_000, what: 'sessions to take in the booking and the nurse to read the session' },
    );
    // Notifications and reporting place the patient at this center once they have the booking too:
    // until then they answer the scheduler an empty page (each search asked leaves a record to find).
    for (const service of [notifications, reporting])
      await waitFor(async () => (await trailOf(service, patientId)).length > 0, {
        timeoutMs: 60_000,
        what: 'notifications and reporting to take in the booking',
      });
    await openRecord(page, consoleApp.url, 'lookedat');
    const audit = page.getByTestId('patient-audit');
    await audit.getByTestId('patient-audit-entries').waitFor({ timeout: 15_000 });
    expect(await audit.textContent()).toContain(`Times in ${ZONE} (`);
    const nurseLook = (await trailOf(sessions, patientId)).find(
      (r) => r.actorSubject === NURSE && r.resourceType === 'session' && r.action === 'read' && r.outcome === 'success',
    );
    const schedulerLook = (await trailOf(scheduling, patientId)).find(
      (r) => r.actorSubject === SCHEDULER && r.resourceType === 'patient' && r.action === 'read',
    );
    expect(nurseLook).toBeDefined();
    expect(schedulerLook).toBeDefined();
    for (const [entry, who, role, what, service] of [
      [nurseLook!, NURSE, 'Infusion nurse', 'Opened the session', 'Sessions'],
      [schedulerLook!, SCHEDULER, 'Scheduler', 'Opened the patient record', 'Scheduling'],
    ] as const) {
      const row = audit.locator(`[data-audit-record="${entry.recordId}"]`);
      await row.waitFor({ timeout: 15_000 });
      const text = (await row.textContent())!;
      expect(text).toContain(who);
      expect(text).toContain(role);
      expect(text).toContain(what);
      expect(text).toContain(service);
      // The time in the center's zone (Kolkata), not the browser's (Pago Pago).
      expect(text).toContain(DateTime.fromISO(entry.occurredAt).setZone(ZONE).toFormat('HH:mm'));
    }
    expect(await seriousViolations(page)).toEqual([]);
    await audit.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}patient-audit.png`, fullPage: true });

    // Each service answers the scheduler with this patient's records only, without the lookers' IP
    // address and browser, and refuses the trail at large (403).
    for (const service of [scheduling, sessions, notifications, reporting]) {
      const records = await trailOf(service, patientId);
      expect(records.every((r) => r.patientId === patientId && r.ip === null && r.userAgent === null)).toBe(true);
      const whole = await call('GET', `${service.service.url}/audit?from=${encodeURIComponent(from)}`, { token: scheduler });
      expect(whole.status).toBe(403);
    }

    // 15 more looks (and the searches above): the two looks move past the first page of 20, and
    // Load more brings them back, nothing twice.
    for (let i = 0; i < 15; i++)
      expect((await call('GET', `${scheduling.service.url}/patients/${patientId}`, { token: scheduler })).status).toBe(200);
    await page.reload();
    await page.getByTestId('patient-record').waitFor({ timeout: 15_000 });
    await audit.getByTestId('patient-audit-entries').waitFor({ timeout: 15_000 });
    const rows = audit.locator('[data-audit-record]');
    expect(await rows.count()).toBe(20);
    expect(await audit.locator(`[data-audit-record="${nurseLook!.recordId}"]`).count()).toBe(0);
    await audit.getByRole('button', { name: 'Load more' }).click();
    await audit.locator(`[data-audit-record="${nurseLook!.recordId}"]`).waitFor({ timeout: 15_000 });
    await audit.locator(`[data-audit-record="${schedulerLook!.recordId}"]`).waitFor({ timeout: 15_000 });
    const shown = await rows.evaluateAll((elements) =>
      elements.map((e) => ({ id: e.getAttribute('data-audit-record')!, service: e.getAttribute('data-service')! })),
    );
    expect(shown.length).toBeGreaterThan(20);
    expect(new Set(shown.map((r) => r.id)).size).toBe(shown.length);
    expect(new Set(shown.map((r) => r.service))).toEqual(new Set(['scheduling', 'sessions', 'notifications', 'reporting']));
    // Newest first across services, as the services date them.
    const all = new Map(
      (await Promise.all([scheduling, sessions, notifications, reporting].map((svc) => trailOf(svc, patientId))))
        .flat()
        .map((r) => [r.recordId, r.occurredAt]),
    );
    const times = shown.map((r) => all.get(r.id)!);
    expect(times.every((t) => t !== undefined)).toBe(true);
    expect([...times].sort().reverse()).toEqual(times);
    expect(await audit.getByTestId('patient-audit-count').textContent()).toBe(`${shown.length} entries shown`);

    // The BFF: a cursor it did not hand out is 400 naming it; a patient of another center, or none, is 404.
    const elsewhere = await call('POST', `${scheduling.service.url}/locations`, {
      token: center.organisationAdmin,
      body: { name: `Chairside Elsewhere ${runId}`, timeZone: ZONE },
    });
    const stranger = await call('POST', `${scheduling.service.url}/patients`, {
      token: center.organisationAdmin,
      body: {
        givenName: 'Sam',
        familyName: 'Elsewhere',
        dateOfBirth: '1975-01-02',
        locationId: (elsewhere.body as { id: string }).id,
      },
    });
    expect(stranger.status).toBe(201);
    const answers = await page.evaluate(
      async (paths) =>
        Promise.all(
          paths.map(async (path) => {
            const response = await fetch(path, { headers: { accept: 'application/json' } });
            return { status: response.status, body: (await response.json()) as { errors?: Array<{ field: string }> } };
          }),
        ),
      [
        `/api/patients/${patientId}/looks?cursor=not-a-cursor`,
        `/api/patients/not-a-patient/looks`,
        `/api/patients/${(stranger.body as { id: string }).id}/looks`,
        `/api/patients/${randomUUID()}/looks`,
      ],
    );
    expect(answers.map((a) => a.status)).toEqual([400, 400, 404, 404]);
    expect(answers[0]!.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    expect(answers[1]!.body.errors).toEqual([expect.objectContaining({ field: 'patientId' })]);
    await page.goto(`${consoleApp.url}/patients?patient=${randomUUID()}`);
    await page.getByTestId('patient-not-found').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('patient-not-found').textContent()).toBe('No such patient.');
  });
});
