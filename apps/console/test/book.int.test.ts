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
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { seriousViolations } from './accessibility.js';
import { type SignedIn, signInAs } from './browser.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';
import { DEMO_PASSWORD, demoUsersFileWith, SCREENSHOTS } from './demo-users.js';
import { daytimeZone } from './zones.js';

// The Book screen's hold, book, release, reschedule, cancel and waitlist in a real Chromium, as a
// scheduler of one center (the least privileged who may book: scheduling allows booking to
// schedulers and admins) signed in through the identity provider; scheduling on its own database.
// After every action the test reads what scheduling keeps through its API. Screenshots go to docs/console/.

/** Far from the center's zone: a time shown in the browser's zone instead would be plainly wrong. */
const BROWSER_ZONE = 'Pacific/Kiritimati';

interface AppointmentState {
  id: string;
  patientId: string;
  startsAt: string;
  status: string;
  holdExpiresAt: string | null;
  confirmedAt: string | null;
  version: number;
}

describe('the Book screen in a real browser', () => {
  const runId = testRunId('bookscreen');
  const previousIssuer = process.env.AUTH_OIDC_ISSUER;
  const zone = daytimeZone();
  const centerName = `Chairside Book Center ${runId}`;
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
        username: 'scheduler.book',
        name: 'Bea Scheduler (one center)',
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
    center = await new CenterFixture(scheduling.service.url, zone, DateTime.now().setZone(zone).startOf('day')).create({
      chairs: 3,
      nurses: 2,
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

  const schedulerToken = () => tokenFor(['scheduler'], [center.locationId]);

  /** The appointment as scheduling keeps it, read as this center's scheduler. */
  async function appointment(id: string): Promise<AppointmentState> {
    const read = await call('GET', `${scheduling.service.url}/locations/${center.locationId}/appointments/${id}`, {
      token: schedulerToken(),
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

  it('holds a slot and books it (by keyboard), holds and releases one, reschedules and cancels (a 409 said so), joins the waitlist and withdraws, each slot saying why it ranks there', async () => {
    const registered = await call('POST', `${scheduling.service.url}/patients`, {
      token: schedulerToken(),
      body: { givenName: 'Horacio', familyName: 'Holder', dateOfBirth: '1959-09-09', locationId: center.locationId },
    });
    expect(registered.status).toBe(201);
    const patientId = (registered.body as { id: string }).id;
    const local = (instant: string) => DateTime.fromISO(instant).setZone(zone).toFormat('HH:mm');

    // Other patients booked at the quiet times before 15:00 at the center (scheduling's best slot
    // while it has one chair busy), so the slots left before then share their hours with another
    // treatment and rank below the quiet ones after: the reasons differ.
    const [fromNow, endOfDay] = [
      new Date(Date.now() + 5 * 60_000).toISOString(),
      DateTime.now().setZone(zone).endOf('day').toISO()!,
    ];
    for (let filled = 0; ; filled++) {
      if (filled > 20) throw new Error('the quiet times never filled up');
      const [other] = await center.patients(1);
      const best = await call(
        'GET',
        `${scheduling.service.url}/locations/${center.locationId}/slots?${new URLSearchParams({
          therapyCode: 'hydration',
          patientId: other!,
          from: fromNow,
          to: endOfDay,
          limit: '1',
        })}`,
        { token: schedulerToken() },
      );
      expect(best.status).toBe(200);
      const [slot] = best.body as Array<{ start: string; chairId: string; nurseId: string; reasons: { chairsBusy: number } }>;
      if (!slot || slot.reasons.chairsBusy > 1 || DateTime.fromISO(slot.start).setZone(zone).hour >= 15) break;
      const placed = await call('POST', `${scheduling.service.url}/locations/${center.locationId}/appointments`, {
        token: schedulerToken(),
        body: { patientId: other, therapyCode: 'hydration', startsAt: slot.start, chairId: slot.chairId, nurseId: slot.nurseId },
      });
      expect(placed.status).toBe(201);
    }

    signedIn = await signInAs(consoleApp.url, 'scheduler.book', DEMO_PASSWORD, undefined, BROWSER_ZONE);
    const { page } = signedIn;
    await page.evaluate((id) => (globalThis as any).localStorage.setItem('chairside.location', id), center.locationId);
    await page.goto(`${consoleApp.url}/book`);
    await page.getByRole('heading', { name: `Book at ${centerName}` }).waitFor({ timeout: 15_000 });
    const find = page.getByRole('form', { name: 'Find patient' });
    await find.getByLabel('Name').fill('holder horacio');
    await find.getByRole('button', { name: 'Find patient' }).click();
    await page.locator(`[data-testid="book-found"] [data-patient="${patientId}"]`).click();
    await page.getByTestId('book-upcoming').getByText('No upcoming appointment here.').waitFor({ timeout: 15_000 });
    await choose(page, page, 'Therapy', 'Hydration therapy');
    const slotSection = page.getByRole('region', { name: 'Therapy and time' });
    await slotSection.getByRole('button', { name: 'Find slots' }).click();
    await page.getByTestId('slots').waitFor({ timeout: 30_000 });

    // Each slot says why it ranks where it does, in words, from the counts scheduling ranked it by:
    // its own answer for the same start (the same chair and nurse) is read here and compared.
    const nurses = await call('GET', `${scheduling.service.url}/locations/${center.locationId}/nurses`, {
      token: schedulerToken(),
    });
    expect(nurses.status).toBe(200);
    const nurseNames = new Map((nurses.body as Array<{ id: string; displayName: string }>).map((n) => [n.id, n.displayName]));
    const rows = page.getByTestId('slots').locator('tbody tr');
    // The nurses' names come from the location's resources, a query of its own beside the slots (an id's
    // first characters stand in until it answers): wait for a name, then every row has them.
    const anyNurse = [...nurseNames.values()].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    await rows
      .first()
      .getByTestId('slot-why')
      .filter({ hasText: new RegExp(`Nurse load: (${anyNurse}) has`) })
      .waitFor({ timeout: 15_000 });
    const starts: string[] = [];
    for (let i = 0; i < (await rows.count()); i++) starts.push((await rows.nth(i).getAttribute('data-slot'))!);
    expect(starts.length).toBeGreaterThan(1);
    const earliest = Math.min(...starts.map((start) => new Date(start).getTime()));
    const shownScores: number[] = [];
    for (const [i, start] of starts.entries()) {
      const oracle = await call(
        'GET',
        `${scheduling.service.url}/locations/${center.locationId}/slots?${new URLSearchParams({
          therapyCode: 'hydration',
          patientId,
          from: start,
          to: new Date(new Date(start).getTime() + 60_000).toISOString(),
          limit: '1',
        })}`,
        { token: schedulerToken() },
      );
      expect(oracle.status).toBe(200);
      const [slot] = oracle.body as Array<{
        start: string;
        nurseId: string;
        score: number;
        reasons: { chairsBusy: number; chairs: number; nursePatients: number; nurseCapacity: number; startsNearby: number };
      }>;
      expect(new Date(slot!.start).toISOString()).toBe(new Date(start).toISOString());
      const why = (await rows.nth(i).getByTestId('slot-why').innerText()).split('\n');
      const { chairsBusy, chairs, nursePatients, nurseCapacity, startsNearby } = slot!.reasons;
      // 3 chairs: one busy is a quiet time, all three a busy one.
      const chairWords = chairsBusy / chairs <= 0.5 ? 'Quiet time: ' : chairsBusy / chairs >= 0.8 ? 'Busy time: ' : '';
      expect(why).toContain(`${chairWords}${chairsBusy} of ${chairs} chairs busy`);
      expect(why).toContain(
        `Nurse load: ${nurseNames.get(slot!.nurseId)} has ${nursePatients} of ${nurseCapacity} patients at once`,
      );
      expect(why.includes(`Other starts within 30 minutes: ${startsNearby}`)).toBe(startsNearby > 0);
      expect(why.includes('Earliest offered')).toBe(new Date(start).getTime() === earliest);
      expect(why).toContain(`Score ${slot!.score.toFixed(2)} (lower ranks first)`);
      // Equal scores: the earlier start first, which the lower one says.
      const tie = i > 0 && shownScores[i - 1] === slot!.score && new Date(starts[i - 1]!) < new Date(start);
      expect(why.includes(`Same score as rank ${i}, which starts earlier`)).toBe(tie);
      shownScores.push(slot!.score);
    }
    // Shown in scheduling's order: best (lowest score) first.
    expect(shownScores).toEqual([...shownScores].sort((x, y) => x - y));
    // The quiet times after 15:00 rank above the busier ones before, and say so.
    const table = (await page.getByTestId('slots').textContent())!;
    expect(table).toContain('2 of 3 chairs busy');
    expect(table).toContain('Quiet time: 1 of 3 chairs busy');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}book-why.png`, fullPage: true });

    // Hold the best slot: scheduling keeps it proposed for 15 minutes; the screen says until when, in the center's zone.
    const holdStarted = Date.now();
    await page.getByRole('button', { name: 'Hold', exact: true }).first().click();
    const heldNote = page.getByTestId('held');
    await heldNote.waitFor({ timeout: 30_000 });
    const heldId = (await heldNote.getAttribute('data-appointment'))!;
    const held = await appointment(heldId);
    expect(held).toMatchObject({ patientId, status: 'proposed' });
    const lapses = new Date(held.holdExpiresAt!).getTime();
    expect(lapses - holdStarted).toBeGreaterThan(14 * 60_000);
    expect(lapses - holdStarted).toBeLessThan(16 * 60_000);
    const heldText = (await heldNote.textContent())!;
    expect(heldText).toContain(local(held.startsAt));
    expect(heldText).toContain(`until ${local(held.holdExpiresAt!)}`);
    expect(heldText).toContain(zone);
    // While held, no other slot is taken for the patient.
    expect(await page.getByRole('button', { name: 'Book', exact: true }).first().isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}book-hold.png`, fullPage: true });

    // Booked from the keyboard: the focus went to the hold's note; its first button books it.
    const focusedText = () => page.evaluate(() => (globalThis as any).document.activeElement?.textContent as string | null);
    let presses = 0;
    while ((await focusedText()) !== 'Book the held slot') {
      if (++presses > 10) throw new Error('Tab never reached "Book the held slot"');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    const booked = page.getByTestId('booked');
    await booked.waitFor({ timeout: 30_000 });
    expect(await booked.getAttribute('data-appointment')).toBe(heldId);
    const heldAndBooked = await appointment(heldId);
    expect(heldAndBooked).toMatchObject({ status: 'booked', holdExpiresAt: null, startsAt: held.startsAt });
    expect(heldAndBooked.version).toBeGreaterThan(held.version);
    // The patient's upcoming appointments here now list it.
    const upcoming = page.getByTestId('book-upcoming');
    await upcoming.locator(`[data-appointment="${heldId}"][data-status="booked"]`).waitFor({ timeout: 15_000 });

    // Hold another slot and release it: its time is free again, nothing booked.
    await slotSection.getByRole('button', { name: 'Find slots' }).click();
    await page.getByRole('button', { name: 'Hold', exact: true }).first().click();
    await page.getByTestId('held').waitFor({ timeout: 30_000 });
    const releasedId = (await page.getByTestId('held').getAttribute('data-appointment'))!;
    expect(releasedId).not.toBe(heldId);
    expect((await appointment(releasedId)).status).toBe('proposed');
    await page.getByRole('button', { name: 'Release the hold' }).click();
    const released = page.getByTestId('released');
    await released.waitFor({ timeout: 30_000 });
    expect(await released.getAttribute('data-appointment')).toBe(releasedId);
    expect(await appointment(releasedId)).toMatchObject({ status: 'cancelled', holdExpiresAt: null });
    expect(await seriousViolations(page)).toEqual([]);

    // Reschedule the booked one from the patient's upcoming appointments, to another slot scheduling ranks.
    const row = upcoming.locator(`[data-appointment="${heldId}"]`);
    await row.getByRole('button', { name: /^Reschedule / }).click();
    const rescheduling = page.getByTestId('upcoming-reschedule');
    await rescheduling.getByRole('button', { name: 'Find slots' }).click();
    const slots = rescheduling.getByTestId('reschedule-slots');
    await slots.waitFor({ timeout: 30_000 });
    const other = slots.locator(`li:not([data-slot="${heldAndBooked.startsAt}"])`).first();
    const slotStart = (await other.getAttribute('data-slot'))!;
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}book-reschedule.png`, fullPage: true });
    await other.getByRole('button').click();
    const done = page.getByTestId('upcoming-done');
    await done.getByText(/^Rescheduled to /).waitFor({ timeout: 15_000 });
    expect(await done.textContent()).toContain(`${local(slotStart)} (${zone})`);
    const rescheduled = await appointment(heldId);
    expect(new Date(rescheduled.startsAt).toISOString()).toBe(new Date(slotStart).toISOString());
    expect(rescheduled).toMatchObject({ status: 'booked' });
    expect(rescheduled.version).toBeGreaterThan(heldAndBooked.version);

    // Cancel it with a reason. Someone else confirms it after the screen read it: the cancel, sent
    // with the version read, is refused and said so; after a reload it goes through.
    await row.getByRole('button', { name: /^Cancel… / }).click();
    const cancelling = page.getByTestId('upcoming-cancel');
    await cancelling.getByRole('button', { name: 'Cancel the appointment' }).waitFor({ timeout: 15_000 });
    const elsewhere = await call(
      'POST',
      `${scheduling.service.url}/locations/${center.locationId}/appointments/${heldId}/confirm`,
      {
        token: tokenFor(['scheduler'], [center.locationId], undefined, 'test-other-scheduler'),
        headers: { 'if-match': `"${rescheduled.version}"` },
      },
    );
    expect(elsewhere.status).toBe(200);
    await choose(page, cancelling, 'Reason', 'The patient asked');
    await cancelling.getByRole('button', { name: 'Cancel the appointment' }).click();
    const problem = cancelling.getByTestId('upcoming-problem');
    await problem.getByText('Changed by someone else: reload to see the latest.').waitFor({ timeout: 15_000 });
    expect(await problem.getAttribute('data-problem')).toBe('/problems/version-mismatch');
    expect((await appointment(heldId)).status).toBe('booked');
    expect(await seriousViolations(page)).toEqual([]);
    await problem.getByRole('button', { name: 'Reload' }).click();
    // The form comes back once the appointment is read again (its new version).
    await problem.waitFor({ state: 'detached', timeout: 15_000 });
    await cancelling.getByRole('button', { name: 'Cancel the appointment' }).waitFor({ timeout: 15_000 });
    await choose(page, cancelling, 'Reason', 'The patient asked');
    await cancelling.getByRole('button', { name: 'Cancel the appointment' }).click();
    await done.getByText('Cancelled.').waitFor({ timeout: 15_000 });
    expect((await appointment(heldId)).status).toBe('cancelled');
    // The reason is kept by scheduling (its API does not show it): read where it is stored.
    const [stored] = await scheduling.db.query<{ cancellation_reason: string }>(
      'SELECT cancellation_reason FROM appointment WHERE id = $1',
      [heldId],
    );
    expect(stored?.cancellation_reason).toBe('patient_request');
    await upcoming.getByText('No upcoming appointment here.').waitFor({ timeout: 15_000 });

    // No slot suits: the patient joins the waitlist for hydration, from tomorrow for a week, mornings.
    const tomorrow = DateTime.now().setZone(zone).plus({ days: 1 }).toISODate()!;
    const weekOn = DateTime.now().setZone(zone).plus({ days: 8 }).toISODate()!;
    const waitlist = page.getByTestId('book-waitlist');
    await waitlist.getByLabel('Earliest day').fill(tomorrow);
    await waitlist.getByLabel('Latest day').fill(weekOn);
    await waitlist.getByLabel('Preferred from (optional)').fill('09:00');
    await waitlist.getByLabel('Preferred until (optional)').fill('12:00');
    await waitlist.getByRole('button', { name: 'Add to the waitlist' }).click();
    const joined = waitlist.getByTestId('waitlisted');
    await joined.waitFor({ timeout: 15_000 });
    const requestId = (await joined.getAttribute('data-request'))!;
    expect(await joined.textContent()).toContain(zone);
    const listed = await call('GET', `${scheduling.service.url}/locations/${center.locationId}/waitlist`, {
      token: schedulerToken(),
    });
    expect(listed.status).toBe(200);
    const request = (
      listed.body as Array<{
        id: string;
        patientId: string;
        therapyCode: string;
        earliest: string;
        latest: string;
        status: string;
      }>
    ).find((r) => r.id === requestId);
    expect(request).toMatchObject({ patientId, therapyCode: 'hydration', status: 'waiting' });
    // The days are the center's: from its midnight of tomorrow to the end of the week's last day.
    expect(DateTime.fromISO(request!.earliest).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm")).toBe(`${tomorrow}T00:00`);
    expect(DateTime.fromISO(request!.latest).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm")).toBe(`${weekOn}T23:59`);
    await waitlist
      .locator(`li[data-request="${requestId}"]`)
      .getByText(/waiting/)
      .waitFor({ timeout: 15_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}book-waitlist.png`, fullPage: true });

    // The patient no longer waits: withdrawn from its entry; scheduling has the request withdrawn
    // (where it is stored) and lists it no more; the screen says so and the entry leaves.
    const entry = waitlist.locator(`li[data-request="${requestId}"]`);
    await entry.getByRole('button', { name: /^Withdraw from the waitlist: Hydration/ }).click();
    const withdrawn = waitlist.getByTestId('waitlist-withdrawn');
    await withdrawn.waitFor({ timeout: 15_000 });
    expect(await withdrawn.getAttribute('data-request')).toBe(requestId);
    expect(await withdrawn.textContent()).toContain(zone);
    await entry.waitFor({ state: 'detached', timeout: 15_000 });
    const [kept] = await scheduling.db.query<{ status: string; version: number }>(
      'SELECT status, version FROM waitlist_request WHERE id = $1',
      [requestId],
    );
    expect(kept).toMatchObject({ status: 'withdrawn', version: 2 });
    const after = await call('GET', `${scheduling.service.url}/locations/${center.locationId}/waitlist`, {
      token: schedulerToken(),
    });
    expect((after.body as Array<{ id: string }>).some((r) => r.id === requestId)).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);

    // Only at the scheduler's own center: another center's request, withdrawn through the console
    // as this scheduler, is refused (403 at its location, 404 named under this one) and still waits.
    const elsewhereCenter = await new CenterFixture(
      scheduling.service.url,
      zone,
      DateTime.now().setZone(zone).startOf('day'),
    ).create({ chairs: 1, nurses: 1, capacity: 1, name: `Elsewhere ${runId}` });
    const [elsewherePatient] = await elsewhereCenter.patients(1);
    const theirs = await call('POST', `${scheduling.service.url}/locations/${elsewhereCenter.locationId}/waitlist`, {
      token: elsewhereCenter.admin,
      body: {
        patientId: elsewherePatient,
        therapyCode: 'hydration',
        earliest: DateTime.now().plus({ days: 1 }).toISO(),
        latest: DateTime.now().plus({ days: 8 }).toISO(),
      },
    });
    expect(theirs.status).toBe(201);
    const theirId = (theirs.body as { id: string }).id;
    const refused = await page.evaluate(
      async ({ other, mine, request }) => {
        const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const headers = { 'x-csrf-token': csrfToken };
        const atTheirs = await fetch(`/api/services/scheduling/locations/${other}/waitlist/${request}`, {
          method: 'DELETE',
          headers,
        });
        const underMine = await fetch(`/api/services/scheduling/locations/${mine}/waitlist/${request}`, {
          method: 'DELETE',
          headers,
        });
        return [atTheirs.status, underMine.status];
      },
      { other: elsewhereCenter.locationId, mine: center.locationId, request: theirId },
    );
    expect(refused).toEqual([403, 404]);
    const [still] = await scheduling.db.query<{ status: string }>('SELECT status FROM waitlist_request WHERE id = $1', [theirId]);
    expect(still?.status).toBe('waiting');
  }, 240_000);
  it('offers a therapy defined through the API, and books a treatment plan of it from Book: the dates shown in the center’s zone first, a refusal said from problem+json, then the doses listed', async () => {
    const base = `${scheduling.service.url}/locations/${center.locationId}`;
    // Defined by the center's own admin (adding a therapy changes nothing booked, so one center's
    // admin may), as Setup does: the values of the built-in it is counted as, a name of its own.
    const hydration = await call('GET', `${scheduling.service.url}/therapies/hydration`, { token: center.admin });
    expect(hydration.status).toBe(200);
    const h = hydration.body as Record<string, unknown> & { requiresFasting: boolean; mayDriveAfter: boolean };
    // Its own database: the name and code are this run's alone.
    const name = 'Saline loading';
    const defined = await call('POST', `${scheduling.service.url}/organisation-therapies`, {
      token: center.admin,
      body: {
        code: 'saline-loading',
        name,
        countedAs: 'hydration',
        certification: h.certification,
        chairKinds: h.chairKinds,
        routes: h.routes,
        defaultDurationMinutes: 90,
        minDurationMinutes: Math.min(h.minDurationMinutes as number, 90),
        maxDurationMinutes: Math.max(h.maxDurationMinutes as number, 90),
        observationMinutes: h.observationMinutes,
        turnoverMinutes: h.turnoverMinutes,
        pharmacyLeadMinutes: h.pharmacyLeadMinutes,
        vitals: h.vitals,
        preparation: {
          fasting: h.requiresFasting,
          mayDrive: h.mayDriveAfter,
          bringCompanion: false,
          hydration: true,
          labsDayBefore: false,
          premedication: false,
        },
      },
    });
    expect(defined.status).toBe(201);
    const therapyId = (defined.body as { id: string }).id;

    // The nurses work the plan's days (days 1, 8 and 15 from today, 07:00–17:00 there) and no
    // others: the fixture gives them today only, so each dose has its own day, whenever this runs.
    const day = (n: number) => center.day.plus({ days: n });
    const nurses = (await call('GET', `${base}/nurses`, { token: center.admin })).body as Array<{ id: string }>;
    for (const nurse of nurses)
      for (const n of [1, 8, 15])
        await center.post(`/locations/${center.locationId}/nurses/${nurse.id}/shifts`, {
          startsAt: day(n).set({ hour: 7 }).toUTC().toISO(),
          endsAt: day(n).set({ hour: 17 }).toUTC().toISO(),
        });
    const registered = await call('POST', `${scheduling.service.url}/patients`, {
      token: schedulerToken(),
      body: { givenName: 'Paloma', familyName: 'Plansby', dateOfBirth: '1971-07-17', locationId: center.locationId },
    });
    expect(registered.status).toBe(201);
    const patientId = (registered.body as { id: string }).id;

    signedIn ??= await signInAs(consoleApp.url, 'scheduler.book', DEMO_PASSWORD, undefined, BROWSER_ZONE);
    const { page } = signedIn;
    await page.evaluate((id) => (globalThis as any).localStorage.setItem('chairside.location', id), center.locationId);
    await page.goto(`${consoleApp.url}/book`);
    await page.getByRole('heading', { name: `Book at ${centerName}` }).waitFor({ timeout: 15_000 });
    const find = page.getByRole('form', { name: 'Find patient' });
    await find.getByLabel('Name').fill('plansby');
    await find.getByRole('button', { name: 'Find patient' }).click();
    await page.locator(`[data-testid="book-found"] [data-patient="${patientId}"]`).click();

    // Book's therapy picker offers it by its name, beside the built-ins (their catalog names).
    await choose(page, page, 'Therapy', name);
    expect(await page.getByTestId('book-therapy').inputValue()).toBe(name);

    // The plan starts with the therapy picked. Every 1 week, 3 cycles, the first dose in the past:
    // the dates are shown, and booking them is refused (400) naming the field; nothing is booked.
    const plan = page.getByTestId('book-plan');
    expect(await plan.getByTestId('book-plan-therapy').inputValue()).toBe(name);
    const firstDose = plan.getByLabel(/^First dose/);
    await firstDose.fill(`${day(-1).toISODate()}T10:00`);
    await plan.getByLabel(/^Every/).fill('1');
    await plan.getByLabel('Days or weeks').selectOption('weeks');
    await plan.getByLabel(/^Number of cycles/).fill('3');
    await plan.getByRole('button', { name: 'Show the dates' }).click();
    await plan.getByTestId('plan-proposed').waitFor({ timeout: 15_000 });
    await plan.getByRole('button', { name: 'Book the plan' }).click();
    const problem = plan.getByTestId('plan-problem');
    await problem.waitFor({ timeout: 15_000 });
    expect(await problem.getAttribute('data-status')).toBe('400');
    expect(await problem.textContent()).toContain('firstStartsAt: must be in the future');
    const [none] = await scheduling.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM treatment_plan WHERE patient_id = $1',
      [patientId],
    );
    expect(none?.n).toBe(0);

    // Tomorrow at 10:00 there: the three dates a week apart, at 10:00 in the center's zone (the
    // browser is in Kiritimati), before anything is booked.
    await firstDose.fill(`${day(1).toISODate()}T10:00`);
    expect(await plan.getByTestId('plan-proposed').count()).toBe(0);
    await plan.getByRole('button', { name: 'Show the dates' }).click();
    const proposed = plan.getByTestId('plan-proposed');
    await proposed.waitFor({ timeout: 15_000 });
    const expected = [1, 8, 15].map((n) => day(n).set({ hour: 10 }).toUTC().toISO());
    const shownStarts = await proposed.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-starts')));
    expect(shownStarts.map((s) => new Date(s!).toISOString())).toEqual(expected.map((s) => new Date(s!).toISOString()));
    const proposedText = (await proposed.textContent())!;
    expect(proposedText).toContain(`3 doses of ${name}, 7 days apart, in ${zone}`);
    expect((proposedText.match(/10:00/g) ?? []).length).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}book-plan.png`, fullPage: true });

    await plan.getByRole('button', { name: 'Book the plan' }).click();
    const booked = plan.getByTestId('plan-booked');
    await booked.waitFor({ timeout: 30_000 });
    const planId = (await booked.getAttribute('data-plan'))!;
    expect(await booked.textContent()).toContain('Plan booked: 3 of 3 doses placed.');
    // As scheduling keeps it: the defined therapy, a week apart, each dose booked at 10:00 there.
    const kept = await call('GET', `${base}/treatment-plans/${planId}`, { token: schedulerToken() });
    expect(kept.status).toBe(200);
    const keptPlan = kept.body as {
      patientId: string;
      therapyId: string;
      therapyCode: string;
      intervalDays: number;
      doses: number;
      series: Array<{ dose: number; state: string; appointmentId: string; startsAt: string }>;
    };
    expect(keptPlan).toMatchObject({ patientId, therapyId, therapyCode: 'hydration', intervalDays: 7, doses: 3 });
    expect(keptPlan.series.map((d) => d.state)).toEqual(['booked', 'booked', 'booked']);
    expect(keptPlan.series.map((d) => new Date(d.startsAt).toISOString())).toEqual(
      expected.map((s) => new Date(s!).toISOString()),
    );

    // Its appointments are the patient's upcoming ones here, each named by the defined therapy.
    const upcoming = page.getByTestId('book-upcoming');
    for (const d of keptPlan.series) {
      const row = upcoming.locator(`[data-appointment="${d.appointmentId}"]`);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.textContent()).toContain(name);
      expect(await booked.locator(`[data-appointment="${d.appointmentId}"]`).textContent()).toContain('10:00');
    }
    // And the plan is listed with them, to move or cancel.
    await plan
      .locator(`[data-plan="${planId}"]`)
      .getByText(`${name}: 3 doses every 7 days (0 not placed)`)
      .waitFor({ timeout: 15_000 });
    expect(await seriousViolations(page)).toEqual([]);
  }, 180_000);
});
