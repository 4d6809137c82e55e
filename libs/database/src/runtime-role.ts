import type { QueryRunner } from 'typeorm';

/**
 * The role a service's process connects as: `chairside_<service>`. Migrations run as the owner of
 * the database (`chairside_<service>_owner`, DATABASE_OWNER_USER; see service-roles.ts) and grant this role what the service does at runtime, nothing more:
 * it owns no table, cannot change the schema, cannot connect to another service's database, and
 * cannot change or remove what is append-only (the audit trail).
 */
export function runtimeRoleName(service: string): string {
  return `chairside_${service}`;
}

export interface RuntimeGrants {
  service: string;
  /** Tables the service only adds to: SELECT and INSERT, never UPDATE or DELETE. */
  appendOnly?: readonly string[];
  /** Tables the service only reads. */
  readOnly?: readonly string[];
  /** UPDATE of these columns only (and SELECT), e.g. a chain head whose other columns only a function changes. */
  columnUpdates?: Readonly<Record<string, readonly string[]>>;
  /** Functions (with their argument types) the role may call; EXECUTE is taken from PUBLIC first. */
  functions?: readonly string[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an identifier: ${name}`);
  return `"${name}"`;
}

/**
 * For a service's migration: creates the runtime role when it does not exist yet (`npm run migrate`
 * has made it beforehand, with its password, as the administrator: provisionServiceDatabase; the
 * owner role that runs migrations may not create roles) and grants it the service's tables in this database. Every table the owner
 * creates later gets the same read-write grant by default, so a migration adding a table needs
 * nothing unless the table is append-only or read-only (then it revokes, as this one does).
 */
export async function grantRuntimeRole(q: QueryRunner, grants: RuntimeGrants): Promise<void> {
  const role = identifier(runtimeRoleName(grants.service));
  const name = runtimeRoleName(grants.service);
  // Roles belong to the server, not the database: every database of this service (tests make many)
  // shares it. Two migrations racing to create it: the loser finds it made.
  await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${name}') THEN
        CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  // PUBLIC may connect to every database and (before PostgreSQL 15) create in its public schema:
  // only this service's role (and the owner) may connect here, and nobody but the owner creates.
  await q.query(`DO $$ BEGIN
      EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
      EXECUTE format('GRANT CONNECT ON DATABASE %I TO ${role}', current_database());
    END $$`);
  await q.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await q.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
  await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
  await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`);
  await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`);
  // The service reads which migrations ran (it refuses to start on a pending one); only the owner runs them.
  await q.query(`REVOKE INSERT, UPDATE, DELETE ON "schema_migrations" FROM ${role}`);
  for (const table of grants.readOnly ?? []) await q.query(`REVOKE INSERT, UPDATE, DELETE ON ${identifier(table)} FROM ${role}`);
  for (const table of grants.appendOnly ?? []) await q.query(`REVOKE UPDATE, DELETE ON ${identifier(table)} FROM ${role}`);
  for (const [table, columns] of Object.entries(grants.columnUpdates ?? {})) {
    await q.query(`REVOKE INSERT, UPDATE, DELETE ON ${identifier(table)} FROM ${role}`);
    await q.query(`GRANT UPDATE (${columns.map(identifier).join(', ')}) ON ${identifier(table)} TO ${role}`);
  }
  for (const fn of grants.functions ?? []) {
    await q.query(`REVOKE EXECUTE ON FUNCTION ${fn} FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${role}`);
  }
}

/** The migration's `down`: the role keeps existing (other databases of the service use it), its grants here go. */
export async function revokeRuntimeRole(q: QueryRunner, grants: RuntimeGrants): Promise<void> {
  const role = identifier(runtimeRoleName(grants.service));
  await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${role}`);
  await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${role}`);
  for (const fn of grants.functions ?? []) await q.query(`REVOKE EXECUTE ON FUNCTION ${fn} FROM ${role}`);
  await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
  await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`);
  await q.query(`REVOKE USAGE ON SCHEMA public FROM ${role}`);
  await q.query(`DO $$ BEGIN
      EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM ${role}', current_database());
      EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO PUBLIC', current_database());
    END $$`);
}

/**
 * Default privileges belong to the role that creates the tables. Since migrations run as the
 * service's owner role (chairside_<service>_owner) rather than the administrator, the owner says
 * that every table and sequence it creates from now on is the runtime role's to read and write
 * (append-only and read-only tables are still narrowed by their own migration, as above).
 */
export async function grantRuntimeDefaultPrivileges(q: QueryRunner, service: string): Promise<void> {
  const role = identifier(runtimeRoleName(service));
  await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`);
  await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`);
}

export async function revokeRuntimeDefaultPrivileges(q: QueryRunner, service: string): Promise<void> {
  const role = identifier(runtimeRoleName(service));
  await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${role}`);
  await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${role}`);
}
