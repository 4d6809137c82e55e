import pg from 'pg';
import type { DatabaseConfig } from './config/database.config.js';

/** Creates the service's database if it does not exist (CREATE DATABASE cannot run in a transaction). */
export async function ensureDatabase(config: DatabaseConfig): Promise<boolean> {
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [config.database]);
    if (exists.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${config.database}"`);
    } catch (error) {
      // Two processes racing to create the same database: the loser sees 42P04 or 23505.
      const code = (error as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

/**
 * Drops the database, ending whatever is still connected. A pool that was just ended has told its
 * connections to close but does not wait for their server processes to exit; terminating those
 * makes their clients raise an error nobody listens to any more, so they get a moment to go first.
 */
export async function dropDatabase(config: DatabaseConfig, closingGraceMs = 2_000): Promise<void> {
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    for (const until = Date.now() + closingGraceMs; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 20))) {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
        config.database,
      ]);
      if (rows[0]!.n === 0) break;
    }
    await client.query(`DROP DATABASE IF EXISTS "${config.database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
