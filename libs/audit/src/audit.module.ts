import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { AuditController } from './audit.controller.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditPurgeTask } from './audit-purge.task.js';
import { AUDIT_OPTIONS, type AuditOptions, AuditTrail } from './audit-trail.js';
import { AuditTrailQuery } from './audit-trail.query.js';
import { AuditedRoutes } from './audited-routes.js';
import { RequestOutcomesMiddleware } from './request-outcomes.middleware.js';

/** The audit trail of one service: @Audited handlers, refusals, GET /audit, the purge. Import once, after messaging. */
@Global()
@Module({})
export class AuditModule implements NestModule {
  static forRoot(options: AuditOptions): DynamicModule {
    return {
      module: AuditModule,
      imports: [DiscoveryModule],
      controllers: [AuditController],
      providers: [
        { provide: AUDIT_OPTIONS, useValue: options },
        AuditTrail,
        AuditTrailQuery,
        AuditedRoutes,
        AuditPurgeTask,
        RequestOutcomesMiddleware,
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
      exports: [AuditTrail],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestOutcomesMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
