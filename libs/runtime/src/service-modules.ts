import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import type { ServiceName } from '@chairside/contracts';
import { AuditModule } from '@chairside/audit';
import { MessagingModule } from '@chairside/messaging';
import { PlatformModule } from '@chairside/platform';
import type { Logger } from 'pino';
import type { ServiceConfig } from './service-config.js';

/** The modules every service's root module imports: platform glue, its database, Kafka and the outbox, the audit trail. */
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
      auth: { secret: config.AUTH_JWT_SECRET, issuer: config.AUTH_JWT_ISSUER, audience: config.AUTH_JWT_AUDIENCE },
    }),
    TypeOrmModule.forRoot({ ...dataSource, retryAttempts: 3, retryDelay: 1_000 }),
    MessagingModule.forRoot({ service, brokers: config.KAFKA_BROKERS }),
    AuditModule.forRoot({ service, retentionDays: config.AUDIT_RETENTION_DAYS }),
  ];
}
