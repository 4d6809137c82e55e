import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
} from '@chairside/testing';
import type { Page } from 'playwright-core';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { seriousViolations } from './accessibility.js';
import { type SignedIn, signInAs } from './browser.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';
import { demoUsersFileWith } from './demo-users.js';

// The patient's contact (registered on Book, edited on the record) and the audit of who looked at
// the record, in a real Chromium against the identity provider and scheduling on its own database.
// As the least privileged users who may act: a scheduler of one center registers and edits (scheduling
// allows contact to schedulers and admins); the admin of that center only reads the audit (scheduling's
// GET /audit serves admins and privacy officers, and a privacy officer has no Patients screen yet).
// Scheduling's API is the oracle after every step. Screenshots go to docs/console/.

const PASSWORD = 'chairside';
const SCREENSHOTS = fileURLToPath(new URL('../../../docs/console/', import.meta.url));
/** Half an hour off whole-hour zones, and far from the browser's: a time in the wrong zone shows. */
const ZONE = 'Asia/Kolkata';
const BROWSER_ZONE = 'Pacific/Pago_Pago';
const SCHEDULER = 'scheduler.contact';
const ADMIN = 'admin.audit';

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
  let consoleApp: ConsoleProcess;
  let center: CenterFixture;
  const browsers: SignedIn[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const identityPort = await freePort();
    const consolePort = await freePort();
    process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
    scheduling = await startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions });
    const usersFile = demoUsersFileWith(runId, [
      { username: SCHEDULER, name: 'Cleo Scheduler (one center)', roles: ['scheduler'], locations: [`name:${centerName}`] },
      { username: ADMIN, name: 'Abe Admin (one center)', roles: ['admin'], locations: [`name:${centerName}`] },
    ]);
    identity = await startIdentityProcess({
      port: identityPort,
      dataDir: devIdentityDir(process.env.IDENTITY_DATA_DIR),
      usersFile,
      schedulingUrl: scheduling.service.url,
      env: { IDENTITY_CONSOLE_REDIRECT_URIS: `http://127.0.0.1:${consolePort}/auth/callback` },
    });
    center = await new CenterFixture(scheduling.service.url, ZONE, DateTime.now().setZone(ZONE).startOf('day')).create({
      chairs: 1,
      nurses: 1,
      capacity: 2,
      name: centerName,
    });
    consoleApp = await startConsoleProcess(consolePort, {
      AUTH_OIDC_ISSUER: identity.issuer,
      SCHEDULING_URL: scheduling.service.url,
      // Not called by these screens: nobody listens there.
      SESSIONS_URL: 'http://127.0.0.1:9',
      NOTIFICATIONS_URL: 'http://127.0.0.1:9',
      REPORTING_URL: 'http://127.0.0.1:9',
    });
  });

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await consoleApp?.stop();
    await identity?.stop();
    await scheduling?.stop();
    process.env.AUTH_OIDC_ISSUER = previousIssuer;
  });

  it('registers a patient with email and consent, edits the phone with the version read, and shows who looked only to the admin', async () => {
    const scheduler = tokenFor(['scheduler'], [center.locationId]);
    const record = async (id: string) =>
      (await call('GET', `${scheduling.service.url}/patients/${id}`, { token: scheduler })).body as ContactRecord;

    const asScheduler = await signInAs(consoleApp.url, SCHEDULER, PASSWORD, undefined, BROWSER_ZONE);
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

    // A scheduler is not offered the audit, and the BFF refuses it if asked (scheduling's 403, passed through).
    expect(await page.getByTestId('patient-audit').count()).toBe(0);
    const from = DateTime.now().minus({ days: 1 }).toUTC().toISO();
    const refusedStatus = await page.evaluate(
      async (path) => (await fetch(path, { headers: { accept: 'application/json' } })).status,
      `/api/services/scheduling/audit?patientId=${patientId}&from=${encodeURIComponent(from!)}`,
    );
    expect(refusedStatus).toBe(403);
    expect(await seriousViolations(page)).toEqual([]);
    await contact.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}patient-contact.png`, fullPage: true });

    // The admin of the center opens the record and sees the scheduler's look, as scheduling's audit answers it.
    const asAdmin = await signInAs(consoleApp.url, ADMIN, PASSWORD, undefined, BROWSER_ZONE);
    browsers.push(asAdmin);
    const admin = asAdmin.page;
    await openRecord(admin, consoleApp.url, 'contactable');
    const audit = admin.getByTestId('patient-audit');
    await audit.getByTestId('patient-audit-entries').waitFor({ timeout: 15_000 });
    expect(await audit.textContent()).toContain(`Times in ${ZONE} (`);
    const trail = await call(
      'GET',
      `${scheduling.service.url}/audit?patientId=${patientId}&from=${encodeURIComponent(from!)}&limit=20`,
      { token: center.admin },
    );
    expect(trail.status).toBe(200);
    const records = (trail.body as { records: AuditRecord[] }).records;
    const look = records.find((r) => r.actorSubject === SCHEDULER && r.resourceType === 'patient' && r.action === 'read');
    const change = records.find((r) => r.actorSubject === SCHEDULER && r.resourceType === 'patient-contact');
    expect(look).toBeDefined();
    expect(change).toBeDefined();
    for (const [entry, what] of [
      [look!, 'Opened the patient record'],
      [change!, 'Changed the contact details'],
    ] as const) {
      const row = audit.locator(`[data-audit-record="${entry.recordId}"]`);
      await row.waitFor({ timeout: 15_000 });
      const text = (await row.textContent())!;
      expect(text).toContain(SCHEDULER);
      expect(text).toContain('Scheduler');
      expect(text).toContain(what);
      // The time in the center's zone (Kolkata), not the browser's (Pago Pago).
      expect(text).toContain(DateTime.fromISO(entry.occurredAt).setZone(ZONE).toFormat('HH:mm'));
    }
    expect(await seriousViolations(admin)).toEqual([]);
    await audit.scrollIntoViewIfNeeded();
    await admin.screenshot({ path: `${SCREENSHOTS}patient-audit.png`, fullPage: true });
  });
});
