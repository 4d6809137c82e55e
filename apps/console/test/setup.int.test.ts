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
import { notificationsDataSourceOptions } from '../../notifications/src/database/data-source.js';
import { seriousViolations } from './accessibility.js';
import { type SignedIn, signInAs } from './browser.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';
import { DEMO_PASSWORD, demoUsersFileWith, SCREENSHOTS } from './demo-users.js';

// The Setup screen's organisation-wide part (therapies, reminder lead times) as the admin, and a
// shift's new times as the charge nurse of one center, in a real Chromium against the identity
// provider, scheduling and notifications on their own databases. Screenshots go to docs/console/.

/** Half an hour off whole-hour zones: a time shown in the browser's zone instead would be plainly wrong. */
const ZONE = 'Asia/Kolkata';
/** Neither the machine's nor the center's zone, and a day behind the center most of the day. */
const BROWSER_ZONE = 'Pacific/Pago_Pago';

describe('the Setup screen in a real browser', () => {
  const runId = testRunId('setupscreen');
  const centerName = `Chairside Setup Center ${runId}`;
  const previousIssuer = process.env.AUTH_OIDC_ISSUER;
  let identity: IdentityProcess;
  let scheduling: ServiceOnOwnDatabase;
  let notifications: ServiceOnOwnDatabase;
  let consoleApp: ConsoleProcess;
  let center: CenterFixture;
  const open: SignedIn[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const identityPort = await freePort();
    const consolePort = await freePort();
    process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
    [scheduling, notifications] = await Promise.all([
      startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
      startOnOwnDatabase({
        service: 'notifications',
        runId,
        dataSourceOptions: notificationsDataSourceOptions,
        // Nothing is sent here: an SMTP server and SMS provider nobody listens on are enough.
        env: { SMTP_PORT: '9', SMS_API_URL: 'http://127.0.0.1:9' },
      }),
    ]);
    // The demo users, a charge nurse of this center only (the least privileged who may change a shift
    // here) and an admin of this center only (the least privileged who may change the location).
    const usersFile = demoUsersFileWith(runId, [
      {
        username: 'admin.setup',
        name: 'Ada Admin (one center)',
        roles: ['admin'],
        locations: [`name:${centerName}`],
      },
      {
        username: 'charge-nurse.setup',
        name: 'Sam Charge Nurse (one center)',
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
    // Tomorrow in Kolkata: the fixture's 07:00–17:00 shift must not be over when the test runs (a
    // shift that is over is refused as such), whatever the hour; Setup lists today's and tomorrow's.
    center = await new CenterFixture(
      scheduling.service.url,
      ZONE,
      DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day'),
    ).create({
      chairs: 2,
      nurses: 1,
      capacity: 3,
      name: centerName,
    });
    consoleApp = await startConsoleProcess(consolePort, {
      AUTH_OIDC_ISSUER: identity.issuer,
      SCHEDULING_URL: scheduling.service.url,
      NOTIFICATIONS_URL: notifications.service.url,
      // Not called by this screen: nobody listens there.
      SESSIONS_URL: 'http://127.0.0.1:9',
      REPORTING_URL: 'http://127.0.0.1:9',
    });
  });

  afterAll(async () => {
    for (const browser of open) await browser.close();
    await consoleApp?.stop();
    await identity?.stop();
    await notifications?.stop();
    await scheduling?.stop();
    process.env.AUTH_OIDC_ISSUER = previousIssuer;
  });

  async function openSetup(username: string): Promise<SignedIn> {
    const signedIn = await signInAs(consoleApp.url, username, DEMO_PASSWORD, undefined, BROWSER_ZONE);
    open.push(signedIn);
    const { page } = signedIn;
    await page.evaluate((id) => (globalThis as any).localStorage.setItem('chairside.location', id), center.locationId);
    await page.goto(`${consoleApp.url}/setup`);
    await page.getByRole('heading', { name: `Setup: ${centerName}` }).waitFor({ timeout: 15_000 });
    await page.getByText(`Times on this screen are in ${ZONE}.`).waitFor();
    return signedIn;
  }

  async function close(signedIn: SignedIn): Promise<void> {
    open.splice(open.indexOf(signedIn), 1);
    await signedIn.close();
  }

  it('lets the admin of one center rename the location, and says plainly why its time zone stays while appointments are to come', async () => {
    // A booking tomorrow at 10:00 in Kolkata: an appointment to come, cancelled again afterwards.
    const [patientId] = await center.patients(1);
    const booked = await center.post<{ id: string }>(`/locations/${center.locationId}/appointments`, {
      patientId,
      therapyCode: 'hydration',
      startsAt: center.at(10),
    });
    const read = async () =>
      (await call('GET', `${scheduling.service.url}/locations/${center.locationId}`, { token: center.admin })).body as {
        name: string;
        timeZone: string;
        version: number;
      };
    const before = await read();
    const admin = await openSetup('admin.setup');
    const { page } = admin;
    try {
      const locations = page.getByTestId('setup-locations');
      await locations.locator(`[data-location="${center.locationId}"]`).waitFor({ timeout: 15_000 });
      // Registering a center is organisation-wide: not offered to the admin of one.
      expect(await locations.getByLabel('Name of the new location').count()).toBe(0);
      const name = page.getByLabel('Name of the location');
      expect(await name.inputValue()).toBe(centerName);
      expect(await page.getByLabel('Time zone').inputValue()).toBe(ZONE);
      await locations.getByText(`${centerName} keeps its opening hours, closures and appointments in ${ZONE}.`).waitFor();

      // Spaces only: scheduling refuses the name, and the refusal is shown at the field.
      await name.fill('   ');
      await page.getByRole('button', { name: 'Save the location' }).click();
      await locations.getByText('must not be blank').waitFor({ timeout: 15_000 });
      expect((await read()).name).toBe(centerName);

      await name.fill(`${centerName} (renamed)`);
      await page.getByRole('button', { name: 'Save the location' }).click();
      await page
        .getByTestId('location-saved')
        .getByText(`${centerName} (renamed) saved (version ${before.version + 1}).`)
        .waitFor({ timeout: 15_000 });
      expect(await read()).toMatchObject({ name: `${centerName} (renamed)`, timeZone: ZONE, version: before.version + 1 });

      // Another zone while the booking is to come: refused (409), said so in an alert, nothing changed.
      await page.getByLabel('Time zone').selectOption('Asia/Dubai');
      await page.getByRole('button', { name: 'Save the location' }).click();
      const coming = page.getByTestId('location-coming');
      await coming.waitFor({ timeout: 15_000 });
      expect(await coming.getAttribute('role')).toBe('alert');
      expect(await coming.textContent()).toContain('The time zone was not changed');
      expect(await coming.textContent()).toContain(`still has 1 appointments to come, booked in ${ZONE}`);
      expect(await read()).toMatchObject({ timeZone: ZONE, version: before.version + 1 });
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}setup-location.png`, fullPage: true });
    } finally {
      await close(admin);
      // The other tests sign in to the center by its name, and count the appointments their changes affect.
      await call('POST', `${scheduling.service.url}/locations/${center.locationId}/appointments/${booked.id}/cancel`, {
        token: center.admin,
        body: { reason: 'center' },
      });
      await call('PATCH', `${scheduling.service.url}/locations/${center.locationId}`, {
        token: center.admin,
        body: { name: centerName },
      });
    }
  });

  it('lets the admin define and revise a therapy of the organisation, told when someone else changed it, and set the reminder lead times', async () => {
    const admin = await openSetup('admin');
    const { page } = admin;
    const organisationAdmin = tokenFor(['admin'], '*');
    try {
      // A new center of the organisation, in the zone of the one shown unless another is picked.
      const newCenter = `Chairside Setup Annex ${runId}`;
      await page.getByLabel('Name of the new location').fill(newCenter);
      await page.getByLabel('Street address of the new location').fill('1 Annex Road, Pune');
      expect(await page.getByLabel('Time zone of the new location').inputValue()).toBe(ZONE);
      await page.getByRole('button', { name: 'Add the location' }).click();
      await page.getByTestId('location-created').getByText(`${newCenter} added, in ${ZONE}.`).waitFor({ timeout: 15_000 });
      await page.getByTestId('setup-locations').getByRole('cell', { name: newCenter, exact: true }).waitFor({ timeout: 15_000 });
      const registered = (await call('GET', `${scheduling.service.url}/locations`, { token: organisationAdmin })).body as Array<
        Record<string, unknown>
      >;
      expect(registered.find((l) => l.name === newCenter)).toMatchObject({
        timeZone: ZONE,
        centerAddress: '1 Annex Road, Pune',
        version: 1,
      });

      const therapies = page.getByTestId('setup-therapies');
      await therapies.getByText('The organisation has defined no therapy of its own.').waitFor({ timeout: 15_000 });

      // Defined from the built-in therapy it is counted as, with its own usual duration.
      await page.getByLabel('Code of the new therapy').fill('iron-slow');
      await page.getByLabel('Name of the new therapy').fill('Iron sucrose, slow');
      await page.getByLabel('Counted as').selectOption('iron');
      await page.getByLabel('Usual duration (minutes)').fill('150');
      await page.getByRole('button', { name: 'Add therapy' }).click();
      const row = therapies.locator('[data-therapy="iron-slow"]');
      await row.waitFor({ timeout: 15_000 });
      expect(await row.textContent()).toContain('Iron sucrose, slow');
      expect(await row.textContent()).toContain('150 min');
      const listed = await call('GET', `${scheduling.service.url}/organisation-therapies`, { token: organisationAdmin });
      const defined = (listed.body as Array<Record<string, any>>).find((t) => t.code === 'iron-slow')!;
      expect(defined).toMatchObject({ name: 'Iron sucrose, slow', countedAs: 'iron', defaultDurationMinutes: 150, version: 1 });
      expect(defined.minDurationMinutes).toBeLessThanOrEqual(150);
      expect(defined.maxDurationMinutes).toBeGreaterThanOrEqual(150);

      // Revised from the screen with the version read.
      await row.getByRole('button', { name: 'Revise Iron sucrose, slow' }).click();
      await page.getByLabel('Name of iron-slow').fill('Iron sucrose, slow push');
      await page.getByLabel('Usual duration of iron-slow (minutes)').fill('180');
      await page.getByRole('button', { name: 'Save iron-slow' }).click();
      await page
        .getByTestId('therapy-saved')
        .getByText('Iron sucrose, slow push saved (version 2).')
        .waitFor({ timeout: 15_000 });
      await row.getByText('180 min').waitFor({ timeout: 15_000 });

      // Someone else revises it meanwhile (version 2 → 3): saving the version this screen read is refused and said so.
      await row.getByRole('button', { name: 'Revise Iron sucrose, slow push' }).click();
      const {
        id: therapyId,
        code: _code,
        version: _version,
        ...values
      } = (await call('GET', `${scheduling.service.url}/organisation-therapies/${defined.id}`, { token: organisationAdmin }))
        .body as Record<string, any>;
      const elsewhere = await call('PUT', `${scheduling.service.url}/organisation-therapies/${therapyId}`, {
        token: organisationAdmin,
        headers: { 'if-match': '"2"' },
        body: { ...values, name: 'Iron sucrose (pharmacy)' },
      });
      expect(elsewhere.status).toBe(200);
      await page.getByLabel('Name of iron-slow').fill('Iron sucrose, mine');
      await page.getByRole('button', { name: 'Save iron-slow' }).click();
      await page.getByText('Changed by someone else: reload to see the latest.').waitFor({ timeout: 15_000 });
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Try again' }).click();
      await row.getByRole('cell', { name: 'Iron sucrose (pharmacy)', exact: true }).waitFor({ timeout: 15_000 });
      const after = await call('GET', `${scheduling.service.url}/organisation-therapies/${therapyId}`, {
        token: organisationAdmin,
      });
      expect(after.body).toMatchObject({ name: 'Iron sucrose (pharmacy)', version: 3 });

      // Reminder lead times: refused in the browser when out of bounds (nothing sent), saved when right.
      const reminders = page.getByTestId('setup-reminders');
      const input = page.getByLabel('Reminder lead times (hours, separated by commas)');
      await input.fill('0, 400');
      await page.getByRole('button', { name: 'Save reminders' }).click();
      await reminders.getByText('Write whole hours from 1 to 336, separated by commas, at most 5.').waitFor();
      await input.fill('2, 48');
      await page.getByRole('button', { name: 'Save reminders' }).click();
      await page.getByTestId('reminders-saved').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('reminders-current').textContent()).toBe('Reminders now: 48 h before, 2 h before');
      const settings = await call('GET', `${notifications.service.url}/notification-settings`, { token: organisationAdmin });
      expect([...(settings.body as { reminderOffsetsHours: number[] }).reminderOffsetsHours].sort((a, b) => b - a)).toEqual([
        48, 2,
      ]);

      // Keyboard: the new therapy's fields are reached with Tab from the code, in order.
      await page.getByLabel('Code of the new therapy').focus();
      await page.keyboard.press('Tab');
      expect(
        await page.getByLabel('Name of the new therapy').evaluate((el) => el === (globalThis as any).document.activeElement),
      ).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}setup-therapies.png`, fullPage: true });
    } finally {
      await close(admin);
    }
  });

  it('lets the admin set the opening hours and a closed date, register a nurse and give her a shift, in the center’s zone', async () => {
    const admin = await openSetup('admin');
    const { page } = admin;
    const centerAdmin = center.admin;
    const tomorrow = center.day.plus({ days: 1 }).toISODate()!;
    try {
      const hours = page.getByTestId('setup-hours');
      await hours.waitFor({ timeout: 15_000 });
      expect(await page.getByLabel('Hours on Monday').inputValue()).toBe('08:00-18:00');
      // A day that cannot be read is refused in the browser, naming it; nothing is sent.
      await page.getByLabel('Hours on Monday').fill('08:00-12:00, 11:00-18:00');
      await page.getByRole('button', { name: 'Save opening hours' }).click();
      await hours.getByText('Write intervals as 08:00-18:00, each ending after it opens, not overlapping.').waitFor();
      await page.getByLabel('Hours on Monday').fill('08:00-12:00, 13:00-19:00');
      await page.getByLabel('Hours on Sunday').fill('');
      await page.getByRole('button', { name: 'Save opening hours' }).click();
      await page.getByTestId('hours-saved').waitFor({ timeout: 15_000 });
      await page.getByLabel('Closed date').fill(tomorrow);
      await page.getByRole('button', { name: 'Add closed date' }).click();
      await page.locator(`[data-closed="${tomorrow}"]`).waitFor({ timeout: 15_000 });
      const saved = await call('GET', `${scheduling.service.url}/locations/${center.locationId}/hours`, { token: centerAdmin });
      expect(saved.body).toMatchObject({
        weeklyHours: {
          '1': [
            { opens: '08:00', closes: '12:00' },
            { opens: '13:00', closes: '19:00' },
          ],
          '7': [],
          '2': [{ opens: '08:00', closes: '18:00' }],
        },
        closedDates: [tomorrow],
      });
      // Open again on that date.
      await page.getByRole('button', { name: `Open again on ${tomorrow}` }).click();
      await page.locator(`[data-closed="${tomorrow}"]`).waitFor({ state: 'detached', timeout: 15_000 });

      // A nurse registered, then her shift the day after tomorrow, 22:00 to 06:00 in Kolkata's time (a night shift).
      await page.getByLabel('Name of the new nurse').fill('Nadia Night');
      await page.getByLabel('Patients at once (1–8)').fill('2');
      await page.getByLabel('Chemotherapy and biotherapy').check();
      await page.getByRole('button', { name: 'Register a nurse' }).click();
      await page.getByTestId('nurse-registered').getByText('Nadia Night registered.').waitFor({ timeout: 15_000 });
      const nurses = await call('GET', `${scheduling.service.url}/locations/${center.locationId}/nurses`, { token: centerAdmin });
      const nadia = (nurses.body as Array<{ id: string; displayName: string; capacity: number; certifications: string[] }>).find(
        (n) => n.displayName === 'Nadia Night',
      )!;
      expect(nadia).toMatchObject({ capacity: 2 });
      expect([...nadia.certifications].sort()).toEqual(['chemotherapy_biotherapy', 'infusion']);
      const day = center.day.plus({ days: 2 }).toISODate()!;
      await page.getByLabel('Nurse of the new shift').selectOption({ label: 'Nadia Night' });
      await page.getByLabel('Day of the new shift').fill(day);
      await page.getByLabel('New shift starts at').fill('22:00');
      await page.getByLabel('New shift ends at').fill('06:00');
      await page.getByRole('button', { name: 'Add a shift' }).click();
      await page.getByTestId('shift-added').getByText('Shift added for Nadia Night.').waitFor({ timeout: 15_000 });
      const shifts = await call('GET', `${scheduling.service.url}/locations/${center.locationId}/shifts?from=${day}&days=1`, {
        token: centerAdmin,
      });
      const night = (shifts.body as { shifts: Array<{ nurseId: string; startsAt: string; endsAt: string }> }).shifts.find(
        (s) => s.nurseId === nadia.id,
      )!;
      expect(DateTime.fromISO(night.startsAt).setZone(ZONE).toFormat('yyyy-MM-dd HH:mm')).toBe(`${day} 22:00`);
      expect(DateTime.fromISO(night.endsAt).setZone(ZONE).toFormat('yyyy-MM-dd HH:mm')).toBe(
        `${center.day.plus({ days: 3 }).toISODate()} 06:00`,
      );
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}setup-hours-staff.png`, fullPage: true });
    } finally {
      await close(admin);
    }
  });

  it('lets the charge nurse of one center change a shift’s times, entered and shown in the center’s zone', async () => {
    const charge = await openSetup('charge-nurse.setup');
    const { page } = charge;
    try {
      // The organisation-wide settings are the admin's: not offered here.
      expect(await page.getByTestId('setup-therapies').count()).toBe(0);
      expect(await page.getByTestId('setup-reminders').count()).toBe(0);
      const start = page.getByLabel('Nurse 1 starts at').first();
      await start.waitFor({ timeout: 15_000 });
      // The fixture's shift is 07:00–17:00 in Kolkata, shown as such in a browser in Pago Pago.
      expect(await start.inputValue()).toBe('07:00');
      await page.getByLabel('Nurse 1 ends at').first().fill('12:30');
      await page.getByRole('button', { name: 'Change times' }).first().click();
      const changed = page.getByTestId('shift-changed');
      await changed.waitFor({ timeout: 15_000 });
      expect(await changed.textContent()).toContain('0 appointments');
      await page
        .getByText(/Nurse 1: .*07:00 to .*12:30/)
        .first()
        .waitFor({ timeout: 15_000 });
      const shifts = await call(
        'GET',
        `${scheduling.service.url}/locations/${center.locationId}/shifts?from=${center.day.toISODate()}&days=1`,
        { token: tokenFor(['charge-nurse'], [center.locationId]) },
      );
      const shift = (shifts.body as { shifts: Array<{ startsAt: string; endsAt: string }> }).shifts[0]!;
      expect(DateTime.fromISO(shift.startsAt).setZone(ZONE).toFormat('HH:mm')).toBe('07:00');
      expect(DateTime.fromISO(shift.endsAt).setZone(ZONE).toFormat('yyyy-MM-dd HH:mm')).toBe(`${center.day.toISODate()} 12:30`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}setup-shift-times.png`, fullPage: true });
    } finally {
      await close(charge);
    }
  });

  it('lets the charge nurse of one center take a chair out of service, change the outage, rename and retire chairs, change a nurse’s limits and add closures, each listing the appointments it leaves to re-plan', async () => {
    // The arrangement, through the API as the center's admin: a nurse with a shift on an open day
    // to come (Tuesday to Saturday: the admin's test closed Sundays), two patients booked with her on Chair 1.
    const day = [1, 2, 3, 4, 5, 6, 7].map((n) => center.day.plus({ days: n })).find((d) => d.weekday >= 2 && d.weekday <= 6)!;
    const date = day.toISODate()!;
    const at = (hour: number) => day.set({ hour, minute: 0 }).toUTC().toISO()!;
    const olive = await center.post<{ id: string }>(`/locations/${center.locationId}/nurses`, {
      displayName: 'Olive Outage',
      certifications: ['infusion'],
      capacity: 3,
      startWindowMinutes: 15,
    });
    await center.post(`/locations/${center.locationId}/nurses/${olive.id}/shifts`, { startsAt: at(8), endsAt: at(18) });
    const chairs = (await call('GET', `${scheduling.service.url}/locations/${center.locationId}/chairs`, { token: center.admin }))
      .body as Array<{ id: string; label: string }>;
    const chair1 = chairs.find((c) => c.label === 'Chair 1')!;
    const chair2 = chairs.find((c) => c.label === 'Chair 2')!;
    const [patientA, patientB] = await center.patients(2);
    const book = (patientId: string, hour: number) =>
      center.post<{ id: string }>(`/locations/${center.locationId}/appointments`, {
        patientId,
        therapyCode: 'hydration',
        startsAt: at(hour),
        chairId: chair1.id,
        nurseId: olive.id,
      });
    const first = await book(patientA!, 10);
    const second = await book(patientB!, 14);
    const charge = await openSetup('charge-nurse.setup');
    const { page } = charge;
    const chargeToken = tokenFor(['charge-nurse'], [center.locationId]);
    /** The appointments a change's answer listed, once the list says what the change was. */
    const affectedIds = async (testId: string, what: string) => {
      const list = page.getByTestId(testId).filter({ hasText: `${what}:` });
      await list.waitFor({ timeout: 15_000 });
      return list.locator('[data-affected]').evaluateAll((items) => items.map((i) => i.getAttribute('data-affected')));
    };
    try {
      // Chair 1 out of service 09:00–12:00 entered in Kolkata's time: the 10:00 appointment is listed, with its chair, nurse and local time.
      const row1 = page.locator(`[data-chair-row="${chair1.id}"]`);
      await row1.getByLabel('Chair 1 out of service from').fill(`${date}T09:00`);
      await row1.getByLabel('Chair 1 back at').fill(`${date}T12:00`);
      await row1.getByLabel('Why Chair 1 is out').fill('pump fault');
      await row1.getByRole('button', { name: 'Take out of service' }).click();
      expect(await affectedIds('outage-scheduled', 'Chair 1 taken out of service')).toEqual([first.id]);
      const scheduled = await page.getByTestId('outage-scheduled').textContent();
      expect(scheduled).toContain('1 appointments affected');
      expect(scheduled).toMatch(/10:00–1\d:\d\d, Chair 1, Olive Outage \(Booked\)/);
      expect(
        await page
          .getByTestId('outage-scheduled')
          .getByRole('link', { name: 'Open the re-plan proposals on Today' })
          .getAttribute('href'),
      ).toBe('/today');
      const outages = async () =>
        (
          await call('GET', `${scheduling.service.url}/locations/${center.locationId}/chairs/${chair1.id}/outages`, {
            token: chargeToken,
          })
        ).body as Array<{ id: string; startsAt: string; endsAt: string; version: number }>;
      const [outage] = await outages();
      expect(DateTime.fromISO(outage!.startsAt).setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm")).toBe(`${date}T09:00`);

      // The outage runs longer, to 15:00: the change lists the 14:00 appointment it newly covers. Opened from the keyboard.
      const outageRow = row1.locator(`[data-outage="${outage!.id}"]`);
      await outageRow.getByRole('button', { name: 'Change' }).focus();
      await page.keyboard.press('Enter');
      expect(await row1.getByLabel('Chair 1 out of service from (new)').inputValue()).toBe(`${date}T09:00`);
      await row1.getByLabel('Chair 1 back at (new)').fill(`${date}T15:00`);
      await row1.getByRole('button', { name: 'Save the outage' }).click();
      expect(await affectedIds('outage-changed', 'Outage of Chair 1 changed')).toEqual([second.id]);
      const [changedOutage] = await outages();
      expect(DateTime.fromISO(changedOutage!.endsAt).setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm")).toBe(`${date}T15:00`);
      expect(changedOutage!.version).toBe(outage!.version + 1);
      await outageRow.getByText(/15:00: pump fault/).waitFor({ timeout: 15_000 });

      // Chair 2 renamed; Chair 1 retired: both its appointments are listed.
      const row2 = page.locator(`[data-chair-row="${chair2.id}"]`);
      await row2.getByLabel('New name of Chair 2').fill('Chair 2 (window)');
      await row2.getByRole('button', { name: 'Rename' }).click();
      await row2.getByText('Chair 2 (window)', { exact: true }).waitFor({ timeout: 15_000 });
      await row1.getByRole('button', { name: 'Retire Chair 1' }).click();
      expect((await affectedIds('chair-changed', 'Chair 1 retired')).sort()).toEqual([first.id, second.id].sort());
      await row1.getByText(/^retired since/).waitFor({ timeout: 15_000 });
      const chairsAfter = (
        await call('GET', `${scheduling.service.url}/locations/${center.locationId}/chairs`, { token: chargeToken })
      ).body as Array<{ id: string; label: string; retiredAt: string | null }>;
      expect(chairsAfter.find((c) => c.id === chair2.id)).toMatchObject({ label: 'Chair 2 (window)', retiredAt: null });
      expect(chairsAfter.find((c) => c.id === chair1.id)!.retiredAt).not.toBeNull();

      // Olive's limits: 2 patients at once, 20 minutes to start one, chemotherapy only: hydration needs infusion, so both appointments are listed.
      const nurseRow = page.locator(`[data-nurse-row="${olive.id}"]`);
      await nurseRow.getByRole('button', { name: 'Change Olive Outage' }).click();
      await nurseRow.getByLabel('Patients at once for Olive Outage (1–8)').fill('2');
      await nurseRow.getByLabel('Minutes Olive Outage needs to start a patient (5–60)').fill('20');
      await nurseRow.getByLabel('Chemotherapy and biotherapy').check();
      await nurseRow.getByLabel('Infusion', { exact: true }).uncheck();
      await nurseRow.getByRole('button', { name: 'Save Olive Outage' }).click();
      expect((await affectedIds('nurse-changed', 'Limits of Olive Outage changed')).sort()).toEqual([first.id, second.id].sort());
      const nurses = (
        await call('GET', `${scheduling.service.url}/locations/${center.locationId}/nurses`, { token: center.admin })
      ).body as Array<{ id: string; capacity: number; startWindowMinutes: number; certifications: string[]; version: number }>;
      expect(nurses.find((n) => n.id === olive.id)).toMatchObject({
        capacity: 2,
        startWindowMinutes: 20,
        certifications: ['chemotherapy_biotherapy'],
      });

      // Closures: part of the day 13:00–16:00 (the 14:00 appointment is in it), then a whole day with nothing booked.
      const closures = page.getByTestId('setup-closures');
      await closures.getByLabel('Date of the closure').fill(date);
      await closures.getByLabel('Closed from (empty: the whole day)').fill('13:00');
      await closures.getByLabel('Open again at (empty: the end of the day)').fill('16:00');
      await closures.getByLabel('Why the center is closed').fill('staff training');
      await closures.getByRole('button', { name: 'Add closure' }).click();
      expect(await affectedIds('closure-added', `${date}, 13:00 to 16:00: staff training`)).toEqual([second.id]);
      const wholeDay = day.plus({ days: 7 }).toISODate()!;
      await closures.getByLabel('Date of the closure').fill(wholeDay);
      await closures.getByLabel('Why the center is closed').fill('regional holiday');
      await closures.getByRole('button', { name: 'Add closure' }).click();
      // exact: the "added" notice beside the list starts with the same words ("…: no appointments…").
      await closures.getByText(`${wholeDay}, the whole day: regional holiday`, { exact: true }).waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('closure-added').getAttribute('data-count')).toBe('0');
      await closures.getByText(`${date}, 13:00 to 16:00: staff training`, { exact: true }).waitFor();
      const listed = (
        await call('GET', `${scheduling.service.url}/locations/${center.locationId}/closures`, { token: chargeToken })
      ).body as Array<{ kind: string; date: string; from: string | null; to: string | null; startsAt: string }>;
      const partDay = listed.find((k) => k.date === date)!;
      expect(partDay).toMatchObject({ kind: 'partial-day', from: '13:00', to: '16:00' });
      expect(DateTime.fromISO(partDay.startsAt).setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm")).toBe(`${date}T13:00`);
      expect(listed.find((k) => k.date === wholeDay)).toMatchObject({ kind: 'holiday', from: null, to: null });

      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}setup-charge-nurse-changes.png`, fullPage: true });
    } finally {
      await close(charge);
    }
  });

  it('lets the charge nurse of one center narrow a closure to part of the day and remove another, with the version read, told when someone else changed it', async () => {
    // The arrangement, through the API as the center's admin, weeks after the other cases' days: a
    // nurse on shift on an open day (Tuesday to Saturday), a patient at 10:00 on a chair in use,
    // that day closed whole (the 10:00 appointment flagged at risk) and a holiday a week later.
    const day = [15, 16, 17, 18, 19, 20, 21]
      .map((n) => center.day.plus({ days: n }))
      .find((d) => d.weekday >= 2 && d.weekday <= 6)!;
    const date = day.toISODate()!;
    const later = day.plus({ days: 7 }).toISODate()!;
    const at = (hour: number) => day.set({ hour, minute: 0 }).toUTC().toISO()!;
    const nina = await center.post<{ id: string }>(`/locations/${center.locationId}/nurses`, {
      displayName: 'Nina Narrow',
      certifications: ['infusion'],
      capacity: 3,
      startWindowMinutes: 15,
    });
    await center.post(`/locations/${center.locationId}/nurses/${nina.id}/shifts`, { startsAt: at(8), endsAt: at(18) });
    const chairs = (await call('GET', `${scheduling.service.url}/locations/${center.locationId}/chairs`, { token: center.admin }))
      .body as Array<{ id: string; retiredAt: string | null }>;
    const [patient] = await center.patients(1);
    const booked = await center.post<{ id: string }>(`/locations/${center.locationId}/appointments`, {
      patientId: patient!,
      therapyCode: 'hydration',
      startsAt: at(10),
      chairId: chairs.find((c) => c.retiredAt === null)!.id,
      nurseId: nina.id,
    });
    const flooding = await center.post<{ id: string; version: number; affectedAppointments: Array<{ appointmentId: string }> }>(
      `/locations/${center.locationId}/closures`,
      { date, reason: 'flooding' },
    );
    expect(flooding.affectedAppointments.map((a) => a.appointmentId)).toEqual([booked.id]);
    const holiday = await center.post<{ id: string; version: number }>(`/locations/${center.locationId}/closures`, {
      date: later,
      reason: 'founders day',
    });
    const chargeToken = tokenFor(['charge-nurse'], [center.locationId]);
    const closuresNow = async () =>
      (await call('GET', `${scheduling.service.url}/locations/${center.locationId}/closures`, { token: chargeToken }))
        .body as Array<{
        id: string;
        kind: string;
        date: string;
        from: string | null;
        to: string | null;
        startsAt: string;
        endsAt: string;
        reason: string;
        version: number;
      }>;
    const atRiskSince = async () => {
      // The appointment itself is the admin's, scheduler's and nurse's to read (audited), not the charge nurse role's.
      const read = await call('GET', `${scheduling.service.url}/locations/${center.locationId}/appointments/${booked.id}`, {
        token: center.admin,
      });
      expect(read.status).toBe(200);
      return (read.body as { atRiskSince: string | null }).atRiskSince;
    };
    expect(typeof (await atRiskSince())).toBe('string');

    const charge = await openSetup('charge-nurse.setup');
    const { page } = charge;
    try {
      const closures = page.getByTestId('setup-closures');
      // The flooding is over by noon: the closure narrowed to 13:00–16:00, entered in Kolkata's time
      // from a browser in Pago Pago; the 10:00 appointment leaves it and is no longer at risk.
      const item = closures.locator(`[data-closure="${flooding.id}"]`);
      await item.getByRole('button', { name: `Edit the closure of ${date} (the whole day)` }).click();
      expect(await item.getByLabel('New date of the closure').inputValue()).toBe(date);
      await item.getByLabel('Closed from (new; empty: the whole day)').fill('13:00');
      await item.getByLabel('Open again at (new; empty: the end of the day)').fill('16:00');
      await item.getByLabel('Why the center is closed (new)').fill('flooding: afternoon clean-up');
      await item.getByRole('button', { name: 'Save the closure' }).click();
      const what = `Closure changed to ${date}, 13:00 to 16:00: flooding: afternoon clean-up`;
      await page.getByTestId('closure-changed').filter({ hasText: what }).waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('closure-changed').getAttribute('data-count')).toBe('0');
      const released = page.getByTestId('closure-changed-released');
      expect(
        await released.locator('[data-affected]').evaluateAll((items) => items.map((i) => i.getAttribute('data-affected'))),
      ).toEqual([booked.id]);
      expect(await released.textContent()).toMatch(/10:00–1\d:\d\d, .*, Nina Narrow \(Booked\)/);
      await closures
        .getByText(`${date}, 13:00 to 16:00: flooding: afternoon clean-up`, { exact: true })
        .waitFor({ timeout: 15_000 });
      const narrowed = (await closuresNow()).find((k) => k.id === flooding.id)!;
      expect(narrowed).toMatchObject({ kind: 'partial-day', date, from: '13:00', to: '16:00', version: flooding.version + 1 });
      expect(DateTime.fromISO(narrowed.startsAt).setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm")).toBe(`${date}T13:00`);
      expect(DateTime.fromISO(narrowed.endsAt).setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm")).toBe(`${date}T16:00`);
      expect(await atRiskSince()).toBeNull();

      // Someone else changes the holiday meanwhile (through the API): removing it with the version
      // this screen read is refused, said so, and nothing is removed.
      const elsewhere = await call('PATCH', `${scheduling.service.url}/locations/${center.locationId}/closures/${holiday.id}`, {
        token: center.admin,
        headers: { 'if-match': `"${holiday.version}"` },
        body: { reason: 'founders day (observed)' },
      });
      expect(elsewhere.status).toBe(200);
      const holidayItem = closures.locator(`[data-closure="${holiday.id}"]`);
      await holidayItem.getByRole('button', { name: `Remove the closure of ${later} (the whole day)` }).click();
      await holidayItem.getByText(`Open again on ${later} (the whole day)?`, { exact: false }).waitFor();
      await holidayItem.getByRole('button', { name: 'Yes, remove it' }).click();
      const problem = page.getByTestId('closure-problem');
      await problem.waitFor({ timeout: 15_000 });
      expect(await problem.textContent()).toContain('Changed by someone else: reload to see the latest.');
      expect(await problem.getAttribute('data-problem')).toMatch(/\/version-mismatch$/);
      expect((await closuresNow()).find((k) => k.id === holiday.id)).toMatchObject({ reason: 'founders day (observed)' });

      // Reloaded, the other change is shown, and the removal goes through with the version now read.
      await problem.getByRole('button', { name: 'Reload' }).click();
      await closures.getByText(`${later}, the whole day: founders day (observed)`, { exact: true }).waitFor({ timeout: 15_000 });
      await holidayItem.getByRole('button', { name: `Remove the closure of ${later} (the whole day)` }).click();
      await holidayItem.getByRole('button', { name: 'Yes, remove it' }).click();
      const removed = page.getByTestId('closure-removed');
      await removed
        .filter({ hasText: `Closure removed (${later}, the whole day: founders day (observed))` })
        .waitFor({ timeout: 15_000 });
      expect(await removed.getAttribute('data-count')).toBe('0');
      await holidayItem.waitFor({ state: 'detached', timeout: 15_000 });
      const after = await closuresNow();
      expect(after.find((k) => k.id === holiday.id)).toBeUndefined();
      expect(after.find((k) => k.id === flooding.id)).toMatchObject({ from: '13:00', to: '16:00' });

      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOTS}setup-closure-edit.png`, fullPage: true });
    } finally {
      await close(charge);
    }
  });
});
