import pg from 'pg';
import type { DatabaseConfig } from './config/database.config.js';

/**
 * The role that owns a service's database and schema and runs its migrations:
 * `chairside_<service>_owner`. A login without superuser, CREATEDB or CREATEROLE: it can change its
 * own service's schema and nothing else on the server (it cannot connect to another service's
 * database, whose CONNECT the migrations give only to that service's roles).
 */
export function ownerRoleName(service: string): string {
  return `chairside_${service}_owner`;
}

export interface ServiceRoles {
  /** The owner (migrations): DATABASE_OWNER_USER, DATABASE_OWNER_PASSWORD. */
  owner: { user: string; password: string | undefined };
  /** The service's process: DATABASE_RUNTIME_USER, DATABASE_RUNTIME_PASSWORD. */
  runtime: { user: string; password: string | undefined };
}

async function withClient<T>(config: DatabaseConfig, database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: config.host, port: config.port, user: config.user, password: config.password, database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** DDL takes no bind parameters: PostgreSQL's format() quotes the names and literals itself. */
async function quoted(client: pg.Client, expression: string, parameters: unknown[]): Promise<string> {
  const { rows } = await client.query<{ sql: string }>(`SELECT ${expression} AS sql`, parameters);
  return rows[0]!.sql;
}

/** CREATE ROLE when missing (two processes racing: the loser finds it made), then its password when given. */
async function ensureLoginRole(client: pg.Client, role: { user: string; password: string | undefined }): Promise<void> {
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.user]);
  if (!exists.rowCount) {
    try {
      await client.query(
        await quoted(
          client,
          `format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', $1::text)`,
          [role.user],
        ),
      );
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== '42710' && code !== '23505') throw error;
    }
  }
  if (role.password) {
    await client.query(
      await quoted(client, `format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)`, [role.user, role.password]),
    );
  }
}

/**
 * Run by the administrator (DATABASE_USER: the operator's role, a superuser or one with CREATEROLE
 * and CREATEDB) before a service's migrations: creates the service's owner and runtime roles (and
 * sets their passwords when given), creates the database owned by the owner role, and hands the
 * owner role everything in its public schema that an earlier setup left to the administrator (a
 * database migrated before the owner role existed). The migrations then run as the owner, which
 * grants the runtime role its tables. Returns whether the database was created.
 */
export async function provisionServiceDatabase(admin: DatabaseConfig, roles: ServiceRoles): Promise<boolean> {
  const owner = roles.owner.user;
  // DATABASE_NAME is validated as a lower-case identifier; role names are quoted by format().
  const created = await withClient(admin, 'postgres', async (client) => {
    await ensureLoginRole(client, roles.owner);
    await ensureLoginRole(client, roles.runtime);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [admin.database]);
    if (!exists.rowCount) {
      try {
        await client.query(
          await quoted(client, `format('CREATE DATABASE %I OWNER %I', $1::text, $2::text)`, [admin.database, owner]),
        );
        return true;
      } catch (error) {
        // Two processes racing to create the same database: the loser sees 42P04 or 23505.
        const code = (error as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw error;
      }
    }
    await client.query(
      await quoted(client, `format('ALTER DATABASE %I OWNER TO %I', $1::text, $2::text)`, [admin.database, owner]),
    );
    return false;
  });
  await withClient(admin, admin.database, async (client) => {
    await client.query(await quoted(client, `format('ALTER SCHEMA public OWNER TO %I', $1::text)`, [owner]));
    // Tables, sequences, views and functions of the service (not those of extensions, which stay
    // with whoever created the extension) that another role still owns.
    const { rows } = await client.query<{ sql: string }>(
      `SELECT format('ALTER %s %s OWNER TO %I',
                CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                c.oid::regclass, $1::text) AS sql
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
          AND pg_get_userbyid(c.relowner) <> $1
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
       UNION ALL
       SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $1::text)
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> $1
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
      [owner],
    );
    for (const { sql } of rows) await client.query(sql);
  });
  return created;
}
