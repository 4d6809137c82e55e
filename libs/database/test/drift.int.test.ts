import { randomBytes } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  databaseConfigFromEnv,
  dropDatabase,
  ensureDatabase,
  pendingSchemaChanges,
  runMigrations,
  serviceDataSourceOptions,
  assertSchemaCurrent,
} from '../src/index.js';

@Entity({ name: 'therapy' })
class Therapy {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_therapy' })
  code!: string;

  @Column({ type: 'integer', name: 'default_minutes' })
  defaultMinutes!: number;
}

class CreateTherapy1764230000000 implements MigrationInterface {
  name = 'CreateTherapy1764230000000';
  async up(q: QueryRunner) {
    // Deliberately missing default_minutes: the entity has drifted from the migrations.
    await q.query(`CREATE TABLE "therapy" ("code" text NOT NULL, CONSTRAINT "PK_therapy" PRIMARY KEY ("code"))`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE "therapy"`);
  }
}

describe('schema drift check', () => {
  const config = databaseConfigFromEnv('drift', { ...process.env, DATABASE_NAME: `t_drift_${randomBytes(3).toString('hex')}` });
  const dataSource = new DataSource(
    serviceDataSourceOptions({ service: 'drift', config, entities: [Therapy], migrations: [CreateTherapy1764230000000] }),
  );

  beforeAll(async () => {
    await ensureDatabase(config);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(config);
  });

  it('refuses to start on pending migrations, then reports the missing column as drift', async () => {
    await expect(assertSchemaCurrent(dataSource)).rejects.toThrow(/pending migrations/);
    expect(await runMigrations(dataSource)).toEqual(['CreateTherapy1764230000000']);
    await assertSchemaCurrent(dataSource);
    const pending = await pendingSchemaChanges(dataSource);
    expect(pending.join('\n')).toMatch(/ADD "default_minutes" integer NOT NULL/);
  });
});
