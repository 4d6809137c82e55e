// npm run bench:console — the staff console in a real Chromium (Debian's, driven by playwright-core)
// against the identity provider, the four services (scheduling, sessions, notifications with a
// mail sink and an SMS provider, reporting) and the console's back end, each a process on its own
// fresh database and topics, with Kafka.
//
//   1. A 40-chair center in a zone where the day has not begun, its day filled through the public
//      API: BENCH_BOOKINGS (120) bookings from scheduling's ranked slots, each a patient of its own.
//   2. Today board interactive after navigation, BENCH_NAVIGATIONS (10) times as a signed-in charge
//      nurse, with no other load: from the navigation's start until every bar of the day is on the
//      board with the patients' names (the composed board: sessions' board, scheduling's location
//      and the day's names, audited one record per patient) and the page answers the next frame.
//   3. Event → screen under the system benchmark's load, on the open board (live, no reload):
//      BENCH_EVENTS (40) bookings, from the booking's 201 until its bar is on the board, then
//      BENCH_SESSION_EVENTS (40) check-ins of the board's patients through sessions' API, from the
//      200 until the bar shows the patient arrived (the live event applied to the open board; a board
//      read is counted only when one happened between the 200 and the screen, which the live
//      journal makes rare).
//      Meanwhile a load generator plays `npm run bench:system`'s mix at BENCH_LOAD_CENTERS (4)
//      other 40-chair centers, BENCH_LOAD_RATE (6) bookings/s: per booking, as the simulator's
//      day in bench:system did on average, 65 % confirmed, 6.4 % cancelled, 89 % played as a visit
//      through sessions' API (check-in, seat, access, drug ready, start, 4.4 vitals, a reaction in
//      5 %, complete, discharge), the rest left booked; notifications sends the messages and
//      reporting reads every topic. bench:system's day (docs/benchmarks.md) produced about 73
//      events/s over the four services (scheduling 10.1, sessions 42.8, notifications 20.4).
//      The load runs BENCH_LOAD_WARMUP_S (15) s before the samples; over the samples the script
//      prints the events produced and applied per second per service (outbox and inbox, as
//      bench:system counts them) and per topic (the topics' end offsets), beside bench:system's.
//
// First the machine's own reference in the same run, before any process of the bench starts
// (reference.mjs): pgbench TPC-B against the same PostgreSQL and raw kafkajs on a topic of its own
// (paced at 100 messages/s for its latency). The board's time is stated as a ratio to pgbench's
// average latency, event → screen as ratios to raw kafkajs's paced p50 and pgbench's average
// latency, with the CPU ms per navigation and per event sample of each service, the console's back
// end, PostgreSQL, the broker and this process (load generator, mail sink, SMS provider,
// playwright; Chromium and identity fall in "other processes").
//
// Prints the figures and the load average; run it under the heavy-command lock on a quiet machine.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { chromium } from 'playwright-core';
import {
  cpuGroups,
  fmt,
  formatCpu,
  formatPgbench,
  kafkajsReference,
  pgbenchReference,
  postgresConnection,
  startCpu,
} from './reference.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 120);
const NAVIGATIONS = Number(process.env.BENCH_NAVIGATIONS ?? 10);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 40);
const SESSION_EVENTS = Number(process.env.BENCH_SESSION_EVENTS ?? 40);
const LOAD_RATE = Number(process.env.BENCH_LOAD_RATE ?? 6);
const LOAD_CENTERS = Number(process.env.BENCH_LOAD_CENTERS ?? 4);
const LOAD_WARMUP_S = Number(process.env.BENCH_LOAD_WARMUP_S ?? 15);
const LOAD_PATIENTS = Number(process.env.BENCH_LOAD_PATIENTS ?? 600);
/** The gap between a visit's steps at the load centers: a visit of the load takes about 5 s. */
const STEP_GAP_MS = 400;
/**
 * What bench:system's compressed day produced and applied per second per service (its last run,
 * 2026-11-27, docs/benchmarks.md § The whole platform): the load this bench aims at.
 */
const SYSTEM_BENCH = {
  date: '2026-11-27',
  produced: { scheduling: 10.1, sessions: 42.8, notifications: 20.4, reporting: 0 },
  applied: { scheduling: 16.2, sessions: 6.3, notifications: 11.5, reporting: 62.0 },
};
const CHAIRS = 40;
const NURSES = 12;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

