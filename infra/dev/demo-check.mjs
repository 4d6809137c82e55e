// `npm run demo:check`: the demo stays alive (issue 21 item 6). The complaint: a second `npm start`
// the same day booked nothing, because the first had filled today's chairs and every request joined
// the waitlist. So the check first brings the demo into that state, then starts it again as a new
// user would, and counts only what the second start's simulator books at its own steady pace.
//
// 1. `npm start -- --fresh` with the simulator booking far faster than the chairs are used
//    (--fill-bookings-per-hour per center and simulated hour, 120 by default, against the demo's
//    1.2–1.9; with --fill-patients patients, so a patient's own diary is not what stops a booking),
//    until the simulator says every center's 12-hour horizon has no chair free ("no chair free in
//    the next 12 h"), at least --first-run-seconds, and until it shows re-plans (below).
// 2. Plain `npm start` on the same databases, with the demo's own settings. What it says about full
//    horizons is shown (the visits the first start played no longer hold their chairs, so it may
//    find a few free ones first). It must say when each center's opening book (the few bookings a
//    start makes at once) is made, and then book steadily: only appointments created after the last
//    opening book was made count, at least --min-steady-bookings of them within 60 s of "Chairside
//    is running" (those in --steady-seconds are shown). Bookings, sessions (session rows) and
//    patient messages must grow within 60 s, and a session step must be played during the run.
//
// Each start must also show re-plans (issue 17): at least one proposal of each kind (a session
// overrun, a sick call, a chair outage) and one applied, counted in scheduling's replan_proposal rows
// made since that start, within --replans-minutes of its "Chairside is running". Either start
// printing an error- or warn-level line (kafkajs's `error Response CreateTopics` among them), a
// service exiting, or a Ctrl-C (SIGINT to the process group, as a terminal sends) that does not end
// it with 0 within 20 s fails the check.
//
// It runs beside other work on one machine: databases `democheck_<service>`, a Kafka broker of its
// own (KAFKA_STATE_DIR in a temporary directory, removed at the end) and ports 47301–47314, all
// overridable through the same variables `npm start` reads.
//   npm run demo:check [-- --first-run-seconds 60 --replans-minutes 5 --steady-seconds 240 --min-steady-bookings 3]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ROOT } from './steps.mjs';

const { values: options } = parseArgs({
  options: {
    'first-run-seconds': { type: 'string', default: '60' },
    'replans-minutes': { type: 'string', default: '5' },
    'fill-bookings-per-hour': { type: 'string', default: '120' },
    'fill-patients': { type: 'string', default: '300' },
    'fill-minutes': { type: 'string', default: '8' },
    'steady-seconds': { type: 'string', default: '240' },
    'min-steady-bookings': { type: 'string', default: '3' },
  },
});
const FIRST_RUN_MS = Number(options['first-run-seconds']) * 1000;
const REPLANS_WITHIN_MS = Number(options['replans-minutes']) * 60_000;
const FILL_WITHIN_MS = Number(options['fill-minutes']) * 60_000;
const STEADY_MS = Number(options['steady-seconds']) * 1000;
const MIN_STEADY = Number(options['min-steady-bookings']);
const ACTIVITY_WITHIN_MS = 60_000;
const STOP_WITHIN_MS = 20_000;
// npm start colours each service's name.
const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

const sim = await import('../../apps/simulator/dist/index.js');
const CENTER_NAMES = sim.DEMO_CENTERS.map((c) => c.name);
const PACE = 30;
// The steady bookings the demo makes: the centers' capacity rates (80% of their chair time, per
// simulated hour) at ×30, about 2.3 a real minute together, drawn as a Poisson process. Its draws
// are seeded (DEMO_SEED 1, the demo's own), so every start books at the same offsets after its
// opening book: Sydney at 7, 9, 14, 42, 122 and 233 s, Madrid at 132, 132, 199, 205 and 232 s,
// Chicago at 265 s. So the first minute has 4, and 3 (--min-steady-bookings) are asked within
// 60 s of "Chairside is running"; a center that booked nothing after a full day would leave 0.
const perMinute = (sim.DEMO_CENTERS.reduce((sum, c) => sum + sim.capacityBookingsPerHour(c), 0) * PACE) / 60;
const EXPECTED_STEADY = (perMinute * STEADY_MS) / 60_000;

