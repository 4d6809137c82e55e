import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { mergeMap, type Observable } from 'rxjs';
import { requestContext } from '@chairside/platform';
import { AUDITED, type AuditedOptions } from './audited.decorator.js';
import { auditEntry, type AuditedRequest } from './audit-entry.js';
import { routeOf } from './audited-routes.js';
import { AuditTrail } from './audit-trail.js';
import { auditState } from './request-outcomes.middleware.js';

/**
 * Global. Puts the authenticated actor into the request context (so every event the request causes
 * carries it), and for @Audited handlers appends the audit record of a success before the response
 * leaves: no record, no disclosure. Failures and refusals are recorded when the response ends.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<AuditedRequest>();
    const ctx = requestContext.current();
    if (ctx && request.user) {
      ctx.actor = request.user.sub;
      ctx.userId = request.user.sub;
      if (request.user.client !== undefined) ctx.actorClient = request.user.client;
    }
    const options = this.reflector.get<AuditedOptions | undefined>(AUDITED, context.getHandler());
    if (!options) return next.handle();
    const response = http.getResponse<Response>();
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const route = routeOf(request.method, (request.route as { path?: string } | undefined)?.path);
        const entry = auditEntry(request, response, route, options, body, status);
        const disclosed = options.patientIds ? [...new Set(options.patientIds(request, body))] : [];
        if (disclosed.length === 0) await this.trail.append(entry);
        else await this.trail.appendAll(disclosed.map((patientId) => ({ ...entry, recordId: randomUUID(), patientId })));
        const state = auditState(request);
        if (state) state.recorded = true;
        return body;
      }),
    );
  }
}
