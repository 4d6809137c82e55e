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
  waitFor,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../sessions/src/database/data-source.js';
import { SERVICES_CATCH_UP_MS } from '../src/live-updates/live-hub.js';
import { seriousViolations } from './accessibility.js';
import { type SignedIn, signInAs } from './browser.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';
import { DEMO_PASSWORD, demoUsersFileWith, SCREENSHOTS } from './demo-users.js';
import { daytimeZone } from './zones.js';

// The Today board's appointment panel and the Book screen's patient search in a real Chromium, as
// the least privileged users who may act: a scheduler and a charge nurse of one center each, signed
// in through the identity provider; scheduling and sessions on their own databases, Kafka between
// them. After every action the test reads the appointment from scheduling's API. Screenshots go to
// docs/console/.

interface AppointmentState {
  id: string;
  patientId: string;
  chairId: string;
  nurseId: string;
  startsAt: string;
  status: string;
  confirmedAt: string | null;
  version: number;
}

describe('the Today board’s appointment panel in a real browser', () => {
  const runId = testRunId('boardpanel');
  const previousIssuer = process.env.AUTH_OIDC_ISSUER;
  const zone = daytimeZone();
  const centerName = `Chairside Board Center ${runId}`;
  let identity: IdentityProcess;
  let scheduling: ServiceOnOwnDatabase;
  let sessions: ServiceOnOwnDatabase;
  let consoleApp: ConsoleProcess;
  let center: CenterFixture;
  const open: SignedIn[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const identityPort = await freePort();
    const consolePort = await freePort();
    process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
    [scheduling, sessions] = await Promise.all([
      startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
      startOnOwnDatabase({ service: 'sessions', runId, dataSourceOptions: sessionsDataSourceOptions }),
    ]);
    // The least privileged who may act on this center's board: its own scheduler and charge nurse.
    const usersFile = demoUsersFileWith(runId, [
      {
        username: 'scheduler.board',
        name: 'Sol Scheduler (one center)',
        roles: ['scheduler'],
        locations: [`name:${centerName}`],
      },
      {
        username: 'charge-nurse.board',
        name: 'Cruz Charge Nurse (one center)',
        roles: ['charge-nurse', 'nurse'],
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
    center = await new CenterFixture(scheduling.service.url, zone, DateTime.now().setZone(zone).startOf('day')).create({
      chairs: 3,
      nurses: 2,
      capacity: 3,
      name: centerName,
    });
    consoleApp = await startConsoleProcess(consolePort, {
      AUTH_OIDC_ISSUER: identity.issuer,
      SCHEDULING_URL: scheduling.service.url,
      SESSIONS_URL: sessions.service.url,
      // Not called by these screens: nobody listens there.
      REPORTING_URL: 'http://127.0.0.1:9',
      NOTIFICATIONS_URL: 'http://127.0.0.1:9',
    });
  });

  afterAll(async () => {
    for (const browser of open) await browser.close();
    await consoleApp?.stop();
    await identity?.stop();
    await sessions?.stop();
    await scheduling?.stop();
    process.env.AUTH_OIDC_ISSUER = previousIssuer;
  });

  async function openAs(username: string, screen: string): Promise<SignedIn> {
    const signedIn = await signInAs(consoleApp.url, username, DEMO_PASSWORD);
    open.push(signedIn);
    const { page } = signedIn;
    await page.evaluate((id) => (globalThis as any).localStorage.setItem('chairside.location', id), center.locationId);
    await page.goto(`${consoleApp.url}/${screen}`);
    return signedIn;
  }

  async function close(signedIn: SignedIn): Promise<void> {
    open.splice(open.indexOf(signedIn), 1);
    await signedIn.close();
  }

  /** The appointment as scheduling keeps it, read as this center's scheduler. */
  async function appointment(id: string): Promise<AppointmentState> {
    const read = await call('GET', `${scheduling.service.url}/locations/${center.locationId}/appointments/${id}`, {
      token: tokenFor(['scheduler'], [center.locationId]),
    });
    expect(read.status).toBe(200);
    return read.body as AppointmentState;
  }

  /** Mantine's Select inside `scope`: open it by its label, pick the option (listed in a portal of the page). */
  async function choose(page: Page, scope: Page | Locator, label: string, option: string): Promise<void> {
    await scope
      .getByRole('textbox', { name: label })
      .or(scope.getByRole('combobox', { name: label }))
      .first()
      .click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  it('lets a scheduler of one center find a patient, book, confirm by keyboard, reschedule and cancel from the board', async () => {
    // A patient registered at this center earlier (the scheduler's grant sees patients registered or booked there).
    const registered = await call('POST', `${scheduling.service.url}/patients`, {
      token: tokenFor(['scheduler'], [center.locationId]),
      body: { givenName: 'Marisol', familyName: 'Quintero', dateOfBirth: '1968-03-04', locationId: center.locationId },
    });
    expect(registered.status).toBe(201);
    const patientId = (registered.body as { id: string; mrn: string }).id;
    const mrn = (registered.body as { id: string; mrn: string }).mrn;

    const scheduler = await openAs('scheduler.board', 'book');
    const { page } = scheduler;
    try {
      // Book: found by part of the name with a letter wrong and the date of birth, not registered again.
      await page.getByRole('heading', { name: `Book at ${centerName}` }).waitFor({ timeout: 15_000 });
      const find = page.getByRole('form', { name: 'Find patient' });
      await find.getByLabel('Name').fill('quintera mari');
      await find.getByLabel('Birth date').fill('1968-03-04');
      await find.getByRole('button', { name: 'Find patient' }).click();
      const found = page.locator(`[data-testid="book-found"] [data-patient="${patientId}"]`);
      await found.waitFor({ timeout: 15_000 });
      expect(await found.textContent()).toContain(mrn);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}book-find.png`, fullPage: true });
      await found.click();
      expect(await page.getByTestId('book-patient').textContent()).toContain('Marisol Quintero');
      await choose(page, page, 'Therapy', 'Hydration therapy');
      await page.getByRole('button', { name: 'Find slots' }).click();
      await page.getByTestId('slots').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Book', exact: true }).first().click();
      const booked = page.getByTestId('booked');
      await booked.waitFor({ timeout: 30_000 });
      const appointmentId = (await booked.getAttribute('data-appointment'))!;
      const first = await appointment(appointmentId);
      expect(first).toMatchObject({ patientId, status: 'booked', confirmedAt: null, version: 1 });
      // The same patient, not a second registration of her.
      const namesakes = await call('GET', `${scheduling.service.url}/patients?name=Quintero`, {
        token: tokenFor(['scheduler'], [center.locationId]),
      });
      expect((namesakes.body as { items: unknown[] }).items).toHaveLength(1);

      // Today: the bar, reached and opened with the keyboard only, the appointment confirmed with Enter.
      await page.goto(`${consoleApp.url}/today`);
      await page.getByRole('heading', { name: `Today at ${centerName}` }).waitFor({ timeout: 15_000 });
      const bar = page.locator(`[data-testid="board"] [data-appointment="${appointmentId}"]`);
      await bar.waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="live-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
      const focusedAppointment = () =>
        page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('data-appointment') as string | null);
      let presses = 0;
      while ((await focusedAppointment()) !== appointmentId) {
        if (++presses > 80) throw new Error('Tab never reached the bar');
        await page.keyboard.press('Tab');
      }
      // The board's one tooltip shows for keyboard focus too, with the bar's description; Escape hides it, the focus stays.
      const tooltip = page.getByRole('tooltip');
      await tooltip.filter({ hasText: 'Quintero' }).waitFor({ timeout: 5_000 });
      const description = ((await tooltip.textContent()) ?? '').split(' · ')[0]!;
      expect(await bar.textContent()).toContain(description);
      await page.keyboard.press('Escape');
      await tooltip.waitFor({ state: 'hidden', timeout: 5_000 });
      expect(await focusedAppointment()).toBe(appointmentId);
      await page.keyboard.press('Enter');
      const panel = page.locator(`[data-appointment-panel="${appointmentId}"]`);
      await panel.waitFor({ timeout: 15_000 });
      await panel.getByRole('button', { name: 'Confirm', exact: true }).waitFor({ timeout: 15_000 });
      const focusedText = () => page.evaluate(() => (globalThis as any).document.activeElement?.textContent as string | null);
      presses = 0;
      while ((await focusedText()) !== 'Confirm') {
        if (++presses > 20) throw new Error('Tab never reached Confirm in the panel');
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Enter');
      await panel.getByTestId('panel-done').getByText('Confirmed.').waitFor({ timeout: 15_000 });
      const confirmed = await appointment(appointmentId);
      expect(confirmed.confirmedAt).toBeTruthy();
      expect(confirmed).toMatchObject({ status: 'booked', startsAt: first.startsAt });
      expect(confirmed.version).toBeGreaterThan(first.version);
      // Escape closes the panel and gives the focus back to the bar.
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached', timeout: 15_000 });
      await waitFor(async () => (await focusedAppointment()) === appointmentId, {
        timeoutMs: 5_000,
        what: 'the focus back on the bar',
      });

      // Reschedule to another of the slots scheduling ranks for her.
      await bar.click();
      await panel.waitFor({ timeout: 15_000 });
      await panel.getByTestId('panel-status').getByText('Booked · confirmed').waitFor({ timeout: 15_000 });
      await panel.getByRole('button', { name: 'Reschedule', exact: true }).click();
      await panel.getByRole('button', { name: 'Find slots' }).click();
      const slots = panel.getByTestId('reschedule-slots');
      await slots.waitFor({ timeout: 30_000 });
      const other = slots.locator(`li:not([data-slot="${first.startsAt}"])`).first();
      const slotStart = (await other.getAttribute('data-slot'))!;
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}today-panel.png` });
      await other.getByRole('button').click();
      await panel
        .getByTestId('panel-done')
        .getByText(/^Rescheduled to /)
        .waitFor({ timeout: 15_000 });
      const rescheduled = await appointment(appointmentId);
      expect(new Date(rescheduled.startsAt).toISOString()).toBe(new Date(slotStart).toISOString());
      // Moved, it needs confirming again.
      expect(rescheduled).toMatchObject({ status: 'booked', confirmedAt: null });
      expect(rescheduled.version).toBeGreaterThan(confirmed.version);

      // The panel has read the rescheduled version (unconfirmed) before anyone else acts.
      await waitFor(async () => (await panel.getByTestId('panel-status').textContent()) === 'Booked', {
        timeoutMs: 15_000,
        what: 'the panel to read the rescheduled appointment',
      });
      // Someone else confirms it meanwhile: the panel's cancel, sent with the version it read, is refused and said so.
      const elsewhere = await call(
        'POST',
        `${scheduling.service.url}/locations/${center.locationId}/appointments/${appointmentId}/confirm`,
        {
          token: tokenFor(['scheduler'], [center.locationId], undefined, 'test-other-scheduler'),
          headers: { 'if-match': `"${rescheduled.version}"` },
        },
      );
      expect(elsewhere.status).toBe(200);
      await panel.getByRole('button', { name: 'Cancel…' }).click();
      await choose(page, panel, 'Reason', 'The patient asked');
      await panel.getByRole('button', { name: 'Cancel the appointment' }).click();
      const problem = panel.getByTestId('panel-problem');
      await problem.getByText('Changed by someone else: reload to see the latest.').waitFor({ timeout: 15_000 });
      expect(await problem.getAttribute('data-problem')).toBe('/problems/version-mismatch');
      expect((await appointment(appointmentId)).status).toBe('booked');
      await problem.getByRole('button', { name: 'Reload' }).click();
      await panel.getByTestId('panel-status').getByText('Booked · confirmed').waitFor({ timeout: 15_000 });
      await panel.getByRole('button', { name: 'Cancel…' }).click();
      await choose(page, panel, 'Reason', 'The patient asked');
      await panel.getByRole('button', { name: 'Cancel the appointment' }).click();
      await panel.getByTestId('panel-done').getByText('Cancelled.').waitFor({ timeout: 15_000 });
      const cancelled = await appointment(appointmentId);
      expect(cancelled.status).toBe('cancelled');
      // A scheduler may not move a patient (that is the charge nurse's), and the cancelled one offers nothing more.
      await panel.getByText('Nothing your role may change on this appointment now.').waitFor({ timeout: 15_000 });
    } finally {
      await close(scheduler);
    }
  }, 240_000);

  it('lets a charge nurse of one center see a check-in live (no read of the board) and move the patient to another chair', async () => {
    // Booked through the services; the charge nurse has the board open before the patient arrives.
    const [patientId] = await center.patients(1);
    const from = new Date(Date.now() + 10 * 60_000).toISOString();
    const to = DateTime.now().setZone(zone).endOf('day').toUTC().toISO()!;
    const schedulerToken = tokenFor(['scheduler'], [center.locationId]);
    const slots = await call(
      'GET',
      `${scheduling.service.url}/locations/${center.locationId}/slots?therapyCode=hydration&patientId=${patientId}&from=${from}&to=${to}&limit=1`,
      { token: schedulerToken },
    );
    expect(slots.status).toBe(200);
    const [slot] = slots.body as Array<{ start: string; chairId: string; nurseId: string }>;
    const booked = await call('POST', `${scheduling.service.url}/locations/${center.locationId}/appointments`, {
      token: schedulerToken,
      body: { patientId, therapyCode: 'hydration', startsAt: slot!.start, chairId: slot!.chairId, nurseId: slot!.nurseId },
    });
    expect(booked.status).toBe(201);
    const appointmentId = (booked.body as AppointmentState).id;
    const before = await appointment(appointmentId);
    const chairs = (
      await call('GET', `${scheduling.service.url}/locations/${center.locationId}/chairs`, { token: schedulerToken })
    ).body as Array<{ id: string; label: string }>;
    const target = chairs.find((c) => c.id !== before.chairId)!;

    const chargeNurse = await openAs('charge-nurse.board', 'today');
    const { page } = chargeNurse;
    try {
      await page.getByRole('heading', { name: `Today at ${centerName}` }).waitFor({ timeout: 15_000 });
      await page.locator('[data-testid="live-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
      // Sessions knows the booking once its bar is on sessions' board as expected (reloaded until it is).
      const expected = page.locator(
        `[data-chair="${before.chairId}"] [data-appointment="${appointmentId}"][data-status="expected"]`,
      );
      await waitFor(
        async () => {
          if ((await expected.count()) > 0) return true;
          await page.reload();
          await page.locator('[data-testid="live-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
          return (await expected.count()) > 0;
        },
        { timeoutMs: 30_000, what: 'sessions to know the booking' },
      );
      // A reload asks for the board beside the session, not after it (the browser remembers the
      // board its user works), and reads it once: nothing of the center happened between the read
      // and the live stream's start, so connecting does not read it again. (The booking's event settles
      // first: for SERVICES_CATCH_UP_MS after a scheduling event of the center, sessions' board may not
      // show it yet, so the console rightly reads the board again on connecting: the position a read
      // begins at says so, asked here until it is settled.)
      await waitFor(
        async () => {
          const position = await page.evaluate(
            async (path) => ((await (await fetch(path)).json()) as { livePosition?: string }).livePosition,
            `/api/board/${center.locationId}?date=${DateTime.now().setZone(zone).toISODate()}`,
          );
          return position && !position.includes(':unsettled:') ? true : undefined;
        },
        { timeoutMs: SERVICES_CATCH_UP_MS * 4, what: "the center's live position to settle" },
      );
      await page.reload();
      await page.locator('[data-testid="live-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
      await expected.waitFor({ timeout: 15_000 });
      await page.waitForTimeout(1_500);
      const reloaded = await page.evaluate(() => {
        const entries = (globalThis as any).performance.getEntriesByType('resource') as Array<{
          name: string;
          startTime: number;
          responseEnd: number;
        }>;
        const session = entries.find((e) => new URL(e.name).pathname === '/api/session');
        const boards = entries.filter((e) => new URL(e.name).pathname.startsWith('/api/board/'));
        return { boardReads: boards.length, askedBeforeTheSessionAnswered: boards[0]!.startTime < session!.responseEnd };
      });
      expect(reloaded).toEqual({ boardReads: 1, askedBeforeTheSessionAnswered: true });
      // The reads that follow connecting and the booking settle first; from here every read of the board is counted.
      await page.waitForTimeout(1_500);
      const boardReads: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/board/')) boardReads.push(request.url());
      });
      const nurseToken = tokenFor(['nurse'], [center.locationId]);
      const checkedInAt = Date.now();
      const checkIn = await call(
        'POST',
        `${sessions.service.url}/locations/${center.locationId}/sessions/${appointmentId}/check-in`,
        {
          token: nurseToken,
          body: {},
        },
      );
      expect(checkIn.status).toBe(200);
      const bar = page.locator(`[data-chair="${before.chairId}"] [data-appointment="${appointmentId}"][data-status="arrived"]`);
      await bar.waitFor({ timeout: 10_000 });
      const onScreenMs = Date.now() - checkedInAt;
      // The bar took the check-in from the live event itself: the composed board was not read again
      // (scheduling's echo of the arrival, which follows, does not make it read either).
      await waitFor(async () => (await appointment(appointmentId)).status === 'arrived', {
        timeoutMs: 30_000,
        what: 'scheduling to hear of the arrival',
      });
      const arrived = await appointment(appointmentId);
      await page.waitForTimeout(1_000);
      expect(boardReads).toEqual([]);
      expect(onScreenMs).toBeLessThan(10_000);
      await bar.click();
      const panel = page.locator(`[data-appointment-panel="${appointmentId}"]`);
      await panel.getByTestId('panel-status').getByText('Arrived').waitFor({ timeout: 15_000 });
      // The charge nurse moves patients; booking changes are the scheduler's. The panel's actions come
      // with the appointment's own query (the status may show from the board before): wait for Move first.
      const move = panel.getByRole('button', { name: 'Move to another chair or nurse' });
      await move.waitFor({ timeout: 15_000 });
      expect(await panel.getByRole('button', { name: 'Reschedule', exact: true }).count()).toBe(0);
      expect(await panel.getByRole('button', { name: 'Cancel…' }).count()).toBe(0);
      await move.click();
      await choose(page, panel, 'To chair', target.label);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}today-move.png` });
      await panel.getByRole('button', { name: 'Move the patient' }).click();
      await panel.getByTestId('panel-done').getByText(`Moved to ${target.label} with`).waitFor({ timeout: 15_000 });
      const moved = await appointment(appointmentId);
      expect(moved).toMatchObject({
        status: 'arrived',
        chairId: target.id,
        nurseId: before.nurseId,
        startsAt: before.startsAt,
        version: arrived.version + 1,
      });
      // The board follows (sessions consumed the move): the bar is on the new chair's row.
      await page.keyboard.press('Escape');
      await page.locator(`[data-chair="${target.id}"] [data-appointment="${appointmentId}"]`).waitFor({ timeout: 30_000 });
    } finally {
      await close(chargeNurse);
    }
  }, 180_000);

  it('lets a charge nurse of one center move between days, the day kept in the URL and live bars only for the day shown', async () => {
    // Tomorrow, booked through scheduling's API: a shift for Nurse 1 and the first slot scheduling ranks.
    const schedulerToken = tokenFor(['scheduler'], [center.locationId]);
    const tomorrowDay = DateTime.now().setZone(zone).startOf('day').plus({ days: 1 });
    const today = DateTime.now().setZone(zone).toISODate()!;
    const tomorrow = tomorrowDay.toISODate()!;
    const nurses = (
      await call('GET', `${scheduling.service.url}/locations/${center.locationId}/nurses`, { token: schedulerToken })
    ).body as Array<{ id: string; displayName: string }>;
    const nurse = nurses.find((n) => n.displayName === 'Nurse 1')!;
    const shift = await call('POST', `${scheduling.service.url}/locations/${center.locationId}/nurses/${nurse.id}/shifts`, {
      token: schedulerToken,
      body: { startsAt: tomorrowDay.set({ hour: 7 }).toISO(), endsAt: tomorrowDay.set({ hour: 17 }).toISO() },
    });
    expect(shift.status).toBe(201);
    const [first, second, third] = await center.patients(3);
    const bookOn = async (day: DateTime, patientId: string, notBefore = day.set({ hour: 9 })): Promise<AppointmentState> => {
      const slots = await call(
        'GET',
        `${scheduling.service.url}/locations/${center.locationId}/slots?therapyCode=hydration&patientId=${patientId}&from=${notBefore.toUTC().toISO()}&to=${day.endOf('day').toUTC().toISO()}&limit=1`,
        { token: schedulerToken },
      );
      expect(slots.status).toBe(200);
      const [slot] = slots.body as Array<{ start: string; chairId: string; nurseId: string }>;
      const booked = await call('POST', `${scheduling.service.url}/locations/${center.locationId}/appointments`, {
        token: schedulerToken,
        body: { patientId, therapyCode: 'hydration', startsAt: slot!.start, chairId: slot!.chairId, nurseId: slot!.nurseId },
      });
      expect(booked.status).toBe(201);
      return booked.body as AppointmentState;
    };
    const tomorrows = await bookOn(tomorrowDay, first!);
    expect(DateTime.fromISO(tomorrows.startsAt).setZone(zone).toISODate()).toBe(tomorrow);
    // Its chair goes out of service from half an hour before it starts to an hour after (as the center's admin).
    const outageFrom = DateTime.fromISO(tomorrows.startsAt).setZone(zone).minus({ minutes: 30 });
    const outageTo = outageFrom.plus({ minutes: 90 });
    await center.post(`/locations/${center.locationId}/chairs/${tomorrows.chairId}/outages`, {
      startsAt: outageFrom.toUTC().toISO(),
      endsAt: outageTo.toUTC().toISO(),
      reason: 'Pump repair',
    });

    const chargeNurse = await openAs('charge-nurse.board', 'today');
    const { page } = chargeNurse;
    const tomorrowsBar = page.locator(`[data-testid="board"] [data-appointment="${tomorrows.id}"]`);
    const shownDate = () => page.getByTestId('board-zone').getAttribute('data-date');
    try {
      await page.getByRole('heading', { name: `Today at ${centerName}` }).waitFor({ timeout: 15_000 });
      await page.locator(`[data-testid="board-zone"][data-date="${today}"]`).waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('board-zone').textContent()).toContain(`Times in ${zone}`);
      await page.locator('[data-testid="live-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
      expect(await tomorrowsBar.count()).toBe(0);

      // Next day, from the keyboard: Tab to the button, Enter.
      const focusedButton = () =>
        page.evaluate(() => {
          const focused = (globalThis as any).document.activeElement;
          return focused?.tagName === 'BUTTON' ? (focused.textContent as string) : null;
        });
      let presses = 0;
      while (!(await focusedButton())?.includes('Next day')) {
        if (++presses > 40) throw new Error('Tab never reached Next day');
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/today?date=${tomorrow}`, { timeout: 15_000 });
      await tomorrowsBar.waitFor({ timeout: 30_000 });
      expect(await shownDate()).toBe(tomorrow);
      expect(await page.getByTestId('shown-day').textContent()).not.toContain('(today)');
      // The chair out of service: in words on its row and a hatched span in its lane; the bar at risk for it; the
      // nurse on shift that day with her load against her capacity, the other (no shift) with her load alone.
      const outChair = page.locator(`[data-chair="${tomorrows.chairId}"]`);
      expect(await outChair.getByTestId('chair-out-of-service').textContent()).toContain(
        `Out of service ${outageFrom.toFormat('HH:mm')}–${outageTo.toFormat('HH:mm')} (Pump repair)`,
      );
      expect(
        await outChair.locator('.board-outage').evaluate((e) => (globalThis as any).getComputedStyle(e).backgroundImage),
      ).toContain('repeating-linear-gradient');
      expect(await tomorrowsBar.textContent()).toContain('At risk: chair out of service');
      const nurseLoad = page.getByTestId('nurse-load');
      expect(await nurseLoad.textContent()).toContain('Nurse 1: 0 of 3');
      expect(await nurseLoad.textContent()).toContain('Nurse 2: 0 in chair');
      expect(await nurseLoad.getByTestId('over-capacity').count()).toBe(0);
      // The board's hours are the location's on that day.
      expect(Number(await page.getByTestId('board-zone').getAttribute('data-hours'))).toBe(
        tomorrowDay.plus({ days: 1 }).diff(tomorrowDay, 'hours').hours,
      );
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}today-tomorrow.png` });

      // A reload keeps the day.
      await page.reload();
      await tomorrowsBar.waitFor({ timeout: 30_000 });
      expect(await shownDate()).toBe(tomorrow);
      await page.locator('[data-testid="live-state"][data-state="connected"]').waitFor({ timeout: 30_000 });

      // Live on tomorrow's board: a booking of tomorrow adds its bar, one of today does not.
      const todays = await bookOn(DateTime.now().setZone(zone), second!, DateTime.now().setZone(zone).plus({ minutes: 10 }));
      const another = await bookOn(tomorrowDay, third!);
      await page.locator(`[data-testid="board"] [data-appointment="${another.id}"]`).waitFor({ timeout: 30_000 });
      // Both events went out before the board's read that follows them: give the first its time too.
      await page.waitForTimeout(1_000);
      expect(await page.locator(`[data-testid="board"] [data-appointment="${todays.id}"]`).count()).toBe(0);

      // The back button returns to today (the bare URL), without tomorrow's bars and with today's.
      await page.goBack();
      await page.locator(`[data-testid="board-zone"][data-date="${today}"]`).waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).search).toBe('');
      await page.locator(`[data-testid="board"] [data-appointment="${todays.id}"]`).waitFor({ timeout: 30_000 });
      expect(await tomorrowsBar.count()).toBe(0);
      expect(await page.getByTestId('shown-day').textContent()).toContain('(today)');

      // The date picker, then Back to today.
      await page.getByLabel('Day', { exact: true }).fill(tomorrow);
      await page.waitForURL(`**/today?date=${tomorrow}`, { timeout: 15_000 });
      await tomorrowsBar.waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Previous day' }).click();
      await page.locator(`[data-testid="board-zone"][data-date="${today}"]`).waitFor({ timeout: 15_000 });
      await page.getByRole('button', { name: 'Next day' }).click();
      await tomorrowsBar.waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Back to today' }).click();
      await page.locator(`[data-testid="board-zone"][data-date="${today}"]`).waitFor({ timeout: 15_000 });
      expect(await tomorrowsBar.count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await close(chargeNurse);
    }
  }, 180_000);
});
