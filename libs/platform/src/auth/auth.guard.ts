import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { mayActAt, type Role } from '@chairside/domain';
import type { Request, Response } from 'express';
import { ProblemException, problemType } from '../http/problem.js';
import { rateLimitedProblem, RateLimiter } from '../http/rate-limit.js';
import type { AuthenticatedUser } from './auth.types.js';
import { IS_PUBLIC, ORGANISATION_WIDE, REQUIRED_ROLES } from './auth.decorators.js';
import { InvalidTokenError, IssuerUnavailableError, TokenVerifier } from './tokens.js';

/** Location ids a request names, wherever it names them. */
export function locationsNamedBy(request: Pick<Request, 'params' | 'query' | 'body'>): string[] {
  const found: unknown[] = [request.params?.locationId, request.query?.locationId, request.query?.locationIds];
  const body = request.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object') found.push(body.locationId, body.locationIds);
  return found
    .flat()
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
    .filter(Boolean);
}

/** The per-user rate limiter (PlatformModule provides it when the service configures limits). */
export const USER_RATE_LIMITER = Symbol('USER_RATE_LIMITER');

/**
 * Applied to every route. Secure by default: a route is public only when marked @Public().
 * Then roles (@Roles) and locations: any locationId in the path, query or body must be in the
 * token's grant, otherwise 403. Routes that address a resource by its own id check its
 * location after loading it (assertMayActAt). Every authenticated request counts against its
 * user's rate limit (per organisation and subject): over it, 429 with Retry-After.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Optional() @Inject(USER_RATE_LIMITER) private readonly userLimiter?: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const user = await this.authenticate(request);
    request.user = user;
    // Keyed by the verified subject, so a caller cannot spread its requests over made-up names.
    const retryAfter = this.userLimiter?.take(`${user.org}:${user.sub}`);
    if (retryAfter !== undefined) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
      throw new ProblemException(rateLimitedProblem('user', this.userLimiter!.limit, retryAfter));
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (!roles?.length) throw ProblemException.forbidden('This endpoint declares no roles; access is denied by default.');
    if (!roles.some((r) => user.roles.includes(r)))
      throw ProblemException.forbidden(`Requires one of the roles: ${roles.join(', ')}.`);

    if (this.reflector.getAllAndOverride<boolean>(ORGANISATION_WIDE, targets) && user.locations !== '*') {
      throw ProblemException.forbidden('Requires access to every location of the organisation.');
    }
    const denied = locationsNamedBy(request).filter((id) => !mayActAt(user.locations, id));
    if (denied.length) throw ProblemException.forbidden(`You may not act on location ${denied.join(', ')}.`);
    return true;
  }

  private async authenticate(request: Request): Promise<AuthenticatedUser> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw unauthorized('A bearer token is required.');
    try {
      return await this.verifier.verify(match[1]!);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(`The token is not valid: ${error.message}.`);
      if (error instanceof IssuerUnavailableError)
        throw new ProblemException({
          type: problemType('identity-provider-unavailable'),
          title: 'Service Unavailable',
          status: HttpStatus.SERVICE_UNAVAILABLE,
          detail: `Tokens cannot be checked now: ${error.message}.`,
        });
      throw error;
    }
  }
}

function unauthorized(detail: string): ProblemException {
  return new ProblemException({
    type: problemType('unauthorized'),
    title: 'Unauthorized',
    status: HttpStatus.UNAUTHORIZED,
    detail,
  });
}

export function assertMayActAt(user: AuthenticatedUser, locationId: string): void {
  if (!mayActAt(user.locations, locationId)) throw ProblemException.forbidden(`You may not act on location ${locationId}.`);
}
