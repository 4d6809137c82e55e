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
