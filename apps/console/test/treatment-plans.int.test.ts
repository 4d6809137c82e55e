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
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { seriousViolations } from './accessibility.js';
import { type SignedIn, signInAs } from './browser.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';
import { DEMO_PASSWORD, demoUsersFileWith, SCREENSHOTS } from './demo-users.js';

// A treatment plan on the Patients screen as a scheduler of one center (the least privileged who
// may change plans: scheduling allows plans to schedulers and admins), in a real Chromium against
// the identity provider and scheduling on its own database. The screenshot goes to docs/console/.

/** Half an hour off whole-hour zones: a time shown in the browser's zone instead would be plainly wrong. */
const ZONE = 'Asia/Kolkata';
const BROWSER_ZONE = 'Pacific/Pago_Pago';

interface Dose {
  dose: number;
  state: string;
  startsAt: string | null;
}

describe('treatment plans on the Patients screen in a real browser', () => {
  const runId = testRunId('planscreen');
  const centerName = `Chairside Plans Center ${runId}`;
  const previousIssuer = process.env.AUTH_OIDC_ISSUER;
  let identity: IdentityProcess;
  let scheduling: ServiceOnOwnDatabase;
  let consoleApp: ConsoleProcess;
  let center: CenterFixture;
  let signedIn: SignedIn | undefined;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const identityPort = await freePort();
    const consolePort = await freePort();
    process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
    scheduling = await startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions });
    const usersFile = demoUsersFileWith(runId, [
      {
        username: 'scheduler.plans',
        name: 'Pat Scheduler (one center)',
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
    center = await new CenterFixture(scheduling.service.url, ZONE, DateTime.now().setZone(ZONE).startOf('day')).create({
      chairs: 2,
      nurses: 1,
      capacity: 3,
      name: centerName,
    });
    consoleApp = await startConsoleProcess(consolePort, {
      AUTH_OIDC_ISSUER: identity.issuer,
      SCHEDULING_URL: scheduling.service.url,
      // Not called by this screen: nobody listens there.
      SESSIONS_URL: 'http://127.0.0.1:9',
      NOTIFICATIONS_URL: 'http://127.0.0.1:9',
      REPORTING_URL: 'http://127.0.0.1:9',
    });
  });

  afterAll(async () => {
    await signedIn?.close();
    await consoleApp?.stop();
    await identity?.stop();
    await scheduling?.stop();
    process.env.AUTH_OIDC_ISSUER = previousIssuer;
  });

  it('shows a plan’s doses in the center’s zone, refuses a reschedule that cannot move every dose (409, nothing moved), moves them all, and cancels the plan with the version read', async () => {
    const scheduler = tokenFor(['scheduler'], [center.locationId]);
    const base = `${scheduling.service.url}/locations/${center.locationId}`;
    const day = (n: number) => center.day.plus({ days: n });
    // The nurse works days 1, 2, 8, 9, 15 and 16 from today; day 3 nobody does.
    const nurses = (await call('GET', `${base}/nurses`, { token: center.admin })).body as Array<{ id: string }>;
    for (const n of [1, 2, 8, 9, 15, 16])
      await center.post(`/locations/${center.locationId}/nurses/${nurses[0]!.id}/shifts`, {
        startsAt: day(n).set({ hour: 7 }).toUTC().toISO(),
        endsAt: day(n).set({ hour: 17 }).toUTC().toISO(),
      });
    const patient = await call('POST', `${scheduling.service.url}/patients`, {
      token: scheduler,
      body: { givenName: 'Pia', familyName: 'Planner', dateOfBirth: '1966-06-06', locationId: center.locationId },
    });
    expect(patient.status).toBe(201);
    const booked = await call('POST', `${base}/treatment-plans`, {
      token: scheduler,
      body: {
        patientId: (patient.body as { id: string }).id,
        therapyCode: 'hydration',
        doses: 3,
        intervalDays: 7,
        firstStartsAt: day(1).set({ hour: 10 }).toUTC().toISO(),
        toleranceDays: 0,
      },
    });
    expect(booked.status).toBe(201);
    const planId = (booked.body as { id: string }).id;
    const plan = async () =>
      (await call('GET', `${base}/treatment-plans/${planId}`, { token: scheduler })).body as {
        status: string;
        version: number;
        series: Dose[];
      };
    const local = (d: Dose) => DateTime.fromISO(d.startsAt!).setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm");
    const before = await plan();
    expect(before.series.map((d) => d.state)).toEqual(['booked', 'booked', 'booked']);

    signedIn = await signInAs(consoleApp.url, 'scheduler.plans', DEMO_PASSWORD, undefined, BROWSER_ZONE);
    const { page } = signedIn;
    await page.goto(`${consoleApp.url}/patients`);
    await page.getByLabel('Name').fill('planer');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('[data-patient]').first().click();
    const shown = page.locator(`[data-plan="${planId}"]`);
    await shown.waitFor({ timeout: 15_000 });
    // Opened from the keyboard.
    await shown.getByRole('button', { name: 'Show doses' }).focus();
    await page.keyboard.press('Enter');
    const doses = shown.getByTestId('plan-doses');
    await doses.waitFor({ timeout: 15_000 });
    expect(await shown.getByTestId('plan-status').textContent()).toBe(
      `Plan active, version ${before.version}; times in ${ZONE}.`,
    );
    // Each dose at 10:00 in Kolkata, shown as such in a browser in Pago Pago.
    for (const d of before.series) expect(await doses.locator(`[data-dose="${d.dose}"]`).textContent()).toMatch(/Booked.*10:00/);

    // Day 3 has no nurse: dose 1 cannot go, so nothing moves (all or none), and the screen says which dose and when.
    const first = shown.getByLabel('First of the 3 remaining doses at');
    await first.fill(`${day(3).toISODate()}T10:00`);
    await shown.getByRole('button', { name: 'Reschedule remaining doses' }).click();
    const refused = shown.getByTestId('plan-dose-unavailable');
    await refused.waitFor({ timeout: 15_000 });
    expect(await refused.textContent()).toContain('Dose 1 cannot go to');
    expect(await refused.textContent()).toContain('10:00');
    expect(await refused.textContent()).toContain('no dose moved');
    expect(await seriousViolations(page)).toEqual([]);
    const unmoved = await plan();
    expect(unmoved.version).toBe(before.version);
    expect(unmoved.series.map(local)).toEqual(before.series.map(local));

    // Day 2 at 11:00: every dose moves, a week apart, at 11:00 in Kolkata.
    await first.fill(`${day(2).toISODate()}T11:00`);
    await shown.getByRole('button', { name: 'Reschedule remaining doses' }).click();
    await shown.getByTestId('plan-rescheduled').waitFor({ timeout: 15_000 });
    const moved = await plan();
    expect(moved.series.map(local)).toEqual([2, 9, 16].map((n) => `${day(n).toISODate()}T11:00`));
    await shown.getByTestId('plan-status').getByText(`version ${moved.version};`, { exact: false }).waitFor({ timeout: 15_000 });
    for (const d of moved.series) expect(await doses.locator(`[data-dose="${d.dose}"]`).textContent()).toMatch(/11:00/);
    await page.screenshot({ path: `${SCREENSHOTS}patients-plan.png`, fullPage: true });

    // Someone else moves the plan meanwhile: cancelling the version this screen read is refused and said so.
    const elsewhere = await call('POST', `${base}/treatment-plans/${planId}/reschedule`, {
      token: scheduler,
      headers: { 'if-match': `"${moved.version}"` },
      body: { firstStartsAt: day(2).set({ hour: 13 }).toUTC().toISO() },
    });
    expect(elsewhere.status).toBe(200);
    await shown.getByLabel('Why the plan is cancelled').selectOption('clinical');
    await shown.getByRole('button', { name: 'Cancel the plan' }).click();
    await shown.getByText('Changed by someone else: reload to see the latest.').waitFor({ timeout: 15_000 });
    expect((await plan()).status).toBe('active');
    await shown.getByRole('button', { name: 'Try again' }).click();
    await doses.locator('[data-dose="1"]').getByText(/13:00/).waitFor({ timeout: 15_000 });
    await shown.getByRole('button', { name: 'Cancel the plan' }).click();
    const cancelled = shown.getByTestId('plan-cancelled');
    await cancelled.waitFor({ timeout: 15_000 });
    expect(await cancelled.textContent()).toContain('3 doses');
    const after = await plan();
    expect(after.status).toBe('cancelled');
    expect(after.series.map((d) => d.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    await shown
      .getByTestId('plan-status')
      .getByText(/Plan cancelled/)
      .waitFor({ timeout: 15_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
