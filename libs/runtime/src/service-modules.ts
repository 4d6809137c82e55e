import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import type { ServiceName } from '@chairside/contracts';
import { AuditModule } from '@chairside/audit';
import { kafkaConnection, MessagingModule } from '@chairside/messaging';
import { authSettingsFrom, PlatformModule, rateLimitsFrom } from '@chairside/platform';
import type { Logger } from 'pino';
import { SERVICE_CONFIG, type ServiceConfig } from './config/service.config.js';

/** Provides the service's parsed configuration (its own schema's output) as SERVICE_CONFIG. */
@Global()
@Module({})
export class ServiceConfigModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return { module: ServiceConfigModule, providers: [{ provide: SERVICE_CONFIG, useValue: config }], exports: [SERVICE_CONFIG] };
  }
}

/** The modules every service's root module imports: platform glue, its database, Kafka and the outbox, the audit trail. */
export function serviceInfrastructure(
  service: ServiceName,
  config: ServiceConfig,
  dataSource: DataSourceOptions,
  logger: Logger,
): DynamicModule[] {
  return [
    ServiceConfigModule.forRoot(config),
    PlatformModule.forRoot({
      service,
      logger,
      auth: authSettingsFrom(config),
      rateLimits: rateLimitsFrom(config),
    }),
    TypeOrmModule.forRoot({ ...dataSource, retryAttempts: 3, retryDelay: 1_000 }),
    MessagingModule.forRoot({
      service,
      connection: kafkaConnection(config),
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      outboxGatherMs: config.OUTBOX_GATHER_MS,
    }),
    AuditModule.forRoot({ service, retentionDays: config.AUDIT_RETENTION_DAYS }),
  ];
}
