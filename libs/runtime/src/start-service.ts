import type { DynamicModule } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { ServiceName } from '@chairside/contracts';
import { assertSchemaCurrent } from '@chairside/database';
import { connectEventConsumer } from '@chairside/messaging';
import { assertNoDevelopmentValues, ConfigError, createHttpApp, createLogger, loadConfig } from '@chairside/platform';
import type { Logger } from 'pino';
import { serviceConfigSchema, type ServiceConfig } from './service-config.js';

export interface ServiceDefinition {
  service: ServiceName;
  title: string;
  description: string;
  dataSourceOptions: (env: NodeJS.ProcessEnv) => DataSourceOptions;
  rootModule: (config: ServiceConfig, dataSource: DataSourceOptions, logger: Logger) => DynamicModule;
}

/** Exit codes, so a supervisor can tell a bad configuration from a crash. */
export const EXIT_CONFIG = 78;
export const EXIT_FATAL = 70;

export async function startService(definition: ServiceDefinition): Promise<void> {
  const logger = createLogger(definition.service);
  let config: ServiceConfig;
  let dataSource: DataSourceOptions;
  try {
    config = loadConfig(serviceConfigSchema(definition.service));
    assertNoDevelopmentValues(definition.service, process.env);
    dataSource = definition.dataSourceOptions(process.env);
  } catch (error) {
    logger.fatal(error instanceof ConfigError ? error.message : (error as Error).message);
    process.exit(EXIT_CONFIG);
  }

  const app = await createHttpApp(definition.rootModule(config, dataSource, logger), {
    service: definition.service,
    title: definition.title,
    description: definition.description,
    logger,
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
    await assertSchemaCurrent(app.get(DataSource));
    await app.init();
    await connectEventConsumer(app, {
      groupId: config.KAFKA_CONSUMER_GROUP,
      maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
      retryBaseMs: config.CONSUMER_RETRY_BASE_MS,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      partitionsConsumedConcurrently: config.CONSUMER_PARTITIONS_CONCURRENTLY,
      transactionBatchSize: config.CONSUMER_TRANSACTION_BATCH,
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
