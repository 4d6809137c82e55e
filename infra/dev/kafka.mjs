// Uses the configured broker (KAFKA_BROKERS), or starts the local one from infra/kafka.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../kafka/kafka.sh', import.meta.url));

export async function ensureKafka(env = process.env, log = console.log) {
  if (env.KAFKA_BROKERS) {
    log(`[kafka] using ${env.KAFKA_BROKERS}`);
    return { env: {}, stop: async () => undefined };
  }
  // KAFKA_PORT (with KAFKA_HOME_DIR and KAFKA_CONTROLLER_PORT, see kafka.sh): a local broker of its own
  // on that port, e.g. for the fault run, which stops and starts the broker it uses.
  const port = env.KAFKA_PORT ?? '9092';
  const brokerEnv = env.KAFKA_PORT ? { KAFKA_BROKERS: `127.0.0.1:${port}` } : {};
  const running = await run('bash', [SCRIPT, 'status']).then(
    () => true,
    () => false,
  );
  if (running) {
    log(`[kafka] using the local broker already running on 127.0.0.1:${port}`);
    return { env: brokerEnv, stop: async () => undefined };
  }
  log('[kafka] starting the local broker (first run fetches it from Maven Central)');
  await run('bash', [SCRIPT, 'start'], { timeout: 600_000 });
  log(`[kafka] broker answers on 127.0.0.1:${port}`);
  return {
    env: brokerEnv,
    stop: () => run('bash', [SCRIPT, 'stop']).then(() => log('[kafka] stopped')),
    // When stopping takes too long, or on a second Ctrl-C: SIGKILL the broker we started.
    kill: () => run('bash', [SCRIPT, 'kill']).then(() => log('[kafka] killed')),
  };
}