const stateDir = mkdtempSync(join(tmpdir(), 'chairside-demo-check-kafka-'));
const defaults = {
  DATABASE_NAME_PREFIX: 'democheck',
  KAFKA_STATE_DIR: stateDir,
  KAFKA_PORT: '47301',
  KAFKA_CONTROLLER_PORT: '47302',
  SCHEDULING_PORT: '47303',
  SESSIONS_PORT: '47304',
  NOTIFICATIONS_PORT: '47305',
  REPORTING_PORT: '47306',
  CONSOLE_PORT: '47307',
  DEMO_SMTP_PORT: '47308',
  DEMO_MESSAGES_PORT: '47309',
};
const env = { ...process.env };
for (const [name, value] of Object.entries(defaults)) env[name] ??= value;
// `npm start` launches the broker named by KAFKA_STATE_DIR; a KAFKA_BROKERS would name another.
if (!process.env.KAFKA_STATE_DIR) delete env.KAFKA_BROKERS;
env.KAFKA_HEAP_OPTS ??= '-Xms128m -Xmx384m';
// The second start is the demo as a user gets it: none of the first start's fill settings.
for (const name of ['DEMO_BOOKINGS_PER_HOUR', 'DEMO_PATIENTS', 'DEMO_INITIAL_BOOKINGS', 'DEMO_SEED', 'DEMO_PACE'])
  delete env[name];

const portNames = Object.keys(defaults).filter((k) => k.endsWith('_PORT'));
for (const name of portNames)
  if (!(await portFree(Number(env[name])))) fail(`port ${env[name]} (${name}) is taken; set ${name} to a free one`);

const COUNTS = {
  bookings: ['scheduling', 'SELECT count(*) FROM appointment'],
  sessions: ['sessions', 'SELECT count(*) FROM session'],
  'session steps': ['sessions', 'SELECT count(*) FROM session_step'],
  messages: ['notifications', 'SELECT count(*) FROM message'],
};

/**
 * Appointments created since $1, by center: how many start on a later local date than the center's
 * today (where a full day sends them). Holds scheduling makes for the waitlist ('proposed') are not
 * bookings the simulator made.
 */
const BOOKED_SINCE_SQL = `
  SELECT l.name, count(*)::int AS booked,
         count(*) FILTER (WHERE (a.starts_at AT TIME ZONE l.time_zone)::date > (now() AT TIME ZONE l.time_zone)::date)::int AS "on later days"
    FROM appointment a JOIN location l ON l.id = a.location_id
   WHERE a.created_at > $1 AND a.created_at <= $2 AND a.status <> 'proposed'
   GROUP BY l.name ORDER BY l.name`;

/** What each center has booked in the next 12 hours (the horizon a start searches first), and from when to when. */
const HORIZON_SQL = `
  SELECT l.name, count(a.id)::int AS booked,
         to_char(min(a.starts_at) AT TIME ZONE l.time_zone, 'HH24:MI') AS first,
         to_char(max(a.starts_at) AT TIME ZONE l.time_zone, 'Dy HH24:MI') AS last
    FROM location l LEFT JOIN appointment a
      ON a.location_id = l.id AND a.status IN ('booked', 'proposed') AND a.starts_at >= now() AND a.starts_at < now() + interval '12 hours'
   GROUP BY l.name, l.time_zone ORDER BY l.name`;

/**
 * Re-plan proposals made since `since`, by what caused them, and how many were applied; "on Today"
 * counts those whose appointment was planned on the date a center's Today board shows now (its
 * real local date), i.e. what a charge nurse opening the console sees.
 */
