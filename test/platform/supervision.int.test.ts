import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { SERVICE_NAMES } from '@chairside/contracts';
import { databaseConfigFromEnv, dropDatabase } from '@chairside/database';
import { call, CenterFixture, freePort, testRunId, tokenFor, useOwnTopics, waitFor } from '@chairside/testing';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ZONE = 'Europe/Madrid';

/**
 * `npm start` itself (infra/dev/start.mjs, without the build and the demo) on fresh databases, topics and
 * consumer groups: a service killed is started again and applies the events it missed; Ctrl-C after
 * that crash ends every process it started within 20 s.
 */
describe('npm start keeps the platform up and Ctrl-C ends it', () => {
  const restoreTopics = useOwnTopics('supervision');
  afterAll(restoreTopics);
  const runId = testRunId('supervision');
  let start: ChildProcess | undefined;
  let output = '';
  const pids = new Map<string, number[]>();

  afterAll(async () => {
    if (start && start.exitCode === null && start.signalCode === null) start.kill('SIGKILL');
    for (const list of pids.values()) for (const pid of list) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (const service of SERVICE_NAMES)
      await dropDatabase(databaseConfigFromEnv(service, { ...process.env, DATABASE_NAME: `${runId}_${service}` }));
  });

  it('restarts a killed service, which then applies what it missed; Ctrl-C after the crash ends everything within 20 s', async () => {
    const ports = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (s) => [s, await freePort()] as const)));
    start = spawn(process.execPath, ['infra/dev/start.mjs', '--no-build', '--no-demo'], {
      cwd: ROOT,
      env: {
        ...process.env,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
        KAFKA_SESSION_TIMEOUT_MS: '10000',
        DATABASE_NAME_PREFIX: runId,
        // Nothing is delivered to patients here; no message sinks are started.
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: '9',
        SMS_API_URL: 'http://127.0.0.1:9',
        ...Object.fromEntries(SERVICE_NAMES.flatMap((s) => [[`${s.toUpperCase()}_PORT`, String(ports[s])]])),
        CONSOLE_PORT: String(await freePort()),
        ...Object.fromEntries(SERVICE_NAMES.map((s) => [`${s.toUpperCase()}_KAFKA_CONSUMER_GROUP`, `${runId}-${s}`])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [start.stdout!, start.stderr!])
      stream.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        for (const [, name, pid] of chunk.toString().matchAll(/\[start\] (\w+) started (?:again )?\(pid (\d+)\)/g))
          pids.set(name!, [...(pids.get(name!) ?? []), Number(pid)]);
      });
    const url = (service: (typeof SERVICE_NAMES)[number]) => `http://127.0.0.1:${ports[service]}`;
    await waitFor(() => output.includes('Chairside is running'), { timeoutMs: 60_000, what: `npm start is running:\n${output}` });

    const day = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf('day');
    const center = await new CenterFixture(url('scheduling'), ZONE, day).create({ chairs: 1, nurses: 1, capacity: 4 });
    const [patient] = await center.patients(1);
    const scheduler = tokenFor(['scheduler'], [center.locationId]);
    const nurse = tokenFor(['nurse'], [center.locationId]);
    const board = () =>
      call('GET', `${url('sessions')}/locations/${center.locationId}/board?date=${day.toISODate()}`, { token: nurse });
    await waitFor(async () => (await board()).status === 200, { what: 'sessions knows the location' });

    // A crash: sessions is killed, and while it is down a booking is made.
    const [crashed] = pids.get('sessions')!;
    process.kill(crashed!, 'SIGKILL');
    const booked = await call('POST', `${url('scheduling')}/locations/${center.locationId}/appointments`, {
      token: scheduler,
      body: { patientId: patient, therapyCode: 'iron', startsAt: center.at(9) },
    });
    expect(booked.status).toBe(201);
    await waitFor(() => (pids.get('sessions') ?? []).length === 2, { timeoutMs: 15_000, what: 'sessions started again' });
    expect(output).toMatch(/\[start\] sessions exited \(SIGKILL\); restarting it/);
    const seen = await waitFor(
      async () => {
        const r = await board();
        return r.status === 200 && (r.body as { sessions: Array<{ appointmentId: string }> }).sessions.length > 0
          ? r.body
          : undefined;
      },
      { timeoutMs: 40_000, what: 'the booking made while sessions was down is on its board' },
    );
    expect((seen as { sessions: Array<{ appointmentId: string }> }).sessions.map((s) => s.appointmentId)).toEqual([
      booked.body.id,
    ]);
    // The other services kept running through it: started once each.
    for (const service of ['scheduling', 'notifications', 'reporting']) expect(pids.get(service)).toHaveLength(1);

    // Ctrl-C (SIGINT, as a terminal sends it) after the crash: every process it started is gone within 20 s.
    const interrupted = Date.now();
    const exited = new Promise<number | null>((resolve) => start!.once('exit', (code) => resolve(code)));
    start.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 20_000))),
    ]);
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(Date.now() - interrupted).toBeLessThan(20_000);
    // Every service once, sessions twice (the crash), and the console beside them.
    expect([...pids.keys()].sort()).toEqual([...SERVICE_NAMES, 'console'].sort());
    const started = [...pids.values()].flat();
    expect(started).toHaveLength(SERVICE_NAMES.length + 2);
    expect(started.filter(isAlive)).toEqual([]);
    expect(output).toContain('[start] stopped');
  }, 90_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
