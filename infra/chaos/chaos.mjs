// npm run chaos — a simulated day with faults, then audits.
//   During the day: Kafka stops for 30 s, PostgreSQL restarts, and each service is killed with
//   SIGKILL once (and started again, as an orchestrator would). Afterwards, with everything
//   settled, the audits must find no double booking, no lost or doubled effect, no duplicate
//   message, and reporting equal to a clean replay of every topic into an empty database.
//   Any 5xx other than 503 (the answer while something is down) also fails the run.
//   Exits 1 when an audit fails. Knobs: CHAOS_CENTERS (4), CHAOS_CHAIRS (8), CHAOS_SECONDS (150), CHAOS_SEED (7).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { preparePlatformScript } from '../dev/platform-script.mjs';

const run = promisify(execFile);
const KAFKA = fileURLToPath(new URL('../kafka/kafka.sh', import.meta.url));
const CENTERS = Number(process.env.CHAOS_CENTERS ?? 4);
const CHAIRS = Number(process.env.CHAOS_CHAIRS ?? 8);
const SECONDS = Number(process.env.CHAOS_SECONDS ?? 150);
const SEED = Number(process.env.CHAOS_SEED ?? 7);
process.env.LOG_LEVEL ??= 'warn';
const {
  postgres,
  testing: t,
  simulator: sim,
  dataSources: sources,
  stopInfrastructure,
  machineToken,
} = await preparePlatformScript('chaos');

const t0 = Date.now();
const log = (line) => console.log(`[chaos +${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${line}`);
const sleepUntil = (second) => new Promise((r) => setTimeout(r, Math.max(0, t0 + second * 1000 - Date.now())));

/**
 * The local PostgreSQL cluster the run uses (the one on DATABASE_PORT, so a run against a cluster of
 * its own leaves the machine's other clusters alone), restarted the way its packaging does it;
 * embedded PostgreSQL through its own API.
 */
async function restartPostgres() {
  if (postgres.restart) return postgres.restart();
  const port = process.env.DATABASE_PORT ?? '5432';
  const { stdout } = await run('pg_lsclusters', ['--no-header']);
  const cluster = stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields[2] === port);
  if (!cluster) throw new Error(`no local PostgreSQL cluster on port ${port} (pg_lsclusters)`);
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', cluster[0], cluster[1], 'restart', '-m', 'fast'], {
    timeout: 120_000,
  });
}

const platform = await t.PlatformRun.start({
  label: 'chaos',
  dataSources: sources,
  env: { LOG_LEVEL: process.env.LOG_LEVEL, DISPATCH_INTERVAL_MS: '200', KAFKA_SESSION_TIMEOUT_MS: '6000' },
});
log(`platform up: ${JSON.stringify(platform.pids())}`);
const api = new sim.Api(platform.urls, machineToken('chairside-chaos'), new sim.Tally(), 300_000);
const centers = [];
for (const spec of sim.fleet(CENTERS, CHAIRS, `Chaos ${platform.id}`, 2)) centers.push(await sim.ensureCenter(api, spec));
const patients = await sim.createPatients(api, new sim.Random(SEED), CENTERS * CHAIRS * 3, platform.id);
const simulation = new sim.Simulation({
  api,
  centers,
  patients,
  seed: SEED,
  pace: 240,
  bookingsPerHour: 30,
  horizonHours: 5,
  durationMs: SECONDS * 1000,
  playUntilMs: (SECONDS + 60) * 1000,
  log,
});
const t1 = Date.now();
log(`simulating ${CENTERS} centers × ${CHAIRS} chairs for ${SECONDS} s`);
const day = simulation.run();

const faults = [];
await sleepUntil(20);
log('fault: Kafka stops for 30 s');
await run('bash', [KAFKA, 'stop'], { timeout: 120_000 });
faults.push('Kafka stopped 30 s');
await new Promise((r) => setTimeout(r, 30_000));
await run('bash', [KAFKA, 'start'], { timeout: 300_000 });
log('Kafka is back');
await sleepUntil(70);
log('fault: PostgreSQL restarts');
await restartPostgres();
faults.push('PostgreSQL restarted');
log('PostgreSQL is back');
const { SERVICE_NAMES } = await import('../../libs/contracts/dist/services.js');
for (const [i, service] of SERVICE_NAMES.entries()) {
  await sleepUntil(90 + i * 12);
  log(`fault: SIGKILL ${service}`);
  await platform.restart(service, 0, 'kill', 2_000);
  faults.push(`${service} killed`);
}
await day;
log(`day over: ${JSON.stringify(simulation.tally)}`);
await t.quiesce(platform, { timeoutMs: 600_000 });
log('settled; auditing');
const audit = await t.auditPlatform(platform);
const replay = await t.compareWithCleanReplay(platform, sources.reporting);
// Outages answer 503 (retry) by design; any other 5xx is a bug the run must report.
const serverErrors = Object.entries(simulation.tally.toJSON()).filter(([key]) => /\b5\d\d$/.test(key) && !/ 503$/.test(key));
const problems = [...audit.problems, ...replay, ...serverErrors.map(([key, n]) => `${n} × ${key}`)];
const errorLines = platform
  .errors()
  .filter((e) => !/kafkajs|consumer crashed; kafkajs restarts it|database unavailable/.test(e.line));
console.log(`
Fault run (${new Date(t1).toISOString()}): ${CENTERS} centers × ${CHAIRS} chairs, seed ${SEED}, ${SECONDS} s of booking at pace ×240.
Faults: ${faults.join('; ')}.
Simulator: ${JSON.stringify(simulation.tally)}
Audit: ${JSON.stringify(audit.figures)}
Reporting vs a clean replay from offset 0: ${replay.length ? replay.join('; ') : 'identical'}
Server errors logged by the services (outside Kafka's and the database's expected outage messages): ${errorLines.length}${errorLines
  .slice(0, 5)
  .map((e) => `\n  ${e.service}: ${e.line.slice(0, 400)}`)
  .join('')}
Result: ${problems.length ? `FAILED\n  ${problems.join('\n  ')}` : 'no lost event, no double effect, no double booking, no duplicate message'}
`);
await platform.stop({ keepDatabases: problems.length > 0 });
if (problems.length)
  console.log(
    `Databases kept for inspection: ${Object.values(platform.databases)
      .map((d) => d.name)
      .join(', ')}`,
  );
await stopInfrastructure();
process.exit(problems.length ? 1 : 0);
