import { type DynamicModule, Global, type ModuleMetadata, Module, type Provider, type Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { randomUUID } from 'node:crypto';
import {
  buildEvent,
  type CloudEvent,
  type DataOf,
  type EventDefinition,
  type EventMetadata,
  type InputOf,
  type ServiceName,
} from '@chairside/contracts';
import {
  EventContext,
  KAFKA_CLIENT,
  MESSAGING_OPTIONS,
  OutboxRelay,
  StagedWrites,
  type Transaction,
  UnitOfWork,
} from '@chairside/messaging';
import {
  AUTH_SETTINGS,
  authSettingsFrom,
  baseConfigSchema,
  createLogger,
  HealthRegistry,
  loadConfig,
  PINO_LOGGER,
  requestContext,
  SERVICE_NAME,
} from '@chairside/platform';
import { createMigratedDatabase, testRunId, type TestDatabase } from './test-databases.js';

/**
 * The environment a fast-tier test parses its service's configuration schema from: defaults for
 * everything, plus what the schemas require and a test has no reason to choose. The fast tier
 * calls use cases directly and verifies no token, so the issuer is a fixed name never fetched
 * (`.invalid` cannot resolve).
 */
export const FAST_TIER_ENV: Record<string, string> = { AUTH_OIDC_ISSUER: 'https://identity.fast-tier.invalid' };

export interface UseCaseHarnessOptions {
  service: ServiceName;
  /** The service's feature modules under test (not its root module: no HTTP, no Kafka, no relay). */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** The service's data source options (entities and migrations), as `npm run migrate` uses them. */
  dataSourceOptions: (env: NodeJS.ProcessEnv) => DataSourceOptions;
  /** Extra or replacement providers, for what a feature module injects beyond the infrastructure below. */
  providers?: Provider[];
  /** Names the database `t_<label>_<random>`; the service's name by default. */
  label?: string;
}

/** An event as a use case appended it to the outbox: what the relay would publish. */
export type AppendedEvent = CloudEvent<Record<string, any>>;

export interface UseCaseHarness {
  readonly module: TestingModule;
  readonly dataSource: DataSource;
  readonly db: TestDatabase;
  /** A provider of the feature modules: the use case under test, a query, a repository. */
  get<T>(type: Type<T>): T;
  /** Runs `work` in a transaction that may publish, as an inbox handler's or a composing use case's. */
  inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * The events appended to the outbox since the previous call (or since the harness started), in
   * outbox order: the observable result of a use case, without Kafka.
   */
  appendedEvents(): Promise<AppendedEvent[]>;
  /** Every event in the outbox, in order. */
  allEvents(): Promise<AppendedEvent[]>;
  /**
   * Hands `event` to a consumer's handler as the event server would (one transaction, its
   * EventContext, staged writes flushed at the end), without Kafka and without an inbox row.
   */
  deliver<E extends CloudEvent<unknown>>(event: E, handle: (event: E, ctx: EventContext) => Promise<unknown>): Promise<void>;
  /** Closes the module and drops the database. For `afterAll`. */
  close(): Promise<void>;
}

/** The relay's one duty a unit of work calls: wake it after a commit. Nothing is published in the fast tier. */
const idleRelay = { wake: () => undefined, health: () => ({ up: true }) } as unknown as OutboxRelay;

/** Fails loudly if a use case reaches for Kafka: the fast tier has none, its outbox rows are the events. */
const noKafka = Object.fromEntries(
  ['producer', 'consumer', 'admin'].map((method) => [
    method,
    () => {
      throw new Error(`The fast test tier has no Kafka client (kafka.${method}()); read the outbox instead`);
    },
  ]),
);

/** What PlatformModule and MessagingModule give every service, minus HTTP, Kafka and the relay's loop. */
@Global()
@Module({})
class FastTierInfrastructure {
  static forService(service: ServiceName, extra: Provider[]): DynamicModule {
    const providers: Provider[] = [
      HealthRegistry,
      { provide: SERVICE_NAME, useValue: service },
      { provide: PINO_LOGGER, useValue: createLogger(service, 'silent') },
      { provide: AUTH_SETTINGS, useValue: authSettingsFrom(loadConfig(baseConfigSchema, FAST_TIER_ENV)) },
      { provide: MESSAGING_OPTIONS, useValue: { service, connection: { brokers: [] } } },
      { provide: KAFKA_CLIENT, useValue: noKafka },
      { provide: OutboxRelay, useValue: idleRelay },
      {
        provide: UnitOfWork,
        inject: [DataSource],
        useFactory: (dataSource: DataSource) => new UnitOfWork(dataSource, idleRelay),
      },
      ...extra,
    ];
    const tokens = providers.map((p) => (typeof p === 'function' ? p : p.provide));
    return { module: FastTierInfrastructure, providers, exports: tokens };
  }
}

interface OutboxRow {
  position: string;
  payload: string;
}

/**
 * The fast test tier: a service's feature modules in a Nest testing module, in this process, on
 * a freshly migrated PostgreSQL database of their own (one per test file). No service process,
 * no Kafka, no HTTP: a test calls a use case and reads what it wrote and appended to the outbox.
 * Lifecycle hooks do not run (`init()` is not called), so no periodic task starts behind a test.
 */
export async function createUseCaseHarness(options: UseCaseHarnessOptions): Promise<UseCaseHarness> {
  const db = await createMigratedDatabase(
    options.service,
    testRunId(options.label ?? options.service),
    options.dataSourceOptions,
  );
  let module: TestingModule | undefined;
  try {
    const env = { ...process.env, DATABASE_NAME: db.name };
    module = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ ...options.dataSourceOptions(env), logging: false, retryAttempts: 0 }),
        FastTierInfrastructure.forService(options.service, options.providers ?? []),
        ...options.imports,
      ],
    }).compile();
  } catch (error) {
    await db.drop();
    throw error;
  }
  const testing = module;
  const dataSource = testing.get(DataSource);
  const unitOfWork = testing.get(UnitOfWork);
  let seen = '0';
  const readOutbox = async (after: string) =>
    // A tombstone (erasure) has no event to read: a test looks for it in the outbox table itself.
    (await dataSource.query(
      `SELECT position::text AS position, payload FROM outbox WHERE position > $1 AND event_type <> 'tombstone' ORDER BY position`,
      [after],
    )) as OutboxRow[];
  return {
    module: testing,
    dataSource,
    db,
    get: (type) => testing.get(type, { strict: false }),
    inTransaction: (work) => unitOfWork.run(work),
    appendedEvents: async () => {
      const rows = await readOutbox(seen);
      if (rows.length) seen = rows.at(-1)!.position;
      return rows.map((row) => JSON.parse(row.payload) as AppendedEvent);
    },
    allEvents: async () => (await readOutbox('0')).map((row) => JSON.parse(row.payload) as AppendedEvent),
    deliver: (event, handle) =>
      dataSource.transaction(async (manager) => {
        const staged = new StagedWrites();
        const ctx = new EventContext([event, manager, { topic: 'fast-tier', partition: 0, offset: '0' }, staged]);
        await requestContext.run({ correlationId: event.correlationid, causationId: event.id, eventId: event.id }, () =>
          handle(event, ctx),
        );
        await staged.flush(manager);
      }),
    close: async () => {
      await testing.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    },
  };
}

/** A valid event of another service (or this one), as a consumer would receive it: `anEvent(SessionCheckedInV1, data, { aggregateId })`. */
export function anEvent<D extends EventDefinition>(
  definition: D,
  data: InputOf<D>,
  meta: Partial<EventMetadata> & { aggregateId: string },
): CloudEvent<DataOf<D>> {
  return buildEvent(definition, data, { aggregateSequence: 1, correlationId: randomUUID(), ...meta });
}
