import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import type { ServiceName } from '@chairside/contracts';
import { MessagingModule } from '@chairside/messaging';
import { authSettingsFrom, PlatformModule } from '@chairside/platform';
import type { Logger } from 'pino';
import type { ServiceConfig } from './service-config.js';

/** The modules every service's root module imports: platform glue, its database, Kafka and the outbox. */
export function serviceInfrastructure(
  service: ServiceName,
  config: ServiceConfig,
  dataSource: DataSourceOptions,
  logger: Logger,
): DynamicModule[] {
  return [
    PlatformModule.forRoot({
      service,
      logger,
      auth: authSettingsFrom(config),
    }),
    TypeOrmModule.forRoot({ ...dataSource, retryAttempts: 3, retryDelay: 1_000 }),
    MessagingModule.forRoot({ service, brokers: config.KAFKA_BROKERS }),
  ];
}
