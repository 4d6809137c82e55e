// npm run bench:console — the staff console in a real Chromium (Debian's, driven by playwright-core)
// against the identity provider, scheduling, sessions and the console's back end, each a process
// on its own fresh database and topics, with Kafka.
//
//   1. A 40-chair center in a zone where the day has not begun, its day filled through the public
//      API: BENCH_BOOKINGS (120) bookings from scheduling's ranked slots, each a patient of its own.
//   2. Today board interactive after navigation, BENCH_NAVIGATIONS (10) times as a signed-in charge
//      nurse: from the navigation's start until every bar of the day is on the board with the
//      patients' names (the composed board: sessions' board, scheduling's location and the day's
//      names, audited one record per patient) and the page answers the next frame.
//   3. Event → screen under load, BENCH_EVENTS (40) samples: a booking made through the API, from
//      its 201 until its bar is on the open board (live, no reload), while a load generator books
//      and cancels at a second 40-chair center at BENCH_LOAD_RATE (10) bookings/s, with the
//      cancellations, about the event rate of `npm run bench:system` (docs/benchmarks.md).
//
// First the machine's own reference in the same run, before any process of the bench starts
// (reference.mjs): pgbench TPC-B against the same PostgreSQL and raw kafkajs on a topic of its own
// (paced at 100 messages/s for its latency). The board's time is stated as a ratio to pgbench's
// average latency, event → screen as ratios to raw kafkajs's paced p50 and pgbench's average
// latency, with the CPU ms per navigation and per event of scheduling, sessions, the console's back
// end, PostgreSQL, the broker and this process (Chromium and identity fall in "other processes").
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
const LOAD_RATE = Number(process.env.BENCH_LOAD_RATE ?? 10);
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
const testing = await import('../../libs/testing/dist/index.js');
const { devIdentityDir } = await import('../../libs/platform/dist/index.js');
const { schedulingDataSourceOptions } = await import('../../apps/scheduling/dist/database/data-source.js');
const { sessionsDataSourceOptions } = await import('../../apps/sessions/dist/database/data-source.js');
const { call, CenterFixture, freePort, startIdentityProcess, startOnOwnDatabase, tokenFor } = testing;

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
const summary = (values) =>
  `p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, max ${Math.max(...values)} ms (n=${values.length})`;

