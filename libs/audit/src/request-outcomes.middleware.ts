import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { PINO_LOGGER } from '@chairside/platform';
import { auditEntry, type AuditedRequest } from './audit-entry.js';
import { AuditedRoutes, routeOf } from './audited-routes.js';
import { AuditTrail } from './audit-trail.js';

const STATE = Symbol('chairside:audit-state');

interface AuditState {
  recorded: boolean;
}

export function auditState(request: Request): AuditState | undefined {
  return (request as Request & { [STATE]?: AuditState })[STATE];
}

/**
 * Records what the interceptor cannot see: an audited route that ended in a refusal (401/403,
 * usually thrown by the guard before any interceptor runs) or an error. Written when the response
 * has ended, since nothing was disclosed; a failure to write is logged (ids only), not retried.
 */
@Injectable()
export class RequestOutcomesMiddleware implements NestMiddleware {
  constructor(
    private readonly routes: AuditedRoutes,
    private readonly trail: AuditTrail,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const state: AuditState = { recorded: false };
    (request as Request & { [STATE]?: AuditState })[STATE] = state;
    response.on('finish', () => {
      if (state.recorded || response.statusCode < 400) return;
      const path = (request.route as { path?: string } | undefined)?.path;
      if (path === undefined) return;
      const route = routeOf(request.method, path);
      const options = this.routes.find(route);
      if (!options) return;
      state.recorded = true;
      this.trail
        .append(auditEntry(request as AuditedRequest, response, route, options, undefined, response.statusCode))
        .catch((error: unknown) =>
          this.logger.error({ component: 'audit', route, reason: (error as Error).message }, 'could not record an audit record'),
        );
    });
    next();
  }
}
