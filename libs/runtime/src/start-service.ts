import type { DynamicModule } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { z } from 'zod';
import type { ServiceName } from '@chairside/contracts';
import { assertSchemaCurrent, assertUnprivilegedRole, type DatabaseConfig, runtimeDatabaseConfig } from '@chairside/database';
import { connectEventConsumer, faultInjection, kafkaConnection } from '@chairside/messaging';
import {
  assertNoDevelopmentValues,
  ConfigError,
  createHttpApp,
  createLogger,
  loadConfig,
  rateLimitsFrom,
} from '@chairside/platform';
import type { Logger } from 'pino';
import type { ServiceConfig } from './config/service.config.js';

export interface ServiceDefinition<S extends z.ZodObject> {
  service: ServiceName;
  title: string;
  description: string;
  /** The service's one configuration schema: serviceConfigSchema(service) extended with its own variables. */
  configSchema: S;
  dataSourceOptions: (database: DatabaseConfig) => DataSourceOptions;
  rootModule: (config: z.output<S>, dataSource: DataSourceOptions, logger: Logger) => DynamicModule;
}

/** Exit codes, so a supervisor can tell a bad configuration from a crash. */
export const EXIT_CONFIG = 78;
export const EXIT_FATAL = 70;

export async function startService<S extends z.ZodObject>(definition: ServiceDefinition<S>): Promise<void> {
  let settings: z.output<S>;
  let dataSource: DataSourceOptions;
  try {
    // The one read of the environment: every variable the service uses is in this schema.
    settings = loadConfig(definition.configSchema);
    // With NODE_ENV=production, no published development value (issuer, passwords, SMS tokens).
    assertNoDevelopmentValues(definition.service);
    // SASL and TLS fit together, the CA file is readable, and production does not talk to Kafka in clear text.
    kafkaConnection(settings as ServiceConfig);
    // As the runtime role, never the owner: the process cannot alter the schema or edit its audit trail.
    dataSource = definition.dataSourceOptions(runtimeDatabaseConfig(settings as ServiceConfig));
  } catch (error) {
    createLogger(definition.service).fatal(error instanceof ConfigError ? error.message : (error as Error).message);
    process.exit(EXIT_CONFIG);
  }
  const config = settings as ServiceConfig;
  const logger = createLogger(definition.service, config.LOG_LEVEL);

  const app = await createHttpApp(definition.rootModule(settings, dataSource, logger), {
    service: definition.service,
    title: definition.title,
    description: definition.description,
    logger,
    trustedProxies: config.HTTP_TRUSTED_PROXIES ?? [],
    clientIpRateLimit: rateLimitsFrom(config).clientIp,
    docsAccess: config.DOCS_ACCESS,
    ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}),
  });
  let exiting = false;
  const onFatal = (error: Error) => {
    if (exiting) return;
    exiting = true;
    logger.fatal({ err: error }, 'fatal error; shutting down');
    // Health reports the failure while in-flight requests finish and probes notice; then leave non-zero.
    setTimeout(() => process.exit(EXIT_FATAL), config.FATAL_EXIT_DELAY_MS + 10_000).unref();
    setTimeout(() => void app.close().finally(() => process.exit(EXIT_FATAL)), config.FATAL_EXIT_DELAY_MS);
  };

  // Graceful stop: the consumer stops fetching and commits, the relay finishes its pass, HTTP
  // drains, the pool closes; then exit 0 (Nest's own hooks would re-raise the signal instead).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (exiting) return;
      exiting = true;
      logger.info({ signal }, 'shutting down');
      setTimeout(() => process.exit(EXIT_FATAL), 30_000).unref();
      void app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(EXIT_FATAL);
        },
      );
    });
  }

  try {
    await assertUnprivilegedRole(app.get(DataSource));
    await assertSchemaCurrent(app.get(DataSource));
    await app.init();
    await connectEventConsumer(app, {
      groupId: config.KAFKA_CONSUMER_GROUP,
      maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
      retryBaseMs: config.CONSUMER_RETRY_BASE_MS,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      partitionsConsumedConcurrently: config.CONSUMER_PARTITIONS_CONCURRENTLY,
      transactionBatchSize: config.CONSUMER_TRANSACTION_BATCH,
      faults: faultInjection(config),
      onFatal,
    });
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    logger.fatal({ err: error }, 'could not start');
    await app.close().catch(() => undefined);
    process.exit(EXIT_FATAL);
  }
  logger.info(
    { url: `http://${config.HOST}:${config.PORT}`, docs: `http://${config.HOST}:${config.PORT}/docs` },
    `${definition.service} is listening`,
  );
}
