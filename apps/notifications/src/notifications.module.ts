import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import type { Logger } from 'pino';
import { serviceInfrastructure, type ServiceConfig } from '@chairside/runtime';

/** Infrastructure only so far; its features arrive with their issues. */
@Module({})
export class NotificationsModule {
  static forRoot(config: ServiceConfig, dataSource: DataSourceOptions, logger: Logger): DynamicModule {
    return { module: NotificationsModule, imports: serviceInfrastructure('notifications', config, dataSource, logger) };
  }
}
