// What the single-service benchmarks share: PostgreSQL and Kafka up, topics of their own
// (`bench-…`, removed by the next test run), a fresh migrated database for the service with a
// client on it, the service's process (profiled with --cpu-prof when BENCH_PROFILE names a
// directory), and the clean-up: database dropped, infrastructure stopped if it was started here.
import { spawn } from 'node:child_process';
import pg from 'pg';
import { ensureKafka } from '../dev/kafka.mjs';
import { ensurePostgres } from '../dev/postgres.mjs';
import { ensureIdentity } from '../dev/identity.mjs';
import { migrate } from '../dev/migrate.mjs';
import { ROOT } from '../dev/steps.mjs';
import { processMemoryEnv } from '../dev/process-memory.mjs';

/** `reuse`: a database kept by an earlier run (BENCH_KEEP_DATABASE=1), migrated to this code, used and kept again. */
export async function prepareServiceBench(service, { reuse } = {}) {
  // BENCH_NAME (default bench) prefixes the topics and the database, so helpers sharing the machine keep apart.
  const name = process.env.BENCH_NAME ?? 'bench';
  process.env.KAFKA_TOPIC_PREFIX = `${name}-${Date.now()}.`;
  const started = [await ensurePostgres(), await ensureKafka(), await ensureIdentity()];
  const env = { ...process.env, ...started[0].env, ...started[1].env, ...started[2].env };
  const database = reuse ?? `${name}_${service}_${Date.now()}`;
  await migrate({ env: { ...env, [`${service.toUpperCase()}_DATABASE_NAME`]: database }, only: [service], log: () => undefined });
  const connection = (name) => ({
    host: env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(env.DATABASE_PORT ?? 5432),
    user: env.DATABASE_USER ?? 'postgres',
    password: env.DATABASE_PASSWORD,
    database: name,
  });
  const db = new pg.Client(connection(database));
  await db.connect();
  const { ClientCredentials, DEV_MACHINE_CLIENT_SECRET } = await import('../../libs/platform/dist/index.js');
  // The benchmarks book and play sessions as their own OAuth client (client credentials).
  const credentials = new ClientCredentials({
    issuer: env.AUTH_OIDC_ISSUER,
    clientId: 'chairside-bench',
    clientSecret: DEV_MACHINE_CLIENT_SECRET,
  });
  const children = [];
  process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
  return {
    env,
    database,
    db,
    /** The bench client's current access token. */
    token: () => credentials.token(),
    /** One process of the service on `port`, with `extra` on top of the bench's environment; `script`, another build of it. */
    spawnService(port, extra = {}, script = `apps/${service}/dist/main.js`) {
      const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
      const child = spawn(process.execPath, [...profile, script], {
        cwd: ROOT,
        env: {
          ...env,
          DATABASE_NAME: database,
          PORT: String(port),
          LOG_LEVEL: 'warn',
          // What notifications requires; the bench posts no webhooks.
          SMS_AUTH_TOKEN: env.SMS_AUTH_TOKEN ?? 'chairside-development-sms-auth-token',
          SMS_WEBHOOK_BASE_URL: `http://127.0.0.1:${port}`,
          // A bench measures throughput, not the limits: one client sends far more than a person would.
          RATE_LIMIT_USER_PER_MINUTE: env.RATE_LIMIT_USER_PER_MINUTE ?? '1000000000',
          RATE_LIMIT_USER_BURST: env.RATE_LIMIT_USER_BURST ?? '1000000000',
          RATE_LIMIT_CLIENT_IP_PER_MINUTE: env.RATE_LIMIT_CLIENT_IP_PER_MINUTE ?? '1000000000',
          RATE_LIMIT_CLIENT_IP_BURST: env.RATE_LIMIT_CLIENT_IP_BURST ?? '1000000000',
          // As npm start runs it (infra/dev/process-memory.mjs).
          ...processMemoryEnv(service, env),
          ...extra,
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      children.push(child);
      return child;
    },
    async finish() {
      await db.end();
      // BENCH_KEEP_DATABASE=1 leaves it for looking at plans afterwards (drop it by hand).
      if (process.env.BENCH_KEEP_DATABASE === '1' || reuse) console.log(`Kept database ${database}.`);
      else {
        const admin = new pg.Client(connection('postgres'));
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.end();
      }
      for (const s of started.reverse()) await s.stop().catch(() => undefined);
    },
  };
}
