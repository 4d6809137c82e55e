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
  waitFor,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../sessions/src/database/data-source.js';
import { reportingDataSourceOptions } from '../../reporting/src/database/data-source.js';
import { seriousViolations } from './accessibility.js';
import { type SignedIn, signInAs } from './browser.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';

// The staff console in a real Chromium against the real identity provider (its demo users), the
// scheduling and sessions services on their own databases, and Kafka. Screenshots go to docs/console/.

const PASSWORD = 'chairside';
const SCREENSHOTS = fileURLToPath(new URL('../../../docs/console/', import.meta.url));
/** The demo user limited to one center is granted it by this name (apps/identity/demo-users.json). */
const RETIRO = 'Chairside Retiro (Madrid)';

/** A zone where it is now between 08:00 and 14:00, so today still has slots in 08:00–18:00 opening hours. */
function daytimeZone(): string {
  const zones = [
    'Pacific/Auckland',
    'Asia/Tokyo',
    'Asia/Bangkok',
    'Asia/Kolkata',
    'Asia/Dubai',
    'Europe/Madrid',
    'Atlantic/Azores',
    'America/Sao_Paulo',
    'America/New_York',
    'America/Chicago',
    'America/Los_Angeles',
    'Pacific/Honolulu',
  ];
  const zone = zones.find((z) => {
    const hour = DateTime.now().setZone(z).hour;
    return hour >= 8 && hour < 14;
  });
  if (!zone) throw new Error('no daytime zone in the list');
  return zone;
}

