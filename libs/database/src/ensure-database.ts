import pg from 'pg';
import type { DatabaseConfig } from './database-config.js';

/** Creates the service's database if it does not exist (CREATE DATABASE cannot run in a transaction). */
export async function ensureDatabase(config: DatabaseConfig): Promise<boolean> {
  const client = new pg.Client({ host: config.host, port: config.port, user: config.user, password: config.password, database: 'postgres' });
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

export async function dropDatabase(config: DatabaseConfig): Promise<void> {
  const client = new pg.Client({ host: config.host, port: config.port, user: config.user, password: config.password, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${config.database}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
