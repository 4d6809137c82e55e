import { mkdirSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
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
import type { Role } from '@chairside/domain';
import { schedulingDataSourceOptions } from '../../scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../sessions/src/database/data-source.js';
import { reportingDataSourceOptions } from '../../reporting/src/database/data-source.js';
import { notificationsDataSourceOptions } from '../../notifications/src/database/data-source.js';
import { seriousViolations } from './accessibility.js';
import { signInOn } from './browser.js';
import { type ConsoleProcess, startConsoleProcess } from './console-process.js';
import { DEMO_PASSWORD, demoUsersFileWith, SCREENSHOTS } from './demo-users.js';
import { launchSharedChromium, type SharedChromium } from './shared-browser.js';
import { daytimeZone } from './zones.js';

// Issue 19, "sign in as each role and see only what the role and locations allow", for every role
// limited to ONE of two centers: the navigation, every screen opened by its address, and what the
// console's back end answers, both as the screens ask and when asked for the other center directly.
// One start of the services for the file, one Chromium (a context per person). The screenshot of
// "Not available to you" in docs/console.md is taken here (docs/console/not-available.png).

/** Every screen of the console, in the navigation's order (web/src/shell/screens.ts). */
const SCREENS = ['today', 'chairside', 'book', 'queues', 'patients', 'reports', 'setup'] as const;
type ScreenId = (typeof SCREENS)[number];

interface OneCenterRole {
  username: string;
  roles: Role[];
  screens: ScreenId[];
  /** Whether the header and Home list the center: scheduling lists locations to neither managers nor privacy officers. */
  listsCenter: boolean;
}

const ROLES: OneCenterRole[] = [
  { username: 'scheduler.home', roles: ['scheduler'], screens: ['today', 'book', 'queues', 'patients'], listsCenter: true },
  // A charge nurse is a nurse too (as in the demo users): the chairside is theirs.
  {
    username: 'charge-nurse.home',
    roles: ['charge-nurse', 'nurse'],
    screens: ['today', 'chairside', 'queues', 'setup'],
    listsCenter: true,
  },
  // And one who is only the charge nurse: the day's board, its queues and its sick calls, no chairside.
  {
    username: 'charge-nurse-only.home',
    roles: ['charge-nurse'],
    screens: ['today', 'queues', 'setup'],
    listsCenter: true,
  },
  { username: 'nurse.home', roles: ['nurse'], screens: ['chairside'], listsCenter: true },
  { username: 'manager.home', roles: ['manager'], screens: ['reports'], listsCenter: true },
  { username: 'analyst.home', roles: ['analyst'], screens: ['reports'], listsCenter: true },
  { username: 'admin.home', roles: ['admin'], screens: [...SCREENS], listsCenter: true },
  { username: 'privacy-officer.home', roles: ['privacy-officer'], screens: [], listsCenter: false },
];

/** A BFF answer the page received while a screen was shown. */
interface Answer {
  url: string;
  status: number;
  body: string;
}

/**
 * Records every answer of the console's back end to this page (its JSON and CSV), so the test can
 * say none of them carried the other center. The live stream never ends and carries only "read
 * again" signals: it is left out (its refusal for the other center is asked for directly).
 */
function watchAnswers(page: Page, consoleUrl: string): { settled(): Promise<Answer[]> } {
  const pending: Array<Promise<Answer | undefined>> = [];
  page.on('response', (response) => {
    const url = response.url();
    if (!url.startsWith(`${consoleUrl}/api/`) || url.startsWith(`${consoleUrl}/api/live/`)) return;
    pending.push(
      response.text().then(
        (body) => ({ url: url.slice(consoleUrl.length), status: response.status(), body }),
        // A request the page dropped when it moved on to the next screen has no body to read.
        () => undefined,
      ),
    );
  });
  return {
    settled: async () => {
      const answers = await Promise.all(pending.splice(0));
      return answers.filter((a): a is Answer => a !== undefined);
    },
  };
}

describe('each role of one center sees only what its role and that center allow', () => {
  const runId = testRunId('roles');
  const previousIssuer = process.env.AUTH_OIDC_ISSUER;
  // Daytime there, so both centers have today's slots for the appointments the test books.
  const zone = daytimeZone();
  const homeName = `Chairside Home Center (${zone})`;
  const otherName = `Chairside Other Center (${zone})`;
  let identity: IdentityProcess;
  let scheduling: ServiceOnOwnDatabase;
  let sessions: ServiceOnOwnDatabase;
  let reporting: ServiceOnOwnDatabase;
  let notifications: ServiceOnOwnDatabase;
  let consoleApp: ConsoleProcess;
  let browser: SharedChromium;
  let home: CenterFixture;
  let other: CenterFixture;
  const today = DateTime.now().setZone(zone).toISODate()!;
  let axeOnNotAvailable = false;
  let betweenBookings = 0;

  /** Registers a patient at the center and books their best slot of today there (as the center's own admin). */
  async function bookToday(center: CenterFixture, givenName: string, familyName: string): Promise<string> {
    const patient = await center.post<{ id: string }>('/patients', {
      givenName,
      familyName,
      dateOfBirth: '1966-06-06',
      locationId: center.locationId,
    });
    const from = encodeURIComponent(DateTime.now().plus({ minutes: 10 }).toUTC().toISO()!);
    const to = encodeURIComponent(DateTime.now().setZone(zone).endOf('day').toUTC().toISO()!);
    const slots = await call(
      'GET',
      `${scheduling.service.url}/locations/${center.locationId}/slots?therapyCode=hydration&patientId=${patient.id}&from=${from}&to=${to}&limit=1`,
      { token: center.admin },
    );
    expect(slots.status).toBe(200);
    const [slot] = slots.body as Array<{ start: string; chairId: string; nurseId: string }>;
    const booked = await center.post<{ id: string }>(`/locations/${center.locationId}/appointments`, {
      patientId: patient.id,
      therapyCode: 'hydration',
      startsAt: slot!.start,
      chairId: slot!.chairId,
      nurseId: slot!.nurseId,
    });
    return booked.id;
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const identityPort = await freePort();
    const consolePort = await freePort();
    // This file's own provider (same signing keys as the others), so its console client may
    // redirect to this file's port; the services and test tokens trust it.
    process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
    const started = await Promise.all([
      startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions }),
      startOnOwnDatabase({ service: 'sessions', runId, dataSourceOptions: sessionsDataSourceOptions }),
      startOnOwnDatabase({ service: 'reporting', runId, dataSourceOptions: reportingDataSourceOptions }),
      // Setup shows the admin the organisation's reminders; nothing is sent (nobody listens on port 9).
      startOnOwnDatabase({
        service: 'notifications',
        runId,
        dataSourceOptions: notificationsDataSourceOptions,
        env: { SMTP_PORT: '9', SMS_API_URL: 'http://127.0.0.1:9' },
      }),
    ]);
    [scheduling, sessions, reporting, notifications] = started;
    // Every role limited to the home center, granted by its name as the demo users are.
    const usersFile = demoUsersFileWith(
      runId,
      ROLES.map((r) => ({
        username: r.username,
        name: `${r.username} (one center)`,
        roles: r.roles,
        locations: [`name:${homeName}`],
      })),
    );
    identity = await startIdentityProcess({
      port: identityPort,
      dataDir: devIdentityDir(process.env.IDENTITY_DATA_DIR),
      usersFile,
      schedulingUrl: scheduling.service.url,
      env: { IDENTITY_CONSOLE_REDIRECT_URIS: `http://127.0.0.1:${consolePort}/auth/callback` },
    });
    const day = DateTime.now().setZone(zone).startOf('day');
    home = await new CenterFixture(scheduling.service.url, zone, day).create({
      chairs: 2,
      nurses: 1,
      capacity: 3,
      name: homeName,
    });
    other = await new CenterFixture(scheduling.service.url, zone, day).create({
      chairs: 2,
      nurses: 1,
      capacity: 3,
      name: otherName,
    });
    // Each center has a patient today, so a screen or answer that leaked the other center would show one.
    const homeAppointment = await bookToday(home, 'Hana', 'Homebody');
    // The other center's booking is the organisation's newest fact: a report of the home center is
    // as fresh as the home booking, before this moment.
    await new Promise((resolve) => setTimeout(resolve, 20));
    betweenBookings = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const otherAppointment = await bookToday(other, 'Otto', 'Elsewhere');
    const [consoleStarted] = await Promise.all([
      startConsoleProcess(consolePort, {
        AUTH_OIDC_ISSUER: identity.issuer,
        SCHEDULING_URL: scheduling.service.url,
        SESSIONS_URL: sessions.service.url,
        REPORTING_URL: reporting.service.url,
        NOTIFICATIONS_URL: notifications.service.url,
      }),
      launchSharedChromium().then((b) => (browser = b)),
      // The other services know both centers and their bookings before anyone looks.
      ...[
        [home, homeAppointment],
        [other, otherAppointment],
      ].map(([center, appointmentId]) =>
        waitFor(
          async () =>
            (
              await call('GET', `${sessions.service.url}/locations/${(center as CenterFixture).locationId}/board`, {
                token: tokenFor(['nurse'], [(center as CenterFixture).locationId]),
              })
            ).body.sessions?.some((s: { appointmentId: string }) => s.appointmentId === appointmentId),
          { timeoutMs: 60_000, what: 'sessions to show the booking' },
        ),
      ),
      waitFor(
        async () => {
          // Each center asked for by an analyst of that center only: reporting knows both.
          const known = async (locationId: string) => {
            const report = await call('GET', `${reporting.service.url}/reports/kpis?from=${today}&to=${today}`, {
              token: tokenFor(['analyst'], [locationId]),
            });
            return ((report.body as { locations?: Array<{ locationId: string; name: string | null }> }).locations ?? []).some(
              (l) => l.locationId === locationId && l.name !== null,
            );
          };
          return (await known(home.locationId)) && (await known(other.locationId));
        },
        { timeoutMs: 60_000, what: 'reporting to know both centers' },
      ),
      // Reporting has counted both bookings: the other center's newest fact is after the home
      // center's booking, and the home center has one of its own (each read by an analyst of that center).
      waitFor(
        async () => {
          const freshAsOf = async (token: string) =>
            (await call('GET', `${reporting.service.url}/reports/freshness`, { token })).body.freshAsOf as string | null;
          const ofOther = await freshAsOf(tokenFor(['analyst'], [other.locationId]));
          const ofHome = await freshAsOf(tokenFor(['analyst'], [home.locationId]));
          return ofOther !== null && Date.parse(ofOther) > betweenBookings && ofHome !== null;
        },
        { timeoutMs: 60_000, what: 'reporting to count both bookings' },
      ),
    ]);
    consoleApp = consoleStarted;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await consoleApp?.stop();
    await identity?.stop();
    await sessions?.stop();
    await reporting?.stop();
    await notifications?.stop();
    await scheduling?.stop();
    process.env.AUTH_OIDC_ISSUER = previousIssuer;
  });

  const heading = (screen: ScreenId): string =>
    ({
      today: `Today at ${homeName}`,
      chairside: `At the chair: ${homeName}`,
      book: `Book at ${homeName}`,
      queues: `Work queues: ${homeName}`,
      patients: 'Patients',
      reports: 'Reports',
      setup: `Setup: ${homeName}`,
    })[screen];

  /** What the other center is known by: its id, its name, its patient. */
  const otherCenterMarks = () => [other.locationId, otherName, 'Elsewhere'];

  it.each(ROLES)(
    '$username signs in and sees only the screens and the center its role and grant allow',
    async ({ username, screens, listsCenter, roles }) => {
      const user = await browser.newUser();
      const { page } = user;
      const answers = watchAnswers(page, consoleApp.url);
      try {
        await signInOn(page, consoleApp.url, username, DEMO_PASSWORD);
        const offered = await page
          .locator('nav [data-screen]')
          .evaluateAll((links) => links.map((l) => l.getAttribute('data-screen')));
        expect(offered).toEqual(screens);
        const listed = (await page.getByTestId('home-locations').textContent()) ?? '';
        expect(listed.includes(homeName)).toBe(listsCenter);
        expect(listed).not.toContain(otherName);

        // Every screen by its address, as a bookmark or a typed URL opens it: the screen, or "not available".
        for (const screen of SCREENS) {
          await page.goto(`${consoleApp.url}/${screen}`);
          const expected = screens.includes(screen) ? heading(screen) : 'Not available to you';
          await page.getByRole('heading', { name: expected, exact: true }).waitFor({ timeout: 30_000 });
          if (screen === 'today' && screens.includes('today')) {
            // A bar opens its panel, which reads the appointment from scheduling: every role offered the
            // board may read it (a charge nurse's Move depends on it). The answers' check below holds it to that.
            const read = page.waitForResponse((r) => /\/appointments\/[0-9a-f-]{36}$/.test(new URL(r.url()).pathname));
            await page.locator('[data-testid="board"] [data-appointment]').first().click();
            expect((await read).status()).toBe(200);
          }
          const text = await page.locator('body').innerText();
          for (const mark of otherCenterMarks()) expect({ screen, shows: text.includes(mark) }).toEqual({ screen, shows: false });
          if (!screens.includes(screen) && !axeOnNotAvailable) {
            axeOnNotAvailable = true;
            expect(await seriousViolations(page)).toEqual([]);
            await page.screenshot({ path: `${SCREENSHOTS}not-available.png` });
          }
        }

        // What the screens asked the back end for: nothing of the other center in any answer, none failed,
        // and none refused: a screen the role is offered asks only for what the role may read.
        const seen = await answers.settled();
        expect(seen.length).toBeGreaterThan(0);
        for (const answer of seen) {
          expect({ url: answer.url, serverError: answer.status >= 500 }).toEqual({ url: answer.url, serverError: false });
          expect({ url: answer.url, refused: answer.status === 403 }).toEqual({ url: answer.url, refused: false });
          for (const mark of otherCenterMarks())
            expect({ url: answer.url, carries: answer.body.includes(mark) }).toEqual({ url: answer.url, carries: false });
        }

        // Reads narrowed to the grant, asked through the back end as the page would: a refusal (403)
        // for a role without the read, else nothing of the other center.
        const reportOf = (query: string) => `/api/services/reporting/reports/kpis?from=${today}&to=${today}${query}`;
        const narrowed = await page.evaluate(
          async (paths) => {
            const read = async (path: string) => {
              const response = await fetch(path);
              return { path, status: response.status, body: await response.text() };
            };
            return Promise.all(paths.map(read));
          },
          [
            '/api/session',
            '/api/services/scheduling/locations',
            '/api/services/scheduling/patients?name=Elsewhere&limit=20',
            '/api/services/reporting/reports/locations',
            '/api/services/reporting/reports/freshness',
            reportOf(''),
            reportOf('&format=csv&view=days'),
          ],
        );
        for (const answer of narrowed) {
          // A refusal's problem+json names the request (its `instance`), the other center's patient's name in the search.
          if (answer.status >= 400) {
            expect({ path: answer.path, status: answer.status }).toEqual({ path: answer.path, status: 403 });
            continue;
          }
          for (const mark of otherCenterMarks())
            expect({ path: answer.path, carries: answer.body.includes(mark) }).toEqual({ path: answer.path, carries: false });
        }
        const report = narrowed.find((a) => a.path === reportOf(''))!;
        if (screens.includes('reports')) {
          // Reports lists the home center only, with its figures.
          expect(report.status).toBe(200);
          const ids = (JSON.parse(report.body) as { locations: Array<{ locationId: string }> }).locations.map(
            (l) => l.locationId,
          );
          expect(ids).toEqual([home.locationId]);
        } else {
          expect(report.status).toBe(403);
        }
        if (screens.includes('reports')) {
          // The freshness too is the home center's (its booking), not the other center's later one.
          const freshness = narrowed.find((a) => a.path.endsWith('/reports/freshness'))!;
          for (const answer of [report, freshness]) {
            const freshAsOf = (JSON.parse(answer.body) as { freshAsOf: string | null }).freshAsOf;
            expect({
              path: answer.path,
              beforeTheOtherBooking: freshAsOf !== null && Date.parse(freshAsOf) < betweenBookings,
            }).toEqual({ path: answer.path, beforeTheOtherBooking: true });
          }
        }
        const search = narrowed.find((a) => a.path.includes('patients?'))!;
        if (roles.includes('scheduler') || roles.includes('admin')) {
          expect(search.status).toBe(200);
          expect((JSON.parse(search.body) as { items: unknown[] }).items).toEqual([]);
        }

        // The other center asked for by its id, through every door of the back end: refused, as problem+json.
        const otherId = other.locationId;
        const doors = [
          `/api/board/${otherId}?date=${today}`,
          `/api/live/${otherId}`,
          `/api/services/sessions/locations/${otherId}/board`,
          `/api/services/scheduling/locations/${otherId}`,
          `/api/services/scheduling/locations/${otherId}/chairs`,
          `/api/services/scheduling/locations/${otherId}/work-queues`,
          `/api/services/scheduling/locations/${otherId}/patient-names?date=${today}`,
          `/api/services/scheduling/locations/${otherId}/day-resources?date=${today}`,
          reportOf(`&locationId=${otherId}`),
          reportOf(`&locationId=${otherId}&format=csv&view=days`),
        ];
        const refused = await page.evaluate(async (paths) => {
          const knock = async (path: string) => {
            const abort = new AbortController();
            const response = await fetch(path, { signal: abort.signal });
            const type = response.headers.get('content-type') ?? '';
            // An answer that is not a refusal may be a stream that never ends: its start is enough.
            const problem = type.startsWith('application/problem+json') ? ((await response.json()) as { status?: number }) : null;
            abort.abort();
            return { path, status: response.status, problemStatus: problem?.status ?? null };
          };
          return Promise.all(paths.map(knock));
        }, doors);
        expect(refused).toEqual(doors.map((path) => ({ path, status: 403, problemStatus: 403 })));

        // The home center's live stream: for the roles that work its board (Today, Chairside), refused
        // as problem+json to the others (reports and audit roles) though the center is theirs.
        const live = await page.evaluate(async (path) => {
          const abort = new AbortController();
          const response = await fetch(path, { signal: abort.signal });
          const type = response.headers.get('content-type') ?? '';
          const problem = type.startsWith('application/problem+json') ? ((await response.json()) as { status?: number }) : null;
          abort.abort();
          return {
            status: response.status,
            stream: type.startsWith('text/event-stream'),
            problemStatus: problem?.status ?? null,
          };
        }, `/api/live/${home.locationId}`);
        expect(live).toEqual(
          screens.includes('today') || screens.includes('chairside')
            ? { status: 200, stream: true, problemStatus: null }
            : { status: 403, stream: false, problemStatus: 403 },
        );

        // The same doors to the home center open where the role works the board (the refusals above are
        // the grant's); the console refuses the board itself to the others (reports, audit), as the stream.
        const board = await page.evaluate(
          async (path) => (await fetch(path)).status,
          `/api/board/${home.locationId}?date=${today}`,
        );
        expect(board).toBe(screens.includes('today') || screens.includes('chairside') ? 200 : 403);
      } finally {
        await user.close();
      }
    },
    120_000,
  );
});