describe('the staff console in a real browser', () => {
  const runId = testRunId('console');
  const previousIssuer = process.env.AUTH_OIDC_ISSUER;
  const liveZone = daytimeZone();
  const liveName = `Chairside Day Center (${liveZone})`;
  let identity: IdentityProcess;
  let scheduling: ServiceOnOwnDatabase;
  let sessions: ServiceOnOwnDatabase;
  let reporting: ServiceOnOwnDatabase;
  let consoleApp: ConsoleProcess;
  let retiroId: string;
  let liveCenter: CenterFixture;
  const open: SignedIn[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const identityPort = await freePort();
    const consolePort = await freePort();
    // This test's own provider (same signing keys as the others), so its console client may
    // redirect to this test's port; the services and test tokens trust it.
    process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
    scheduling = await startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions });
    sessions = await startOnOwnDatabase({ service: 'sessions', runId, dataSourceOptions: sessionsDataSourceOptions });
    reporting = await startOnOwnDatabase({ service: 'reporting', runId, dataSourceOptions: reportingDataSourceOptions });
    identity = await startIdentityProcess({
      port: identityPort,
      dataDir: devIdentityDir(process.env.IDENTITY_DATA_DIR),
      schedulingUrl: scheduling.service.url,
      env: { IDENTITY_CONSOLE_REDIRECT_URIS: `http://127.0.0.1:${consolePort}/auth/callback` },
    });
    const madridDay = DateTime.now().setZone('Europe/Madrid').startOf('day');
    retiroId = (
      await new CenterFixture(scheduling.service.url, 'Europe/Madrid', madridDay).create({
        chairs: 2,
        nurses: 1,
        capacity: 3,
        name: RETIRO,
      })
    ).locationId;
    liveCenter = await new CenterFixture(
      scheduling.service.url,
      liveZone,
      DateTime.now().setZone(liveZone).startOf('day'),
    ).create({
      chairs: 4,
      nurses: 2,
      capacity: 3,
      name: liveName,
    });
    consoleApp = await startConsoleProcess(consolePort, {
      AUTH_OIDC_ISSUER: identity.issuer,
      SCHEDULING_URL: scheduling.service.url,
      SESSIONS_URL: sessions.service.url,
      REPORTING_URL: reporting.service.url,
    });
  });

  afterAll(async () => {
    for (const browser of open) await browser.close();
    await consoleApp?.stop();
    await identity?.stop();
    await sessions?.stop();
    await reporting?.stop();
    await scheduling?.stop();
    process.env.AUTH_OIDC_ISSUER = previousIssuer;
  });

  async function as(username: string, viewport?: { width: number; height: number }): Promise<SignedIn> {
    const signedIn = await signInAs(consoleApp.url, username, PASSWORD, viewport);
    open.push(signedIn);
    return signedIn;
  }

  async function close(signedIn: SignedIn): Promise<void> {
    open.splice(open.indexOf(signedIn), 1);
    await signedIn.close();
  }

  const everywhere = () => [liveName, RETIRO];
  const ROLES: Array<[username: string, screens: string[], locations: () => string[]]> = [
    ['scheduler', ['today', 'book'], everywhere],
    ['charge-nurse', ['today', 'chairside'], everywhere],
    ['nurse', ['chairside'], everywhere],
    ['nurse.retiro', ['chairside'], () => [RETIRO]],
    ['manager', ['reports'], () => []],
    ['analyst', ['reports'], everywhere],
    ['admin', ['today', 'chairside', 'book', 'reports'], everywhere],
    ['privacy-officer', [], () => []],
  ];

  it.each(ROLES)(
    '%s signs in and is offered only the screens and locations the role allows',
    async (username, screens, locations) => {
      const signedIn = await as(username);
      const { page } = signedIn;
      try {
        const offered = await page
          .locator('nav [data-screen]')
          .evaluateAll((links) => links.map((l) => l.getAttribute('data-screen')));
        expect(offered).toEqual(screens);
        const shown = (await page.getByTestId('home-locations').textContent()) ?? '';
        for (const name of [liveName, RETIRO]) expect(shown.includes(name)).toBe(locations().includes(name));
        // The session is an HttpOnly cookie: nothing for scripts to read or steal.
        expect(await page.evaluate(() => (globalThis as any).document.cookie)).toBe('');
        expect(await seriousViolations(page)).toEqual([]);
        if (username === 'charge-nurse') await page.screenshot({ path: `${SCREENSHOTS}home.png` });
        if (!screens.includes('today')) {
          await page.goto(`${consoleApp.url}/today`);
          await page.getByRole('heading', { name: 'Not available to you' }).waitFor();
        }
      } finally {
        await close(signedIn);
      }
    },
  );

  it('refuses an unsafe request without the session’s CSRF token, and passes the user’s token to the services', async () => {
    const signedIn = await as('scheduler');
    try {
      const outcome = await signedIn.page.evaluate(async () => {
        const body = JSON.stringify({ givenName: 'Csrf', familyName: 'Probe', dateOfBirth: '1980-02-02' });
        const headers = { 'content-type': 'application/json' };
        const without = await fetch('/api/services/scheduling/patients', { method: 'POST', headers, body });
        const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const withToken = await fetch('/api/services/scheduling/patients', {
          method: 'POST',
          headers: { ...headers, 'x-csrf-token': csrfToken },
          body,
        });
        return { without: without.status, problem: ((await without.json()) as { type: string }).type, with: withToken.status };
      });
      expect(outcome).toEqual({ without: 403, problem: '/problems/csrf-token-invalid', with: 201 });
    } finally {
      await close(signedIn);
    }
  });

  it('shows a booking made on the Book screen on the charge nurse’s Today board live, in the location’s zone', async () => {
    const chargeNurse = await as('charge-nurse');
    const scheduler = await as('scheduler');
    const board = chargeNurse.page;
    await board.evaluate((id) => (globalThis as any).localStorage.setItem('chairside.location', id), liveCenter.locationId);
    await board.goto(`${consoleApp.url}/today`);
    await board.getByRole('heading', { name: `Today at ${liveName}` }).waitFor();
    await board.locator('[data-testid="live-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
    expect(await board.getByTestId('board-zone').textContent()).toContain(liveZone);
    // Marks this page: a reload would lose it, so the bar below must arrive without one.
    await board.evaluate(() => ((globalThis as any).notReloaded = true));

    // The scheduler books on the Book screen: registers the patient, picks the therapy, takes the best slot of today.
    const book = scheduler.page;
    await book.evaluate((id) => (globalThis as any).localStorage.setItem('chairside.location', id), liveCenter.locationId);
    await book.goto(`${consoleApp.url}/book`);
    await book.getByRole('heading', { name: `Book at ${liveName}` }).waitFor();
    await book.getByLabel('Given name').fill('Live');
    await book.getByLabel('Family name').fill('Booking');
    await book.getByLabel('Date of birth').fill('1975-05-05');
    await book.getByRole('button', { name: 'Register patient' }).click();
    await book.getByTestId('book-patient').waitFor();
    await book
      .getByRole('textbox', { name: /^Therapy/ })
      .or(book.getByRole('combobox', { name: /^Therapy/ }))
      .first()
      .click();
    await book.getByRole('option', { name: 'Hydration' }).click();
    await book.getByRole('button', { name: 'Find slots' }).click();
    await book.getByTestId('slots').waitFor({ timeout: 30_000 });
    expect(await seriousViolations(book)).toEqual([]);
    await book.screenshot({ path: `${SCREENSHOTS}book.png`, fullPage: true });
    await book.getByRole('button', { name: 'Book', exact: true }).first().click();
    const confirmation = book.getByTestId('booked');
    await confirmation.waitFor({ timeout: 30_000 });
    const confirmedAt = Date.now();
    const appointmentId = (await confirmation.getAttribute('data-appointment'))!;
    const appointment = await call(
      'GET',
      `${scheduling.service.url}/locations/${liveCenter.locationId}/appointments/${appointmentId}`,
      {
        token: tokenFor(['scheduler']),
      },
    );
    const booked = { status: appointment.status, body: appointment.body as { id: string; startsAt: string } };
    expect(booked.status).toBe(200);
    const bar = board.locator(`[data-appointment="${booked.body.id}"]`);
    await bar.waitFor({ timeout: 15_000 });
    const seenAfterMs = Date.now() - confirmedAt;
    expect(await board.evaluate(() => (globalThis as any).notReloaded)).toBe(true);
    const localStart = DateTime.fromISO(booked.body.startsAt).setZone(liveZone).toFormat('HH:mm');
    const label = (await bar.textContent()) ?? '';
    expect(label).toContain('Hydration');
    expect(label).toContain(localStart);
    expect(label).toMatch(/Booked|Expected/);
    console.log(`[console] the booking showed on the board ${seenAfterMs} ms after the Book screen confirmed it`);
    expect(await seriousViolations(board)).toEqual([]);
    await board.screenshot({ path: `${SCREENSHOTS}today.png`, fullPage: true });

    // The services' own view agrees: the session exists on sessions' board once it consumed the booking.
    await waitFor(
      async () =>
        (
          await call('GET', `${sessions.service.url}/locations/${liveCenter.locationId}/board`, { token: tokenFor(['nurse']) })
        ).body.sessions?.some((s: { appointmentId: string }) => s.appointmentId === booked.body.id),
      { timeoutMs: 30_000, what: 'sessions to show the booking' },
    );
    await close(chargeNurse);
    await close(scheduler);

    // The infusion nurse at the chair, on a tablet: checks the patient in, seats them, records vitals with an alert.
    const nurse = await as('nurse', { width: 1024, height: 768 });
    const tablet = nurse.page;
    await tablet.evaluate((id) => (globalThis as any).localStorage.setItem('chairside.location', id), liveCenter.locationId);
    await tablet.goto(`${consoleApp.url}/chairside`);
    const card = tablet.locator(`[data-appointment="${booked.body.id}"]`);
    await card.click();
    await tablet.getByRole('button', { name: 'Check in' }).click();
    await card.getByText('Arrived').waitFor({ timeout: 15_000 });
    await tablet.getByRole('button', { name: 'Seat in chair' }).click();
    await card.getByText('In chair').waitFor({ timeout: 15_000 });
    await tablet.getByLabel('Systolic blood pressure').fill('190');
    await tablet.getByLabel('Heart rate').fill('80');
    await tablet.getByTestId('vitals-alert').waitFor();
    expect(await seriousViolations(tablet)).toEqual([]);
    await tablet.screenshot({ path: `${SCREENSHOTS}chairside.png`, fullPage: true });
    await tablet.getByRole('button', { name: 'Record vital signs' }).click();
    await tablet.getByTestId('vitals-recorded').waitFor({ timeout: 15_000 });
    await close(nurse);
  });

  it('draws the reports as charts for a center manager, with the freshness and the CSV downloads', async () => {
    // Reporting has followed the booking of the test above (its events through Kafka).
    const today = DateTime.now().toFormat('yyyy-MM-dd');
    const from = DateTime.now().minus({ days: 13 }).toFormat('yyyy-MM-dd');
    await waitFor(
      async () => {
        const report = await call('GET', `${reporting.service.url}/reports/kpis?from=${from}&to=${today}`, {
          token: tokenFor(['manager']),
        });
        return report.body.locations?.find((l: { locationId: string }) => l.locationId === liveCenter.locationId)?.total.visits >
          0
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, what: 'reporting to count the booking' },
    );
    const manager = await as('manager');
    const { page } = manager;
    try {
      expect(await page.locator('nav [data-screen="reports"]').getAttribute('href')).toBe('/reports');
      // The manager reads both centers; the screen opens on the one the user works at (remembered).
      await page.evaluate((id) => (globalThis as any).localStorage.setItem('chairside.location', id), liveCenter.locationId);
      await page.goto(`${consoleApp.url}/reports`);
      await page.getByRole('heading', { name: 'Reports', exact: true }).waitFor({ timeout: 15_000 });
      await page.getByTestId('chart-utilization').waitFor();
      expect(await page.getByTestId('chart-utilization-group').count()).toBe(14);
      expect(await page.getByTestId('chart-heatmap-busy').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('chart-waits-bar').count()).toBe(6);
      expect(await page.getByTestId('chart-no-shows-bar').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('chart-delivery-bar').count()).toBe(4);
      expect(await page.getByTestId('chart-reactions').or(page.getByTestId('chart-reactions-empty')).count()).toBe(1);
      expect(await page.getByTestId('reports-freshness').textContent()).toMatch(
        /Figures include events up to|No events reported yet/,
      );
      // The CSV downloads come through the console as the user.
      const href = await page.getByRole('link', { name: 'per location and day' }).getAttribute('href');
      const csv = await page.evaluate(async (url) => {
        const r = await fetch(url!);
        return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
      }, href);
      expect(csv.status).toBe(200);
      expect(csv.type).toContain('text/csv');
      expect(csv.text).toContain(liveCenter.locationId);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}reports.png`, fullPage: true });
    } finally {
      await close(manager);
    }
  });

  it('tells the browser nothing of a location outside the user’s grant (live stream and board refused)', async () => {
    const retiroNurse = await as('nurse.retiro');
    try {
      const statuses = await retiroNurse.page.evaluate(async (other) => {
        const live = await fetch(`/api/live/${other}`);
        const board = await fetch(`/api/board/${other}`);
        return [live.status, board.status];
      }, liveCenter.locationId);
      expect(statuses).toEqual([403, 403]);
      void retiroId;
    } finally {
      await close(retiroNurse);
    }
  });
});
