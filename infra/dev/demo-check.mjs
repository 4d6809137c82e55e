// `npm run demo:check`: the demo stays alive (issue 21 item 6). Runs `npm start` twice on the same
// databases, the first with --fresh, the second plain, as a new user starting it again would; each
// is stopped with a terminal's Ctrl-C (SIGINT to its process group). After the second start says
// "Chairside is running" it counts new bookings (scheduling's appointment rows), sessions (sessions'
// session rows and the steps played in them) and patient messages (notifications' message rows)
// every second, and passes when all have grown within a minute. Either start printing an error- or
// warn-level line (kafkajs's `error Response CreateTopics` among them), a service exiting, or a
// Ctrl-C that does not end it with 0 within 20 s fails the check.
//
// It runs beside other work on one machine: databases `democheck_<service>`, a Kafka broker of its
// own (KAFKA_STATE_DIR in a temporary directory, removed at the end) and ports 47301–47314, all
// overridable through the same variables `npm start` reads.
//   npm run demo:check [-- --first-run-seconds 60]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ROOT } from './steps.mjs';

const { values: options } = parseArgs({
  options: { 'first-run-seconds': { type: 'string', default: '60' } },
});
const FIRST_RUN_MS = Number(options['first-run-seconds']) * 1000;
const ACTIVITY_WITHIN_MS = 60_000;
const STOP_WITHIN_MS = 20_000;
// npm start colours each service's name.
const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

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

const portNames = Object.keys(defaults).filter((k) => k.endsWith('_PORT'));
for (const name of portNames)
  if (!(await portFree(Number(env[name])))) fail(`port ${env[name]} (${name}) is taken; set ${name} to a free one`);

const COUNTS = {
  bookings: ['scheduling', 'SELECT count(*) FROM appointment'],
  sessions: ['sessions', 'SELECT count(*) FROM session'],
  'session steps': ['sessions', 'SELECT count(*) FROM session_step'],
  messages: ['notifications', 'SELECT count(*) FROM message'],
};

const problems = [];
try {
  const first = await runStart(['--fresh'], async () => {
    console.log(`[demo:check] first start is running; letting it run ${FIRST_RUN_MS / 1000} s`);
    await sleep(FIRST_RUN_MS);
  });
  const afterFirst = await counts();
  console.log(`[demo:check] after the first start: ${format(afterFirst)}`);

  let grown;
  const second = await runStart([], async (runningAt) => {
    const deadline = runningAt + ACTIVITY_WITHIN_MS;
    while (Date.now() < deadline) {
      const now = await counts();
      const delta = Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - afterFirst[k]]));
      if (delta.bookings > 0 && delta.sessions > 0 && delta.messages > 0) {
        grown = { delta, seconds: (Date.now() - runningAt) / 1000 };
        break;
      }
      await sleep(1_000);
    }
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
  if (grown)
    console.log(
      `[demo:check] second start: ${format(grown.delta, '+')} within ${grown.seconds.toFixed(1)} s of "Chairside is running"`,
    );
  else problems.push(`the second start showed no new bookings, sessions and messages within ${ACTIVITY_WITHIN_MS / 1000} s`);
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

/**
 * Runs `npm start <args>` in its own process group, as a terminal would; once it prints "Chairside is
 * running" awaits whileRunning(runningAt), then sends Ctrl-C (SIGINT to the group).
 */
async function runStart(args, whileRunning) {
  const launchedAt = Date.now();
  console.log(`[demo:check] ${new Date().toISOString()} npm start ${args.join(' ')}`);
  const child = spawn('npm', ['start', '--silent', ...(args.length ? ['--', ...args] : [])], {
    cwd: ROOT,
    env,
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
          if (/\[demo\] so far|\[start\]|\[kafka\]|^\[[a-z]+\] (error|warn|fatal)/.test(line)) console.log(`    ${line}`);
          for (const [, pid] of line.matchAll(/\((?:pid )?(\d+)\)$/g))
            if (/^\[(start|kafka)\]/.test(line)) pids.push(Number(pid));
          if (line === '[start] stopped') stoppedCleanly = true;
          if (line.startsWith('Chairside is running')) {
            runningAt = Date.now();
            resolve();
          }
        }
      });
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const outcome = await Promise.race([running.then(() => 'running'), exited.then((code) => `exited ${code}`)]);
  if (outcome !== 'running') throw new Error(`npm start ${args.join(' ')} ${outcome} before it was running`);
  await whileRunning(runningAt);
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
