// Uses the configured broker (KAFKA_BROKERS), or the local one from infra/kafka: the shared one on
// 127.0.0.1:9092, or one of this run's own (KAFKA_STATE_DIR with KAFKA_PORT and KAFKA_CONTROLLER_PORT,
// as the supervision test and `npm run demo:check` use, so they never touch the shared broker).
import { execFile, spawn } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../kafka/kafka.sh', import.meta.url));

const port = z.coerce.number().int().min(1024).max(65535);
const KafkaEnv = z
  .object({
    KAFKA_BROKERS: z
      .string()
      .regex(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, 'a comma-separated list of host:port')
      .optional(),
    KAFKA_STATE_DIR: z.string().refine(isAbsolute, 'an absolute path').optional(),
    KAFKA_PORT: port.default(9092),
    KAFKA_CONTROLLER_PORT: port.default(9093),
  })
  .superRefine((env, ctx) => {
    if (env.KAFKA_BROKERS && env.KAFKA_STATE_DIR)
      ctx.addIssue({ code: 'custom', path: ['KAFKA_STATE_DIR'], message: 'is for a local broker; KAFKA_BROKERS names another' });
    if (env.KAFKA_PORT === env.KAFKA_CONTROLLER_PORT)
      ctx.addIssue({ code: 'custom', path: ['KAFKA_CONTROLLER_PORT'], message: 'must differ from KAFKA_PORT' });
    // A broker of its own on the shared broker's ports would find them taken (or be mistaken for it).
    if (env.KAFKA_STATE_DIR && (env.KAFKA_PORT === 9092 || env.KAFKA_CONTROLLER_PORT === 9093))
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_PORT'],
        message: 'a broker with its own KAFKA_STATE_DIR needs its own KAFKA_PORT and KAFKA_CONTROLLER_PORT (not 9092/9093)',
      });
  });

/** The broker settings, or an error naming each variable that is wrong. */
export function kafkaConfig(env = process.env) {
  const parsed = KafkaEnv.safeParse(env);
  if (!parsed.success)
    throw new Error(`Kafka configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {(line: string) => void} log
 * @param {(broker: { stop: () => Promise<void>, kill: () => Promise<void> }) => void} onLaunch called as
 *   soon as a broker is being launched, before it answers, so a Ctrl-C during its start-up stops it too.
 */
export async function ensureKafka(env = process.env, log = console.log, onLaunch = () => undefined) {
  const config = kafkaConfig(env);
  if (config.KAFKA_BROKERS) {
    log(`[kafka] using ${config.KAFKA_BROKERS}`);
    return { env: {}, stop: async () => undefined };
  }
  const address = `127.0.0.1:${config.KAFKA_PORT}`;
  const scriptEnv = {
    ...env,
    KAFKA_PORT: String(config.KAFKA_PORT),
    KAFKA_CONTROLLER_PORT: String(config.KAFKA_CONTROLLER_PORT),
  };
  // The services' default is the shared broker; one of this run's own is named to them.
  const own = config.KAFKA_PORT === 9092 ? {} : { KAFKA_BROKERS: address };
  const running = await run('bash', [SCRIPT, 'status'], { env: scriptEnv }).then(
    () => true,
    () => false,
  );
  if (running) {
    log(`[kafka] using the local broker already running on ${address}`);
    return { env: own, stop: async () => undefined };
  }
  log(
    `[kafka] starting the local broker on ${address}${config.KAFKA_STATE_DIR ? ` (${config.KAFKA_STATE_DIR})` : ''} (first run fetches it from Maven Central)`,
  );
  // Its own process group (detached): the broker (java, started by kafka.sh with nohup) stays in it,
  // so until kafka.sh has written its pid file the group still names everything launched here; and a
  // terminal's Ctrl-C reaches only npm start, which stops the broker after the services.
  const launcher = spawn('bash', [SCRIPT, 'start'], { env: scriptEnv, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let launchOutput = '';
  launcher.stderr.on('data', (chunk) => (launchOutput += chunk));
  const group = launcher.pid;
  const killGroup = () => {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // the group is gone
    }
  };
  const broker = {
    env: own,
    /** Graceful (SIGTERM, kafka.sh waits for it); whatever of the launch is left is then killed. */
    stop: async () => {
      await run('bash', [SCRIPT, 'stop'], { env: scriptEnv }).catch(() => undefined);
      killGroup();
      log('[kafka] stopped');
    },
    /** When stopping takes too long, or on a second Ctrl-C: SIGKILL the broker this run launched. */
    kill: async () => {
      await run('bash', [SCRIPT, 'kill'], { env: scriptEnv, timeout: 1_500 }).catch(() => undefined);
      killGroup();
      log('[kafka] killed');
    },
  };
  onLaunch(broker);
  const code = await new Promise((resolve) => launcher.once('exit', (c, signal) => resolve(c ?? signal)));
  if (code !== 0) throw new Error(`the local broker did not start (${code}):\n${launchOutput.trim()}`);
  const pid = /started pid (\d+)/.exec(launchOutput)?.[1];
  log(`[kafka] broker answers on ${address}${pid ? ` (pid ${pid})` : ''}`);
  return broker;
}
