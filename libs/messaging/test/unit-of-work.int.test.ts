import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { ChairAddedV1 } from '@chairside/contracts';
import { serviceDataSourceOptions } from '@chairside/database';
import { createMigratedDatabase, testRunId, type TestDatabase } from '@chairside/testing';
import { IdempotencyKeys1764230900000 } from '@chairside/platform';
import { InboxMessage, MessagingTables1764230400000, OutboxMessage, type OutboxRelay, UnitOfWork } from '../src/index.js';

const optionsFor = (env: NodeJS.ProcessEnv) =>
  serviceDataSourceOptions({
    service: 'messaging-test',
    config: {
      host: env.DATABASE_HOST ?? '127.0.0.1',
      port: Number(env.DATABASE_PORT ?? 5432),
      user: env.DATABASE_USER ?? 'postgres',
      password: env.DATABASE_PASSWORD,
      database: env.DATABASE_NAME!,
      poolSize: 4,
    },
    entities: [OutboxMessage, InboxMessage],
    migrations: [MessagingTables1764230400000, IdempotencyKeys1764230900000],
  });

/** Every text sent to PostgreSQL by any client of this process, in order. */
const sent: string[] = [];
const clientQuery = pg.Client.prototype.query;

// A unit of work holds its BEGIN back until statements go out together and sends its COMMIT with
// the final write: these show the transaction stays whole when it does.
describe('unit of work: BEGIN and COMMIT riding with statements', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let wakes = 0;
  let unitOfWork: UnitOfWork;

  beforeAll(async () => {
    db = await createMigratedDatabase('messaging-test', testRunId('uow'), optionsFor);
    dataSource = new DataSource(optionsFor({ ...process.env, DATABASE_NAME: db.name }));
    await dataSource.initialize();
    unitOfWork = new UnitOfWork(dataSource, { wake: () => void (wakes += 1) } as unknown as OutboxRelay);
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const config = args[0] as string | { text?: string };
      sent.push(typeof config === 'string' ? config : (config.text ?? ''));
      return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof clientQuery;
  });

  afterAll(async () => {
    pg.Client.prototype.query = clientQuery;
    await dataSource.destroy();
    await db.drop();
  });

  beforeEach(() => void (sent.length = 0));

  const key = (scope: string, k: string = randomUUID()) => ({
    sql: `INSERT INTO idempotency_key (scope, key, fingerprint) VALUES ($1, $2, 'f')`,
    parameters: [scope, k],
  });
  const keysIn = async (scope: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM idempotency_key WHERE scope = $1`, [scope]))[0]!.n;
  const outboxFor = async (aggregateId: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1`, [aggregateId]))[0]!.n;
  const chairAdded = (chairId: string) =>
    [
      ChairAddedV1,
      { chairId, locationId: randomUUID(), label: 'Chair', kind: 'recliner' as const },
      { aggregateId: chairId, aggregateSequence: 1 },
    ] as const;

  it('sends a read-and-lock batch and a last write with its event in two round trips, and commits both', async () => {
    const scope = randomUUID();
    const chairId = randomUUID();
    const wakesBefore = wakes;
    await unitOfWork.runWithFinalWrite(async (tx) => {
      const [insertedRows, countRows] = await tx.queryTogether([
        { ...key(scope), sql: `${key(scope).sql} RETURNING key` },
        { sql: `SELECT count(*)::int AS n FROM idempotency_key WHERE scope = $1`, parameters: [scope] },
      ]);
      expect(insertedRows?.[0]).toBeDefined();
      expect(countRows?.[0]).toEqual({ n: 1 }); // the second statement sees the first one's row
      return { result: undefined, finalWrite: tx.prepareWith(key(scope), ...chairAdded(chairId)) };
    });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^START TRANSACTION;\nINSERT INTO idempotency_key/);
    expect(sent[1]).toMatch(/INSERT INTO outbox .*;\nCOMMIT$/s);
    expect(await keysIn(scope)).toBe(2);
    expect(await outboxFor(chairId)).toBe(1);
    expect(wakes).toBe(wakesBefore + 1);
  });

  it('sends COMMIT with statements prepared as the final write, after an ordinary statement', async () => {
    const scope = randomUUID();
    const result = await unitOfWork.runWithFinalWrite(async (tx) => {
      await tx.manager.query(key(scope).sql, key(scope).parameters);
      return { result: 'booked', finalWrite: tx.prepare([{ ...key(scope), sql: `${key(scope).sql} RETURNING scope` }]) };
    });
    expect(result).toBe('booked');
    expect(sent).toHaveLength(3); // its own BEGIN, the ordinary statement, then the last one with COMMIT
    expect(sent[2]).toMatch(/RETURNING scope;\nCOMMIT$/);
    expect(await keysIn(scope)).toBe(2);
  });

  it('rolls back everything when the last write fails, and the connection serves the next transaction', async () => {
    const scope = randomUUID();
    const chairId = randomUUID();
    const duplicate = key(scope, 'same');
    const failing = unitOfWork.runWithFinalWrite(async (tx) => {
      await tx.queryTogether([key(scope), duplicate]);
      return { result: undefined, finalWrite: tx.prepareWith(duplicate, ...chairAdded(chairId)) };
    });
    await expect(failing).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failing).rejects.toMatchObject({ driverError: { code: '23505' } });
    expect(sent.at(-1)).toBe('ROLLBACK');
    expect(await keysIn(scope)).toBe(0);
    expect(await outboxFor(chairId)).toBe(0);
    for (let i = 0; i < 8; i++) await unitOfWork.run((tx) => tx.queryTogether([key(scope)]));
    expect(await keysIn(scope)).toBe(8);
  });

  it('rolls back statements sent together when the work fails afterwards', async () => {
    const scope = randomUUID();
    await expect(
      unitOfWork.run(async (tx) => {
        await tx.queryTogether([key(scope), key(scope)]);
        throw new Error('refused after the writes');
      }),
    ).rejects.toThrow('refused after the writes');
    expect(await keysIn(scope)).toBe(0);
  });

  it('sends its own BEGIN before a statement sent the ordinary way first, so that one rolls back too', async () => {
    const scope = randomUUID();
    await expect(
      unitOfWork.run(async (tx) => {
        await tx.manager.query(key(scope).sql, key(scope).parameters);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(sent[0]).toBe('START TRANSACTION');
    expect(await keysIn(scope)).toBe(0);
  });

  it('sends nothing at all for a transaction that sent no statement', async () => {
    await unitOfWork.run(async () => 'nothing to write');
    await expect(unitOfWork.run(async () => Promise.reject(new Error('refused before any write')))).rejects.toThrow(
      'refused before any write',
    );
    expect(sent).toEqual([]);
  });

  it('sends BEGIN, a final write alone and COMMIT in one round trip', async () => {
    const scope = randomUUID();
    const chairId = randomUUID();
    await unitOfWork.runWithFinalWrite(async (tx) => ({
      result: undefined,
      finalWrite: tx.prepareWith(key(scope), ...chairAdded(chairId)),
    }));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^START TRANSACTION;\nWITH written AS \(INSERT INTO idempotency_key.*;\nCOMMIT$/s);
    expect(await keysIn(scope)).toBe(1);
    expect(await outboxFor(chairId)).toBe(1);
  });

  it('sends a prepared write now with send, as an ordinary write the work may follow', async () => {
    const scope = randomUUID();
    await unitOfWork.run(async (tx) => {
      await tx.send(tx.prepare([key(scope)]));
      await tx.queryTogether([key(scope)]);
    });
    expect(sent).toHaveLength(3); // BEGIN with the first, the second, then COMMIT on its own
    expect(sent[2]).toBe('COMMIT');
    expect(await keysIn(scope)).toBe(2);
  });

  it('lets a read sent together after a lock see what committed while the lock was awaited', async () => {
    const scope = randomUUID();
    await db.query(`INSERT INTO idempotency_key (scope, key, fingerprint) VALUES ($1, 'lock', 'f')`, [scope]);
    const holder = dataSource.createQueryRunner();
    await holder.startTransaction();
    await holder.query(`SELECT 1 FROM idempotency_key WHERE scope = $1 AND key = 'lock' FOR UPDATE`, [scope]);
    await holder.query(key(scope, 'written-while-locked').sql, key(scope, 'written-while-locked').parameters);
    const waiting = unitOfWork.run((tx) =>
      tx.queryTogether([
        { sql: `SELECT 1 FROM idempotency_key WHERE scope = $1 AND key = 'lock' FOR UPDATE`, parameters: [scope] },
        { sql: `SELECT count(*)::int AS n FROM idempotency_key WHERE scope = $1`, parameters: [scope] },
      ]),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await holder.commitTransaction();
    await holder.release();
    const [, rows] = await waiting;
    expect(rows?.[0]).toEqual({ n: 2 });
  });
});
