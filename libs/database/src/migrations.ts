import type { DataSource } from 'typeorm';

export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/**
 * The SQL TypeORM would run to make the schema match the entities. Empty when the migrations
 * describe the entities exactly; anything else is drift and fails CI (`npm run db:check`).
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

/** A service refuses to start on an out-of-date schema rather than fail later on a missing column. */
export async function assertSchemaCurrent(dataSource: DataSource): Promise<void> {
  if (await dataSource.showMigrations()) {
    throw new Error(`Database ${String(dataSource.options.database)} has pending migrations. Run: npm run migrate`);
  }
}

/**
 * A service refuses to run as a role that could rewrite what it must not: a superuser (who passes
 * every grant and can disable the audit trail's trigger) or the owner of its tables (who can alter
 * them). Set DATABASE_RUNTIME_USER to the service's runtime role; migrations run as the owner.
 */
export async function assertUnprivilegedRole(dataSource: DataSource): Promise<void> {
  const [row] = (await dataSource.query(
    `SELECT current_user AS role, r.rolsuper OR r.rolbypassrls AS privileged,
            (SELECT count(*)::int FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = current_user) AS owned
       FROM pg_roles r WHERE r.rolname = current_user`,
  )) as Array<{ role: string; privileged: boolean; owned: number }>;
  if (row?.privileged)
    throw new Error(`Database role ${row.role} is a superuser: set DATABASE_RUNTIME_USER to the service's runtime role`);
  if (row && row.owned > 0)
    throw new Error(
      `Database role ${row.role} owns ${row.owned} table(s): the service connects as its runtime role, not the owner`,
    );
}
