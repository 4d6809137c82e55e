import { mkdirSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
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
  useOwnTopics,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../sessions/src/database/data-source.js';
import { seriousViolations } from './accessibility.js';
import { type SignedIn, signInAs } from './browser.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';
import { DEMO_PASSWORD, demoUsersFileWith, SCREENSHOTS } from './demo-users.js';

// The console by keyboard alone (Tab, Enter, Space) in a real Chromium, as a scheduler of one
// center: from the home screen to Queues, an item confirmed (announced, the focus on the next
// item), then that item opened on the Today board with its panel, and its patient's record; axe
// finds no serious or critical violation on the way. Against the identity provider, scheduling
// and sessions (the board) on their own databases. Screenshot: docs/console/queues-keyboard.png.

const ZONE = 'America/Chicago';
/** More Tab presses than any screen here has stops before the one looked for. */
const MAX_TABS = 80;

describe('the console by keyboard alone', () => {
  const restoreTopics = useOwnTopics('keyboard');
  afterAll(restoreTopics);
  const runId = testRunId('keyboard');
  const centerName = `Chairside Keyboard Center ${runId}`;
  const previousIssuer = process.env.AUTH_OIDC_ISSUER;
  let identity: IdentityProcess;
  let scheduling: ServiceOnOwnDatabase;
  let sessions: ServiceOnOwnDatabase;
  let consoleApp: ConsoleProcess;
  let center: CenterFixture;
  let signedIn: SignedIn | undefined;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const identityPort = await freePort();
    const consolePort = await freePort();
    process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
    [scheduling, sessions] = await Promise.all([
      startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
      startOnOwnDatabase({ service: 'sessions', runId, dataSourceOptions: sessionsDataSourceOptions }),
    ]);
    // A scheduler of this center only: the least privileged who works the queues and reads the board.
    const usersFile = demoUsersFileWith(runId, [
      {
        username: 'scheduler.keyboard',
        name: 'Kai Scheduler (one center)',
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
    // Tomorrow at the center: its appointments are within the unconfirmed queue's 48 hours whenever the test runs.
    center = await new CenterFixture(
      scheduling.service.url,
      ZONE,
      DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day'),
    ).create({ chairs: 2, nurses: 1, capacity: 4, name: centerName });
    consoleApp = await startConsoleProcess(consolePort, {
      AUTH_OIDC_ISSUER: identity.issuer,
      SCHEDULING_URL: scheduling.service.url,
      SESSIONS_URL: sessions.service.url,
      // Not called by these screens: nobody listens there.
      NOTIFICATIONS_URL: 'http://127.0.0.1:9',
      REPORTING_URL: 'http://127.0.0.1:9',
    });
  });

  afterAll(async () => {
    await signedIn?.close();
    await consoleApp?.stop();
    await identity?.stop();
    await sessions?.stop();
    await scheduling?.stop();
    process.env.AUTH_OIDC_ISSUER = previousIssuer;
  });

  async function booked(familyName: string, hour: number): Promise<{ patientId: string; appointmentId: string }> {
    const patient = await center.post('/patients', {
      givenName: 'Ana',
      familyName,
      dateOfBirth: '1971-05-05',
      locationId: center.locationId,
    });
    const appointment = await center.post(`/locations/${center.locationId}/appointments`, {
      patientId: patient.id,
      therapyCode: 'iron',
      startsAt: center.at(hour),
    });
    return { patientId: patient.id, appointmentId: appointment.id };
  }

  const isFocused = (target: Locator, within = false) =>
    target.evaluate((el, inside) => {
      const active = el.ownerDocument.activeElement;
      return inside ? !!active && el.contains(active) : el === active;
    }, within);

  /** Presses Tab until `target` has the focus, as a keyboard user moves through the page. */
  async function tabTo(page: Page, target: Locator, what: string): Promise<void> {
    await target.waitFor({ timeout: 15_000 });
    for (let presses = 0; presses < MAX_TABS; presses++) {
      await page.keyboard.press('Tab');
      if (await isFocused(target)) return;
    }
    throw new Error(`${what} was not reached in ${MAX_TABS} presses of Tab`);
  }

  /** Waits until `target` has the focus (the console moves it after a navigation or an action). */
  async function focusLandsOn(target: Locator, what: string, within = false): Promise<void> {
    await target.waitFor({ timeout: 15_000 });
    const deadline = Date.now() + 15_000;
    while (!(await isFocused(target, within))) {
      if (Date.now() > deadline) {
        const on = await target.page().evaluate(() => {
          const el = (globalThis as any).document.activeElement;
          return el ? `${el.tagName} ${el.textContent?.slice(0, 60)}` : 'nothing';
        });
        throw new Error(`the focus did not land on ${what}; it is on ${on}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('reaches Queues, confirms an item, hears it done and follows the next item to its panel on Today and its record', async () => {
    const first = await booked('Keyfirst', 9);
    const second = await booked('Keysecond', 11);

    signedIn = await signInAs(consoleApp.url, 'scheduler.keyboard', DEMO_PASSWORD);
    const { page } = signedIn;

    // Home → Queues through the navigation; the shell puts the focus on the screen's heading.
    await tabTo(page, page.locator('nav a[href="/queues"]'), 'the Queues link');
    await page.keyboard.press('Enter');
    await focusLandsOn(page.getByRole('heading', { level: 2, name: `Work queues: ${centerName}` }), 'the Queues heading');

    // The unconfirmed queue is open (the first with items); the first item is confirmed with Space.
    const firstCard = page.locator(`[data-item="${first.appointmentId}"]`);
    const secondCard = page.locator(`[data-item="${second.appointmentId}"]`);
    await tabTo(page, firstCard.getByRole('button', { name: 'Confirmed' }), 'the first item’s Confirmed');
    await page.keyboard.press('Space');

    // Said in the polite live region; the item leaves and the focus is on the next one, not on <body>.
    const done = page.getByTestId('queues-done');
    await expectText(done, 'Done: Confirmed, Keyfirst, Ana.');
    expect(await done.getAttribute('aria-live')).toBe('polite');
    expect(await done.getAttribute('role')).toBe('status');
    await firstCard.waitFor({ state: 'detached', timeout: 15_000 });
    await focusLandsOn(secondCard.getByRole('heading', { name: 'Keysecond, Ana' }), 'the next item');
    const confirmed = await call<{ confirmedAt: string | null }>(
      'GET',
      `${scheduling.service.url}/locations/${center.locationId}/appointments/${first.appointmentId}`,
      { token: tokenFor(['scheduler'], [center.locationId]) },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.confirmedAt).toBeTruthy();
    await page.screenshot({ path: `${SCREENSHOTS}queues-keyboard.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // The next item, on the Today board of its day with its panel open and the focus in it.
    const openOnToday = secondCard.getByRole('link', { name: 'Open on Today: the appointment of Keysecond, Ana' });
    await tabTo(page, openOnToday, 'Open on Today');
    await page.keyboard.press('Enter');
    await page.waitForURL(
      (url) =>
        url.pathname === '/today' &&
        url.searchParams.get('appointment') === second.appointmentId &&
        url.searchParams.get('date') === center.day.toISODate(),
      { timeout: 15_000 },
    );
    const panel = page.getByRole('dialog', { name: 'Appointment of Keysecond, Ana' });
    await panel.waitFor({ timeout: 15_000 });
    await focusLandsOn(panel, 'the opened panel', true);
    expect(await page.getByTestId('board-zone').getAttribute('data-date')).toBe(center.day.toISODate());
    await panel.getByRole('button', { name: 'Confirm', exact: true }).waitFor({ timeout: 15_000 });
    expect(await seriousViolations(page)).toEqual([]);

    // Back on Queues (the shell's heading again), the item's patient record by keyboard.
    await page.goBack();
    await focusLandsOn(page.getByRole('heading', { level: 2, name: `Work queues: ${centerName}` }), 'the Queues heading');
    await tabTo(page, secondCard.getByRole('link', { name: 'Patient record: Keysecond, Ana' }), 'Patient record');
    await page.keyboard.press('Enter');
    await focusLandsOn(page.getByRole('heading', { level: 2, name: 'Patients' }), 'the Patients heading');
    const record = page.getByTestId('patient-record');
    await record.getByRole('heading', { level: 3, name: /Keysecond, Ana/ }).waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).searchParams.get('patient')).toBe(second.patientId);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

async function expectText(target: Locator, text: string): Promise<void> {
  await target.filter({ hasText: text }).waitFor({ timeout: 15_000 });
  expect((await target.textContent())?.trim()).toBe(text);
}