process.env.KAFKA_TOPIC_PREFIX = `bench-console-${Date.now()}.`;
process.env.NODE_ENV ??= 'test';
// The services and the console log warnings and errors only, as in bench:system (at info, each request is a line).
process.env.TEST_SERVICE_LOG_LEVEL ??= 'warn';
const testing = await import('../../libs/testing/dist/index.js');
const { devIdentityDir } = await import('../../libs/platform/dist/index.js');
const { schedulingDataSourceOptions } = await import('../../apps/scheduling/dist/database/data-source.js');
const { sessionsDataSourceOptions } = await import('../../apps/sessions/dist/database/data-source.js');
const { notificationsDataSourceOptions } = await import('../../apps/notifications/dist/database/data-source.js');
const { reportingDataSourceOptions } = await import('../../apps/reporting/dist/database/data-source.js');
const { ALL_TOPICS } = await import('../../libs/contracts/dist/index.js');
const sim = await import('../../apps/simulator/dist/index.js');
const { call, CenterFixture, freePort, startIdentityProcess, startOnOwnDatabase, tokenFor } = testing;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** A zone where it is now between 01:00 and 06:00, so the whole opening day (08:00–18:00) is still ahead. */
function earlyZone() {
  const zones = [
    'Pacific/Honolulu',
    'America/Los_Angeles',
    'America/Chicago',
    'America/New_York',
    'America/Sao_Paulo',
    'Atlantic/Azores',
    'Europe/Madrid',
    'Asia/Dubai',
    'Asia/Kolkata',
    'Asia/Bangkok',
    'Asia/Tokyo',
    'Pacific/Auckland',
  ];
  const zone = zones.find((z) => {
    const hour = DateTime.now().setZone(z).hour;
    return hour >= 1 && hour < 6;
  });
  if (!zone) throw new Error('no zone in the list is between 01:00 and 06:00 now');
  return zone;
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
/** The page's timeline of one navigation: when the HTML, the script, the session and the board arrived. */
async function navigationPhases(page) {
  return page.evaluate(() => {
    const round = (v) => (v === undefined ? undefined : Math.round(v));
    const resources = globalThis.performance.getEntriesByType('resource');
    const last = (test) => resources.filter((r) => test(r.name)).at(-1);
    const nav = globalThis.performance.getEntriesByType('navigation')[0];
    const script = last((n) => /\/assets\/[^/]*\.js$/.test(n));
    const session = last((n) => n.includes('/api/session'));
    const board = last((n) => n.includes('/api/board/'));
    return {
      html: round(nav?.responseEnd),
      script: round(script?.responseEnd),
      sessionStart: round(session?.startTime),
      sessionEnd: round(session?.responseEnd),
      boardStart: round(board?.startTime),
      boardEnd: round(board?.responseEnd),
      ready: round(globalThis.performance.now()),
    };
  });
}

const summary = (values) =>
  values.length
    ? `p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, max ${Math.max(...values)} ms (n=${values.length})`
    : 'no sample';

// The reference first, before anything of the benchmark starts.
const connection = postgresConnection();
const kafkaPort = Number((process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':').at(-1));
const reference = await pgbenchReference({ connection });
console.log(formatPgbench(reference));
const { default: pino } = await import('pino');
const messaging = await import('../../libs/messaging/dist/index.js');
const kafka = messaging.createKafkaClient({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  clientId: 'bench-console-reference',
  logger: pino({ level: 'warn' }),
});
const raw = await kafkajsReference(kafka, { seconds: 10, rate: 100, kafkaPort });
console.log(
  `Reference: raw kafkajs, same broker, same run: paced at 100/s: p50 ${fmt(raw.paced.p50, 1)} ms, p95 ${fmt(raw.paced.p95, 1)} ms, p99 ${fmt(raw.paced.p99, 1)} ms (${fmt(raw.throughput.consumedRate)} messages/s consumed as fast as it goes)`,
);
const versus = (values) =>
  [50, 95]
    .map(
      (p) =>
        `p${p} ${fmt(percentile(values, p) / raw.paced.p50, 2)} × raw kafkajs paced p50, ${fmt(percentile(values, p) / reference.latencyAverage, 2)} × pgbench average latency`,
    )
    .join('; ');

const runId = `bench_console_${Date.now().toString(36)}`;
const zone = earlyZone();
const day = DateTime.now().setZone(zone).startOf('day');
const started = [];
let browser;
let profile;
let mail;
let sms;
let admin;
try {
  const identityPort = await freePort();
  const consolePort = await freePort();
  process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
  const scheduling = await startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions });
  started.push(scheduling);
  const sessions = await startOnOwnDatabase({ service: 'sessions', runId, dataSourceOptions: sessionsDataSourceOptions });
  started.push(sessions);
  // Notifications sends to a mail sink and an SMS provider of the run's own, as bench:system's.
  mail = await testing.startMailSink();
  sms = await testing.startSmsProvider();
  const notifications = await startOnOwnDatabase({
    service: 'notifications',
    runId,
    dataSourceOptions: notificationsDataSourceOptions,
    env: { SMTP_PORT: String(mail.port), SMS_API_URL: sms.url },
  });
  started.push(notifications);
  const reporting = await startOnOwnDatabase({ service: 'reporting', runId, dataSourceOptions: reportingDataSourceOptions });
  started.push(reporting);
  const services = { scheduling, sessions, notifications, reporting };
  const identity = await startIdentityProcess({
    port: identityPort,
    dataDir: devIdentityDir(process.env.IDENTITY_DATA_DIR),
    schedulingUrl: scheduling.service.url,
    env: { IDENTITY_CONSOLE_REDIRECT_URIS: `http://127.0.0.1:${consolePort}/auth/callback` },
  });
  started.push(identity);
  const consoleApp = await startConsole(consolePort, {
    AUTH_OIDC_ISSUER: identity.issuer,
    SCHEDULING_URL: scheduling.service.url,
    SESSIONS_URL: sessions.service.url,
  });
  started.push(consoleApp);
  const groups = cpuGroups({
    postgresPort: connection.port,
    kafkaPort,
    services: [
      { name: 'scheduling service', pid: scheduling.service.pid },
      { name: 'sessions service', pid: sessions.service.pid },
      { name: 'notifications service', pid: notifications.service.pid },
      { name: 'reporting service', pid: reporting.service.pid },
      { name: "console's back end", pid: consoleApp.pid },
    ],
    self: 'bench process (load generator, mail sink, SMS provider, playwright)',
  });

  // 1. 40-chair centers: the one on the board, and those the load generator plays its day at.
  const setupStarted = Date.now();
  const center = await new CenterFixture(scheduling.service.url, zone, day).create({
    chairs: CHAIRS,
    nurses: NURSES,
    capacity: 4,
    name: `Bench Board Center (${zone})`,
  });
  const loadCenters = [];
  for (let c = 1; c <= LOAD_CENTERS; c++)
    loadCenters.push(
      await new CenterFixture(scheduling.service.url, zone, day).create({
        chairs: CHAIRS,
        nurses: NURSES,
        capacity: 4,
        name: `Bench Load Center ${c} (${zone})`,
      }),
    );
  const loadLocations = loadCenters.map((c) => c.locationId);
  const scheduler = tokenFor(['scheduler'], [center.locationId]);
  const loadScheduler = tokenFor(['scheduler'], loadLocations);
  const loadNurse = tokenFor(['nurse'], loadLocations);
  // The load's patients, registered beforehand as bench:system's are (contacts, channel, consent:
  // 35 % by text, 92 % consenting, as the simulator draws them), each at one of the load's centers.
  async function registerLoadPatient(k) {
    const registered = await call('POST', `${scheduling.service.url}/patients`, {
      token: loadScheduler,
      body: {
        givenName: `Load${k}`,
        familyName: 'Patient',
        dateOfBirth: '1970-01-01',
        email: `load.${runId}.${k}@example.org`,
        phone: `+1555${1_000_000 + k}`,
        preferredLanguage: 'en',
        preferredChannel: k % 100 < 35 ? 'sms' : 'email',
        notificationConsent: k % 100 < 92,
        locationId: loadLocations[k % loadLocations.length],
      },
    });
    if (registered.status !== 201) throw new Error(`load patient: ${registered.status} ${JSON.stringify(registered.body)}`);
    return registered.body.id;
  }
  const loadPatients = [];
  await Promise.all(
    Array.from({ length: 10 }, async (_, worker) => {
      for (let k = worker; k < LOAD_PATIENTS; k += 10) loadPatients.push(await registerLoadPatient(k));
    }),
  );
  const endOfDay = day.set({ hour: 18 }).toUTC().toISO();
  async function bookOne(locationId, token, i) {
    const patient = await call('POST', `${scheduling.service.url}/patients`, {
      token,
      body: { givenName: `Bench${i}`, familyName: `Patient${i}`, dateOfBirth: '1970-01-01' },
    });
    if (patient.status !== 201) throw new Error(`patient: ${patient.status} ${JSON.stringify(patient.body)}`);
    const from = DateTime.now().plus({ minutes: 5 }).toUTC().toISO();
    const slots = await call(
      'GET',
      `${scheduling.service.url}/locations/${locationId}/slots?therapyCode=hydration&patientId=${patient.body.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(endOfDay)}&limit=1`,
      { token },
    );
    const slot = slots.body?.[0];
    if (!slot) return undefined;
    const booked = await call('POST', `${scheduling.service.url}/locations/${locationId}/appointments`, {
      token,
      body: { patientId: patient.body.id, therapyCode: 'hydration', startsAt: slot.start },
    });
    return booked.status === 201 ? booked.body : undefined;
  }
  const boardAppointments = [];
  for (let i = 0; i < BOOKINGS; i++) {
    const booked = await bookOne(center.locationId, scheduler, i);
    if (booked) boardAppointments.push(booked.id);
  }
  const filled = boardAppointments.length;
  console.log(
    `[bench:console] ${zone}: ${1 + LOAD_CENTERS} centers of ${CHAIRS} chairs and ${NURSES} nurses, ${filled} bookings on the board's day, ${loadPatients.length} patients for the load, set up in ${Math.round((Date.now() - setupStarted) / 1000)} s`,
  );
  // Sessions builds its board from the booking events: wait until it has them all.
  const nurseToken = tokenFor(['nurse'], [center.locationId]);
  await testing.waitFor(
    async () =>
      (
        await call('GET', `${sessions.service.url}/locations/${center.locationId}/board?date=${day.toISODate()}`, {
          token: nurseToken,
        })
      ).body.sessions?.length >= filled || undefined,
    { timeoutMs: 60_000, what: 'sessions to have the day' },
  );

  // 2. The board, as the charge nurse: navigation → every bar named and the next frame.
  if (!existsSync(CHROMIUM)) execFileSync(process.execPath, ['infra/dev/browser.mjs'], { stdio: 'inherit', cwd: ROOT });
  profile = mkdtempSync(join(os.tmpdir(), 'chairside-bench-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: FLAGS,
    viewport: { width: 1366, height: 900 },
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`${consoleApp.url}/`);
  await page.waitForURL(/\/interaction\//, { timeout: 30_000 });
  await page.fill('input[name="username"]', 'charge-nurse');
  await page.fill('input[name="password"]', 'chairside');
  await Promise.all([page.waitForURL(`${consoleApp.url}/**`, { timeout: 30_000 }), page.click('button[type="submit"]')]);
  await page.getByTestId('signed-in-as').waitFor({ timeout: 30_000 });
  await page.evaluate((id) => globalThis.localStorage.setItem('chairside.location', id), center.locationId);
  const boardReady = (count) =>
    page.waitForFunction(
      (n) => {
        const bars = globalThis.document.querySelectorAll('[data-testid="board"] [data-appointment]');
        // Named: the composed board's names arrived with it (no bar says "Patient 1a2b…").
        return bars.length >= n && ![...bars].some((b) => /Patient [0-9a-f]{8}/.test(b.textContent ?? ''));
      },
      count,
      { timeout: 30_000, polling: 'raf' },
    );
  const interactive = [];
  /** Where each counted navigation's time went, from the page's own timeline (ms since its start). */
  const phases = [];
  let navigationCpu;
  for (let i = 0; i <= NAVIGATIONS; i++) {
    if (i === 1) navigationCpu = startCpu(groups);
    await page.goto(`${consoleApp.url}/`);
    await page.getByTestId('signed-in-as').waitFor();
    const t0 = Date.now();
    await page.goto(`${consoleApp.url}/today`, { waitUntil: 'commit' });
    await boardReady(filled);
    // The next frame: the main thread is free to answer input.
    await page.evaluate(() => new Promise((resolve) => globalThis.requestAnimationFrame(() => resolve(undefined))));
    // The first navigation fills the browser's cache: a warm-up, not counted.
    if (i > 0) {
      interactive.push(Date.now() - t0);
      const timeline = await navigationPhases(page);
      // The reads of the board the page makes for this navigation (a second one would come once the live stream connects).
      await sleep(1500);
      timeline.boardReads = await page.evaluate(
        () => globalThis.performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/board/')).length,
      );
      phases.push(timeline);
    }
  }
  console.log(
    `[bench:console] Today board of a ${CHAIRS}-chair day (${filled} bars) interactive after navigation: ${summary(interactive)}`,
  );
  const phase = (name) => phases.map((p) => p[name]).filter((v) => v !== undefined);
  console.log(
    `[bench:console]   where a navigation's time went (ms since it began, the page's timeline; n = ${phases.length}): HTML answered ${summary(phase('html'))}; script loaded ${summary(phase('script'))}; /api/session asked ${summary(phase('sessionStart'))}, answered ${summary(phase('sessionEnd'))}; /api/board asked ${summary(phase('boardStart'))}, answered ${summary(phase('boardEnd'))}; board drawn ${summary(phase('ready'))}; board reads by the page ${summary(phase('boardReads')).replaceAll(' ms', '')}`,
  );
  const navigationCpuUsed = navigationCpu?.end(interactive.length);
  console.log(
    `[bench:console] as ratios: p50 ${fmt(percentile(interactive, 50) / reference.latencyAverage, 1)} ×, p95 ${fmt(percentile(interactive, 95) / reference.latencyAverage, 1)} × pgbench's average latency (${fmt(reference.latencyAverage, 1)} ms); CPU per navigation:\n${navigationCpuUsed ? formatCpu(navigationCpuUsed, 'navigation') : '    n/a (no navigation counted)'}`,
  );

  // 3. Event → screen under bench:system's load: the open board, live.
  await page.locator('[data-testid="live-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
  const tally = new Map();
  const count = (what) => tally.set(what, (tally.get(what) ?? 0) + 1);
  let loading = true;
  const inFlight = new Set();
  const loadEndOfDay = endOfDay;
  /** One booking of the load and what follows it, drawn as bench:system's day did on average. */
  async function loadVisit(n) {
    const random = new sim.Random(1919).fork(n);
    const locationId = loadLocations[n % loadLocations.length];
    const patientId = loadPatients[n % loadPatients.length];
    const from = DateTime.now().plus({ minutes: 5 }).toUTC().toISO();
    const slots = await call(
      'GET',
      `${scheduling.service.url}/locations/${locationId}/slots?therapyCode=hydration&patientId=${patientId}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(loadEndOfDay)}&limit=3`,
      { token: loadScheduler },
    );
    const slot = slots.status === 200 ? slots.body?.[0] : undefined;
    if (!slot) return count(slots.status === 200 ? 'no slot free' : `slots ${slots.status}`);
    const booked = await call('POST', `${scheduling.service.url}/locations/${locationId}/appointments`, {
      token: loadScheduler,
      body: { patientId, therapyCode: 'hydration', startsAt: slot.start },
    });
    if (booked.status !== 201) return count(`booking refused ${booked.status}`);
    count('booked');
    const appointmentPath = `${scheduling.service.url}/locations/${locationId}/appointments/${booked.body.id}`;
    if (random.chance(0.65)) {
      await sleep(STEP_GAP_MS);
      const confirmed = await call('POST', `${appointmentPath}/confirm`, { token: loadScheduler });
      count(confirmed.status === 200 ? 'confirmed' : `confirm refused ${confirmed.status}`);
    }
    const fate = random.next();
    if (fate < 0.064) {
      await sleep(STEP_GAP_MS);
      const cancelled = await call('POST', `${appointmentPath}/cancel`, {
        token: loadScheduler,
        body: { reason: 'patient_request' },
      });
      return count(cancelled.status === 200 ? 'cancelled' : `cancel refused ${cancelled.status}`);
    }
    // bench:system's day left about 4 % of its bookings unplayed (beyond the run).
    if (fate >= 0.957 || !loading) return count('left booked');
    const sessionPath = `${sessions.service.url}/locations/${locationId}/sessions/${booked.body.id}`;
    const step = async (name, body = {}) => {
      if (!loading) return undefined;
      await sleep(STEP_GAP_MS);
      const r = await call('POST', `${sessionPath}/${name}`, { token: loadNurse, body });
      if (r.status === 200 || r.status === 201) {
        count(`session ${name}`);
        return r.body ?? {};
      }
      count(`session ${name} refused ${r.status}`);
      return undefined;
    };
    // The session exists once sessions has read the booking from Kafka (as the simulator, it asks again).
    for (let i = 0; ; i++) {
      if (!loading) return undefined;
      const r = await call('POST', `${sessionPath}/check-in`, { token: loadNurse, body: {} });
      if (r.status === 200) break;
      if (r.status !== 404 || i > 60) return count(`session check-in refused ${r.status}`);
      await sleep(250);
    }
    count('session check-in');
    if (!(await step('seat'))) return undefined;
    if (!(await step('access', { route: 'iv', site: 'left forearm', attempts: 1, numbingSprayUsed: false }))) return undefined;
    if (!(await step('drug-ready'))) return undefined;
    if (!(await step('start', { rateMlPerHour: 120 }))) return undefined;
    const vitals = { systolic: 121, diastolic: 78, heartRate: 74, respiratoryRate: 14, temperatureC: 36.7, spo2: 98 };
    // 4.4 readings a visit on average, as bench:system's day (17,819 vitals over 4,026 visits).
    const readings = random.chance(0.4) ? 5 : 4;
    for (let v = 0; v < readings; v++) {
      if (!(await step('vitals', vitals))) return undefined;
      // A reaction in 5 % of visits (203 in 4,026), mild: the infusion paused, then resumed at half rate.
      if (v === 1 && random.chance(0.05)) {
        const reaction = await step('reactions', {
          kind: 'infusion_reaction',
          grade: 1,
          actions: ['paused'],
          outcome: 'resolved',
        });
        if (reaction?.status === 'paused' && !(await step('resume', { ratePercent: 50 }))) return undefined;
      }
    }
    if (!(await step('complete'))) return undefined;
    await step('discharge', { mayDrive: true, instructions: sim.DISCHARGE_INSTRUCTIONS });
    return undefined;
  }
  const generator = (async () => {
    const gapMs = 1000 / LOAD_RATE;
    const began = Date.now();
    for (let n = 0; loading; n++) {
      await sleep(began + n * gapMs - Date.now());
      if (!loading) break;
      // A machine that cannot keep up does not pile up work without bound: the rate then falls short, and says so.
      if (inFlight.size >= 400) {
        count('not started (400 under way)');
        continue;
      }
      const visit = loadVisit(n).catch((error) => count(`load error: ${error.message}`));
      inFlight.add(visit);
      void visit.finally(() => inFlight.delete(visit));
    }
  })();
  console.log(`[bench:console] load started; ${LOAD_WARMUP_S} s before the samples`);
  await sleep(LOAD_WARMUP_S * 1000);

  /** The events so far: outbox positions and inbox rows per service (as bench:system counts), and each topic's end offsets. */
  async function eventCounts() {
    const at = Date.now();
    const perService = Object.fromEntries(
      await Promise.all(
        Object.entries(services).map(async ([name, s]) => [
          name,
          {
            produced: Number((await s.db.query('SELECT coalesce(max(position), 0)::bigint AS n FROM outbox'))[0].n),
            applied: Number((await s.db.query('SELECT count(*)::int AS n FROM inbox'))[0].n),
          },
        ]),
      ),
    );
    const perTopic = Object.fromEntries(
      await Promise.all(
        ALL_TOPICS.map(async (t) => {
          try {
            const offsets = await admin.fetchTopicOffsets(messaging.physicalTopic(t.name));
            return [t.name, offsets.reduce((sum, o) => sum + Number(o.high), 0)];
          } catch {
            return [t.name, 0];
          }
        }),
      ),
    );
    return { at, perService, perTopic, tally: new Map(tally) };
  }
  admin = kafka.admin();
  await admin.connect();
  const countsBefore = await eventCounts();
  const eventCpu = startCpu(groups);
  const loadBefore = os.loadavg()[0];

  // 3a. Bookings at the board's center: the bar comes with the event.
  const eventToScreen = [];
  for (let i = 0; i < EVENTS; i++) {
    const booked = await bookOne(center.locationId, scheduler, 10_000 + i);
    const answeredAt = Date.now();
    if (!booked) break;
    // Not on screen within 15 s counts as 15 s (a lower bound), and is said: one missing bar does not end the run.
    await page
      .locator(`[data-testid="board"] [data-appointment="${booked.id}"]`)
      .waitFor({ timeout: 15_000 })
      .catch(() => console.log(`[bench:console] booking ${booked.id}: not on screen within 15 s`));
    eventToScreen.push(Date.now() - answeredAt);
    await sleep(250);
  }

  // 3b. Check-ins at the board's center: the bar's status changes from the live event itself (the
  // board is read again only when an event cannot be applied to what is shown).
  const boardReads = [];
  const reading = new Map();
  page.on('request', (request) => {
    if (request.url().includes(`/api/board/${center.locationId}`)) reading.set(request, { startedAt: Date.now() });
  });
  page.on('requestfinished', (request) => {
    const read = reading.get(request);
    if (read) boardReads.push({ ...read, finishedAt: Date.now() });
  });
  const checkInToScreen = [];
  const parts = { toRead: [], read: [], render: [] };
  const boardNurse = tokenFor(['nurse'], [center.locationId]);
  for (let i = 0; i < Math.min(SESSION_EVENTS, boardAppointments.length); i++) {
    const id = boardAppointments[i];
    const checkedIn = await call('POST', `${sessions.service.url}/locations/${center.locationId}/sessions/${id}/check-in`, {
      token: boardNurse,
      body: {},
    });
    const answeredAt = Date.now();
    if (checkedIn.status !== 200) {
      console.log(`[bench:console] check-in at the board's center: ${checkedIn.status} ${JSON.stringify(checkedIn.body)}`);
      continue;
    }
    await page
      .locator(`[data-testid="board"] [data-appointment="${id}"][data-status="arrived"]`)
      .waitFor({ timeout: 15_000 })
      .catch(() => console.log(`[bench:console] check-in ${id}: not on screen within 15 s`));
    const onScreen = Date.now();
    checkInToScreen.push(onScreen - answeredAt);
    // Where the time went: the event to the board's read (Kafka → the console → SSE → the page's 250 ms
    // debounce), the read itself (the composed board), and the render after it.
    const read = boardReads.filter((r) => r.startedAt >= answeredAt && r.finishedAt <= onScreen).at(-1);
    if (read) {
      parts.toRead.push(read.startedAt - answeredAt);
      parts.read.push(read.finishedAt - read.startedAt);
      parts.render.push(onScreen - read.finishedAt);
    }
    await sleep(250);
  }
  const countsAfter = await eventCounts();
  const loadAfter = os.loadavg()[0];
  const samples = eventToScreen.length + checkInToScreen.length;
  const eventCpuUsed = eventCpu.end(samples);
  loading = false;
  await generator;
  await Promise.all([...inFlight]);

  const seconds = (countsAfter.at - countsBefore.at) / 1000;
  const rate = (after, before) => (after - before) / seconds;
  console.log(`[bench:console] event → screen (booking's 201 → its bar on the open board, live): ${summary(eventToScreen)}`);
  console.log(`[bench:console]   as ratios: ${versus(eventToScreen)}`);
  console.log(`[bench:console] event → screen (check-in's 200 → the bar shows the patient arrived): ${summary(checkInToScreen)}`);
  console.log(`[bench:console]   as ratios: ${versus(checkInToScreen)}`);
  console.log(
    `[bench:console]   where a check-in's time went (${parts.read.length} samples): to the board's read (Kafka → console → SSE → the page's 250 ms debounce) ${summary(parts.toRead)}; the read ${summary(parts.read)}; render after it ${summary(parts.render)}`,
  );
  const both = [...eventToScreen, ...checkInToScreen];
  console.log(`[bench:console] event → screen, both kinds: ${summary(both)}; ${versus(both)}`);
  console.log(
    `[bench:console] the load over the samples (${seconds.toFixed(1)} s, ${LOAD_RATE} bookings/s asked at ${LOAD_CENTERS} centers), against bench:system's day of ${SYSTEM_BENCH.date}:`,
  );
  console.log('    | service | events produced/s | bench:system | events applied/s | bench:system |');
  console.log('    |---|---|---|---|---|');
  let producedTotal = 0;
  let appliedTotal = 0;
  for (const name of Object.keys(services)) {
    const produced = rate(countsAfter.perService[name].produced, countsBefore.perService[name].produced);
    const applied = rate(countsAfter.perService[name].applied, countsBefore.perService[name].applied);
    producedTotal += produced;
    appliedTotal += applied;
    console.log(
      `    | ${name} | ${produced.toFixed(1)} | ${SYSTEM_BENCH.produced[name]} | ${applied.toFixed(1)} | ${SYSTEM_BENCH.applied[name]} |`,
    );
  }
  const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
  console.log(
    `    | all four | ${producedTotal.toFixed(1)} | ${sum(SYSTEM_BENCH.produced).toFixed(1)} | ${appliedTotal.toFixed(1)} | ${sum(SYSTEM_BENCH.applied).toFixed(1)} |`,
  );
  console.log('    events/s per topic (end offsets):');
  for (const t of ALL_TOPICS) {
    const r = rate(countsAfter.perTopic[t.name], countsBefore.perTopic[t.name]);
    if (r > 0) console.log(`      ${t.name.padEnd(44)} ${r.toFixed(1)}`);
  }
  const actions = [...countsAfter.tally]
    .map(([what, n]) => [what, n - (countsBefore.tally.get(what) ?? 0)])
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${what} ${(n / seconds).toFixed(1)}/s`);
  console.log(`    the load generator's requests over the samples: ${actions.join(', ')}`);
  console.log(`    the load generator over the whole run: ${JSON.stringify(Object.fromEntries(tally))}`);
  console.log(
    `[bench:console] CPU per event sample (${samples} samples; the load's work included):\n${formatCpu(eventCpuUsed, 'event')}`,
  );
  console.log(
    `[bench:console] CPU over the samples, % of one core: ${eventCpuUsed.rows.map((r) => `${r.name} ${fmt((100 * r.ms) / eventCpuUsed.wallMs)}`).join('; ')}`,
  );
  console.log(
    `[bench:console] command: node infra/bench/console.bench.mjs (BENCH_BOOKINGS=${BOOKINGS}, BENCH_NAVIGATIONS=${NAVIGATIONS}, BENCH_EVENTS=${EVENTS}, BENCH_SESSION_EVENTS=${SESSION_EVENTS}, BENCH_LOAD_RATE=${LOAD_RATE}, BENCH_LOAD_CENTERS=${LOAD_CENTERS}, BENCH_LOAD_WARMUP_S=${LOAD_WARMUP_S}, BENCH_LOAD_PATIENTS=${LOAD_PATIENTS})`,
  );
  console.log(
    `[bench:console] load average (1 min) ${loadBefore.toFixed(2)} when the samples began, ${loadAfter.toFixed(2)} when they ended; ${os.cpus().length} × ${os.cpus()[0]?.model}`,
  );
} finally {
  await browser?.close().catch(() => undefined);
  await admin?.disconnect().catch(() => undefined);
  if (profile) rmSync(profile, { recursive: true, force: true });
  for (const s of started.reverse()) await s.stop().catch(() => undefined);
  await mail?.close().catch(() => undefined);
  await sms?.close().catch(() => undefined);
}

/** The console's back end as its own process (apps/console/dist), ready once its live updates read Kafka. */
async function startConsole(port, env) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['apps/console/dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_SERVICE_LOG_LEVEL,
      HOST: '127.0.0.1',
      PORT: String(port),
      ...testing.TEST_RATE_LIMITS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  await testing.waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`the console exited: ${output}`);
      const ready = await fetch(`${url}/health/ready`).then(
        (r) => r.json(),
        () => ({ liveUpdates: false }),
      );
      // Receiving, and its join settled: the streams' second `ready` (console-process.ts) comes before any measurement.
      return (ready.liveUpdates === true && ready.receiving === true) || undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'the console to be ready' },
  );
  return { url, pid: child.pid, stop };
}