// The reference first, before anything of the benchmark starts.
const connection = postgresConnection();
const kafkaPort = Number((process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0].split(':').at(-1));
const reference = await pgbenchReference({ connection });
console.log(formatPgbench(reference));
const { default: pino } = await import('pino');
const messaging = await import('../../libs/messaging/dist/index.js');
const raw = await kafkajsReference(
  messaging.createKafkaClient({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId: 'bench-console-reference',
    logger: pino({ level: 'warn' }),
  }),
  { seconds: 10, rate: 100, kafkaPort },
);
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
try {
  const identityPort = await freePort();
  const consolePort = await freePort();
  process.env.AUTH_OIDC_ISSUER = `http://127.0.0.1:${identityPort}`;
  const scheduling = await startOnOwnDatabase({ service: 'scheduling', runId, dataSourceOptions: schedulingDataSourceOptions });
  started.push(scheduling);
  const sessions = await startOnOwnDatabase({ service: 'sessions', runId, dataSourceOptions: sessionsDataSourceOptions });
  started.push(sessions);
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
      { name: "console's back end", pid: consoleApp.pid },
    ],
    self: 'bench process (load generator, playwright)',
  });

  // 1. Two 40-chair centers: the one on the board, and the one the load generator books at.
  const setupStarted = Date.now();
  const center = await new CenterFixture(scheduling.service.url, zone, day).create({
    chairs: CHAIRS,
    nurses: NURSES,
    capacity: 4,
    name: `Bench Board Center (${zone})`,
  });
  const loadCenter = await new CenterFixture(scheduling.service.url, zone, day).create({
    chairs: CHAIRS,
    nurses: NURSES,
    capacity: 4,
    name: `Bench Load Center (${zone})`,
  });
  const scheduler = tokenFor(['scheduler'], [center.locationId]);
  const loadScheduler = tokenFor(['scheduler'], [loadCenter.locationId]);
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
  let filled = 0;
  for (let i = 0; i < BOOKINGS; i++) if (await bookOne(center.locationId, scheduler, i)) filled++;
  console.log(
    `[bench:console] ${zone}: 2 centers of ${CHAIRS} chairs and ${NURSES} nurses, ${filled} bookings on the board's day, set up in ${Math.round((Date.now() - setupStarted) / 1000)} s`,
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
    if (i > 0) interactive.push(Date.now() - t0);
  }
  console.log(
    `[bench:console] Today board of a ${CHAIRS}-chair day (${filled} bars) interactive after navigation: ${summary(interactive)}`,
  );
  const navigationCpuUsed = navigationCpu?.end(interactive.length);
  console.log(
    `[bench:console] as ratios: p50 ${fmt(percentile(interactive, 50) / reference.latencyAverage, 1)} ×, p95 ${fmt(percentile(interactive, 95) / reference.latencyAverage, 1)} × pgbench's average latency (${fmt(reference.latencyAverage, 1)} ms); CPU per navigation:\n${navigationCpuUsed ? formatCpu(navigationCpuUsed, 'navigation') : '    n/a (no navigation counted)'}`,
  );

  // 3. Event → screen under load: the open board, live.
  await page.locator('[data-testid="live-state"][data-state="connected"]').waitFor({ timeout: 30_000 });
  let loading = true;
  let loadBooked = 0;
  let loadCancelled = 0;
  const generator = (async () => {
    let i = 0;
    while (loading) {
      const tick = Date.now();
      const batch = [];
      for (let k = 0; k < LOAD_RATE && loading; k++) {
        const n = 100_000 + i++;
        batch.push(
          bookOne(loadCenter.locationId, loadScheduler, n).then(async (booked) => {
            if (!booked) return;
            loadBooked++;
            // Cancelled again, so the day never fills: two events a booking.
            const cancelled = await call(
              'POST',
              `${scheduling.service.url}/locations/${loadCenter.locationId}/appointments/${booked.id}/cancel`,
              { token: loadScheduler, body: { reason: 'patient_request' } },
            );
            if (cancelled.status === 200) loadCancelled++;
          }),
        );
      }
      await Promise.all(batch);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - tick))));
    }
  })();
  const loadStarted = Date.now();
  const eventCpu = startCpu(groups);
  const eventToScreen = [];
  const loadBefore = os.loadavg()[0];
  for (let i = 0; i < EVENTS; i++) {
    const booked = await bookOne(center.locationId, scheduler, 10_000 + i);
    const answeredAt = Date.now();
    if (!booked) break;
    await page.locator(`[data-testid="board"] [data-appointment="${booked.id}"]`).waitFor({ timeout: 15_000 });
    eventToScreen.push(Date.now() - answeredAt);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  loading = false;
  await generator;
  const eventCpuUsed = eventCpu.end(eventToScreen.length);
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  console.log(
    `[bench:console] event → screen (booking's 201 → its bar on the open board, live): ${summary(eventToScreen)}; meanwhile ${(loadBooked / loadSeconds).toFixed(1)} bookings/s and ${(loadCancelled / loadSeconds).toFixed(1)} cancellations/s at the other center`,
  );
  console.log(
    `[bench:console] event → screen as ratios: ${versus(eventToScreen)}; CPU per event sample (the load generator's bookings and cancellations included):\n${formatCpu(eventCpuUsed, 'event')}`,
  );
  console.log(
    `[bench:console] command: node infra/bench/console.bench.mjs (BENCH_BOOKINGS=${BOOKINGS}, BENCH_NAVIGATIONS=${NAVIGATIONS}, BENCH_EVENTS=${EVENTS}, BENCH_LOAD_RATE=${LOAD_RATE})`,
  );
  console.log(
    `[bench:console] load average (1 min) ${loadBefore.toFixed(2)} before the event run, ${os.loadavg()[0].toFixed(2)} after; ${os.cpus().length} cores`,
  );
} finally {
  await browser?.close().catch(() => undefined);
  if (profile) rmSync(profile, { recursive: true, force: true });
  for (const s of started.reverse()) await s.stop().catch(() => undefined);
}

/** The console's back end as its own process (apps/console/dist), ready once its live updates read Kafka. */
async function startConsole(port, env) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['apps/console/dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), ...testing.TEST_RATE_LIMITS, ...env },
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
      return ready.liveUpdates === true || undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'the console to be ready' },
  );
  return { url, pid: child.pid, stop };
}