const REPLANS_SQL = `
  SELECT count(*) FILTER (WHERE p.cause = 'session_overrun') AS overrun,
         count(*) FILTER (WHERE p.cause = 'nurse_shift_removed') AS "sick call",
         count(*) FILTER (WHERE p.cause = 'chair_outage') AS outage,
         count(*) FILTER (WHERE p.status = 'applied') AS applied,
         count(*) FILTER (WHERE p.cause = 'session_overrun' AND p.on_today) AS "overrun on Today",
         count(*) FILTER (WHERE p.cause = 'nurse_shift_removed' AND p.on_today) AS "sick call on Today",
         count(*) FILTER (WHERE p.cause = 'chair_outage' AND p.on_today) AS "outage on Today",
         count(*) FILTER (WHERE p.status = 'applied' AND p.on_today) AS "applied on Today"
    FROM (SELECT p.cause, p.status,
                 (p.previous_starts_at AT TIME ZONE l.time_zone)::date = (now() AT TIME ZONE l.time_zone)::date AS on_today
            FROM replan_proposal p JOIN location l ON l.id = p.location_id
           WHERE p.proposed_at >= $1) p`;
const REPLAN_KINDS = ['overrun', 'sick call', 'outage', 'applied'];

const problems = [];
try {
  // 1. The state of the complaint: today's chairs full at every center.
  let firstReplans;
  let firstFull;
  const first = await runStart(
    ['--fresh'],
    { DEMO_BOOKINGS_PER_HOUR: options['fill-bookings-per-hour'], DEMO_PATIENTS: options['fill-patients'] },
    async (runningAt, launchedAt, seen) => {
      console.log(
        `[demo:check] first start is running, booking ${options['fill-bookings-per-hour']} an hour per center; letting it run ${FIRST_RUN_MS / 1000} s, until every center's 12-hour horizon is full (at most ${FILL_WITHIN_MS / 60_000} min) and until it shows re-plans of each kind and one applied (at most ${REPLANS_WITHIN_MS / 60_000} min)`,
      );
      firstFull = await waitForFull(seen, runningAt + FILL_WITHIN_MS);
      firstReplans = await waitForReplans(runningAt, launchedAt);
      await sleep(runningAt + FIRST_RUN_MS - Date.now());
    },
  );
  const afterFirst = await counts();
  console.log(`[demo:check] after the first start: ${format(afterFirst)}`);
  console.log('[demo:check] booked in the next 12 hours at each center before the second start:');
  for (const row of await query('scheduling', HORIZON_SQL))
    console.log(`    ${row.name}: ${row.booked} appointments${row.booked ? `, ${row.first} to ${row.last} local` : ''}`);

  // 2. A new user's second start: the demo's own pace, and nothing but the databases left from the first.
  /** When each count first grew past what the first start left, in seconds after "Chairside is running". */
  const firstGrew = {};
  const grewBy = new Set();
  let atMinute;
  let sinceRunning;
  let secondFull;
  let opening;
  let steady;
  let secondReplans;
  const second = await runStart([], {}, async (runningAt, launchedAt, seen) => {
    const activityBy = runningAt + ACTIVITY_WITHIN_MS;
    let openingDoneAt;
    let steadyUntil = Infinity;
    const runningSince = new Date(runningAt);
    for (;;) {
      const now = Date.now();
      const counted = await counts();
      for (const [label, value] of Object.entries(counted))
        if (value > afterFirst[label] && firstGrew[label] === undefined) firstGrew[label] = (now - runningAt) / 1000;
      if (now <= activityBy) atMinute = Object.fromEntries(Object.entries(counted).map(([k, v]) => [k, v - afterFirst[k]]));
      if (!openingDoneAt && CENTER_NAMES.every((name) => seen.opening.has(name))) {
        openingDoneAt = Math.max(...CENTER_NAMES.map((name) => seen.opening.get(name).at));
        steadyUntil = openingDoneAt + STEADY_MS;
        opening = { seconds: (openingDoneAt - runningAt) / 1000, lines: CENTER_NAMES.map((name) => seen.opening.get(name).line) };
        console.log(
          `[demo:check] ${opening.seconds.toFixed(1)} s: every center's opening book is made; counting the bookings made from now on for ${STEADY_MS / 1000} s (${EXPECTED_STEADY.toFixed(1)} expected at the centers' capacity rates ×${PACE})`,
        );
      }
      if (openingDoneAt) {
        const rows = await query('scheduling', BOOKED_SINCE_SQL, [new Date(openingDoneAt), new Date(steadyUntil)]);
        if (now >= steadyUntil) {
          const inMinute = await query('scheduling', BOOKED_SINCE_SQL, [new Date(openingDoneAt), new Date(activityBy)]);
          steady = { final: rows, inMinute, met: inMinute.reduce((sum, r) => sum + r.booked, 0) >= MIN_STEADY };
          break;
        }
      }
      if (!openingDoneAt && now > runningAt + ACTIVITY_WITHIN_MS) break;
      await sleep(2_000);
    }
    secondFull = await waitForFull(seen, Date.now());
    secondReplans = await waitForReplans(runningAt, launchedAt);
    // A count that grew while the re-plans were waited for: by now (an upper bound, marked "by").
    const now = Date.now();
    for (const [label, value] of Object.entries(await counts()))
      if (value > afterFirst[label] && firstGrew[label] === undefined) {
        firstGrew[label] = (now - runningAt) / 1000;
        grewBy.add(label);
      }
    // Everything the second start booked since "Chairside is running", the opening book included.
    sinceRunning = await query('scheduling', BOOKED_SINCE_SQL, [runningSince, new Date()]);
  });
  const afterSecond = await counts();
  console.log(`[demo:check] after the second start: ${format(afterSecond)}`);
  for (const [label, run] of [
    ['first', first],
    ['second', second],
  ]) {
    console.log(
      `[demo:check] ${label} start: running ${run.upSeconds.toFixed(1)} s after launch; Ctrl-C → npm ended (${run.npmExit}) in ${run.stopSeconds.toFixed(1)} s, start.mjs ${run.code === 0 ? 'stopped cleanly' : 'did not stop cleanly'}, ${run.survivors.length} of its processes left; ${run.bad.length} error/warn lines`,
    );
    if (run.survivors.length) problems.push(`${label} start left processes running: ${run.survivors.join(', ')}`);
    for (const line of run.bad) problems.push(`${label} start printed: ${line}`);
    if (run.code !== 0) problems.push(`${label} start exited ${run.code} after Ctrl-C`);
    if (run.stopSeconds * 1000 > STOP_WITHIN_MS) problems.push(`${label} start took ${run.stopSeconds} s to stop`);
  }
  for (const [label, full] of [
    ['first', firstFull],
    ['second', secondFull],
  ]) {
    if (!full) continue;
    console.log(
      `[demo:check] ${label} start: the 12-hour horizon found full at ${full.centers.map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(', ') || 'no center'} after "Chairside is running"`,
    );
    const missing = CENTER_NAMES.filter((name) => !full.centers.some(([n]) => n === name));
    // Asked of the first start only: the visits it played finished and no longer hold their chairs
    // (and cancellations freed some), so the second start may take those first; what it says is shown.
    if (label === 'first' && missing.length)
      problems.push(`the first start never found the 12-hour horizon full at ${missing.join(', ')}`);
  }
  if (opening)
    for (const line of opening.lines) console.log(`[demo:check] second start, ${opening.seconds.toFixed(1)} s: ${line}`);
  else problems.push(`the second start did not say every center's opening book was made within ${ACTIVITY_WITHIN_MS / 1000} s`);
  const byCenter = (rows) => rows.map((r) => `${r.name} ${r.booked} (${r['on later days']} on later days)`).join(', ') || 'none';
  if (steady) {
    console.log(
      `[demo:check] second start, steady bookings (created after the opening book) within ${ACTIVITY_WITHIN_MS / 1000} s of "Chairside is running": ${byCenter(steady.inMinute)}; ${MIN_STEADY} or more ${steady.met ? 'met' : 'NOT met'} (${perMinute.toFixed(1)} a minute at the capacity rates)`,
    );
    console.log(
      `[demo:check] second start, steady bookings in ${STEADY_MS / 1000} s after the opening book: ${byCenter(steady.final)} (${EXPECTED_STEADY.toFixed(1)} expected)`,
    );
    if (!steady.met)
      problems.push(
        `the second start booked fewer than ${MIN_STEADY} appointments after its opening book within ${ACTIVITY_WITHIN_MS / 1000} s of "Chairside is running"`,
      );
  }
  console.log(
    `[demo:check] second start, first growth after "Chairside is running": ${Object.keys(COUNTS)
      .map(
        (label) =>
          `${label} ${firstGrew[label] === undefined ? 'never' : `${grewBy.has(label) ? 'by ' : ''}${firstGrew[label].toFixed(1)} s`}`,
      )
      .join(', ')}; at ${ACTIVITY_WITHIN_MS / 1000} s: ${atMinute ? format(atMinute, '+') : 'not counted'}`,
  );
  // What a new user sees within the minute: appointments on the Today board and messages to patients.
  // Steps played come when the simulated clock reaches the first visit the first start left unplayed,
  // so they are asked of the whole second run.
  for (const label of ['bookings', 'sessions', 'messages'])
    if (!(firstGrew[label] <= ACTIVITY_WITHIN_MS / 1000))
      problems.push(`the second start showed no new ${label} within ${ACTIVITY_WITHIN_MS / 1000} s`);
  if (firstGrew['session steps'] === undefined) problems.push('the second start played no session step');
  if (sinceRunning)
    console.log(
      `[demo:check] second start, everything booked since "Chairside is running" (opening book included): ${byCenter(sinceRunning)}`,
    );
  for (const [label, seen] of [
    ['first', firstReplans],
    ['second', secondReplans],
  ]) {
    if (!seen) continue;
    console.log(
      `[demo:check] ${label} start: re-plan proposals ${seen.met ? 'of each kind and one applied' : 'NOT of each kind and one applied'} within ${seen.seconds.toFixed(1)} s of "Chairside is running": ${format(seen.counts)}`,
    );
    if (!seen.met)
      problems.push(
        `the ${label} start did not show re-plan proposals of each kind and one applied within ${REPLANS_WITHIN_MS / 60_000} min (${format(seen.counts)})`,
      );
  }
} catch (error) {
  problems.push(error.message);
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
if (problems.length) {
  for (const p of problems) console.error(`[demo:check] FAIL ${p}`);
  process.exit(1);
}
console.log('[demo:check] OK');

/** Waits until the simulator has said every center's horizon is full, or `deadline`; which were, and when. */
async function waitForFull(seen, deadline) {
  while (!CENTER_NAMES.every((name) => seen.full.has(name)) && Date.now() < deadline) await sleep(1_000);
  return { centers: [...seen.full].map(([name, at]) => [name, (at - seen.runningAt) / 1000]) };
}

/**
 * Runs `npm start <args>` in its own process group, as a terminal would; once it prints "Chairside is
 * running" awaits whileRunning(runningAt, launchedAt, seen), then sends Ctrl-C (SIGINT to the group).
 * `seen` fills as the simulator says, per center, that its horizon is full and its opening book made.
 */
async function runStart(args, extraEnv, whileRunning) {
  const launchedAt = Date.now();
  const settings = Object.entries(extraEnv).map(([k, v]) => `${k}=${v} `);
  console.log(`[demo:check] ${new Date().toISOString()} ${settings.join('')}npm start ${args.join(' ')}`);
  const seen = { runningAt: undefined, full: new Map(), opening: new Map() };
  const child = spawn('npm', ['start', '--silent', ...(args.length ? ['--', ...args] : [])], {
    cwd: ROOT,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const bad = [];
  /** What npm start says it started: the services, the console and the broker. */
  const pids = [];
  let stoppedCleanly = false;
  let buffer = '';
  let runningAt;
  const running = new Promise((resolve) => {
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (chunk) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop();
        for (const raw of lines) {
          const line = raw.replace(ANSI_COLOR, '');
          if (
            /^\[[a-z]+\] (error|warn|fatal)\b|error Response (CreateTopics|ListOffsets)|\] \w+ exited \(|did not stop|not stopped after|killing what is left/.test(
              line,
            )
          )
            bad.push(line);
          if (
            /\[demo\] so far|\[start\]|\[kafka\]|^\[[a-z]+\] (error|warn|fatal)|^\[simulator\] (overrun|sick call|outage) at|: no chair free in|: opening book made/.test(
              line,
            )
          )
            console.log(`    ${line}`);
          const said = /^\[simulator\] (.+?): (no chair free in|opening book made)/.exec(line);
          if (said?.[2] === 'no chair free in' && !seen.full.has(said[1])) seen.full.set(said[1], Date.now());
          if (said?.[2] === 'opening book made') seen.opening.set(said[1], { at: Date.now(), line });
          for (const [, pid] of line.matchAll(/\((?:pid )?(\d+)\)$/g))
            if (/^\[(start|kafka)\]/.test(line)) pids.push(Number(pid));
          if (line === '[start] stopped') stoppedCleanly = true;
          if (line.startsWith('Chairside is running')) {
            runningAt = Date.now();
            seen.runningAt = runningAt;
            resolve();
          }
        }
      });
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const outcome = await Promise.race([running.then(() => 'running'), exited.then((code) => `exited ${code}`)]);
  if (outcome !== 'running') throw new Error(`npm start ${args.join(' ')} ${outcome} before it was running`);
  await whileRunning(runningAt, launchedAt, seen);
  const interruptedAt = Date.now();
  process.kill(-child.pid, 'SIGINT');
  const code = await Promise.race([exited, sleep(STOP_WITHIN_MS + 10_000).then(() => 'hung')]);
  if (code === 'hung') {
    process.kill(-child.pid, 'SIGKILL');
    throw new Error(`npm start ${args.join(' ')} did not end within ${(STOP_WITHIN_MS + 10_000) / 1000} s of Ctrl-C`);
  }
  // npm ends a script stopped by Ctrl-C by raising SIGINT on itself (a shell shows 130), whatever the
  // script's exit code; start.mjs's own clean end is its "[start] stopped" line (then exit 0).
  const stopSeconds = (Date.now() - interruptedAt) / 1000;
  await sleep(500);
  return {
    code: code === 0 || (code === 'SIGINT' && stoppedCleanly) ? 0 : code,
    npmExit: code,
    survivors: pids.filter(isAlive),
    bad,
    upSeconds: (runningAt - launchedAt) / 1000,
    stopSeconds,
  };
}

/** Polls the re-plan proposals made since the start was launched until each kind and one applied are there, or the time is up. */
async function waitForReplans(runningAt, launchedAt) {
  const deadline = runningAt + REPLANS_WITHIN_MS;
  let counts = {};
  let lastPrinted = Date.now();
  for (;;) {
    counts = await replanCounts(new Date(launchedAt));
    const met = REPLAN_KINDS.every((kind) => counts[kind] > 0);
    if (met || Date.now() >= deadline) return { met, counts, seconds: (Date.now() - runningAt) / 1000 };
    if (Date.now() - lastPrinted >= 30_000) {
      lastPrinted = Date.now();
      console.log(`[demo:check] ${((Date.now() - runningAt) / 1000).toFixed(0)} s: re-plan proposals ${format(counts)}`);
    }
    await sleep(2_000);
  }
}

async function replanCounts(since) {
  const client = new pg.Client({
    host: env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(env.DATABASE_PORT ?? 5432),
    user: env.DATABASE_USER ?? 'postgres',
    password: env.DATABASE_PASSWORD || undefined,
    database: `${env.DATABASE_NAME_PREFIX}_scheduling`,
  });
  await client.connect();
  try {
    const [row] = (await client.query(REPLANS_SQL, [since])).rows;
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  } finally {
    await client.end();
  }
}

async function query(service, sql, params = []) {
  const client = new pg.Client({
    host: env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(env.DATABASE_PORT ?? 5432),
    user: env.DATABASE_USER ?? 'postgres',
    password: env.DATABASE_PASSWORD || undefined,
    database: `${env.DATABASE_NAME_PREFIX}_${service}`,
  });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function counts() {
  const result = {};
  for (const [label, [service, sql]] of Object.entries(COUNTS)) {
    const client = new pg.Client({
      host: env.DATABASE_HOST ?? '127.0.0.1',
      port: Number(env.DATABASE_PORT ?? 5432),
      user: env.DATABASE_USER ?? 'postgres',
      password: env.DATABASE_PASSWORD || undefined,
      database: `${env.DATABASE_NAME_PREFIX}_${service}`,
    });
    await client.connect();
    try {
      result[label] = Number((await client.query(sql)).rows[0].count);
    } finally {
      await client.end();
    }
  }
  return result;
}

function format(counts, sign = '') {
  return Object.entries(counts)
    .map(([k, v]) => `${sign}${v} ${k}`)
    .join(', ');
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // An exited process not yet reaped (a zombie) still answers signal 0.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function fail(message) {
  console.error(`[demo:check] ${message}`);
  process.exit(1);
}
