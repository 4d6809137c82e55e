import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CONSOLE_CONFIG, type ConsoleConfig, publicUrl } from '../config/console.config.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { consoleProblems } from './problems.js';
import { RefreshSessionUseCase } from './refresh-session/refresh-session.use-case.js';
import { type ConsoleSession, SessionStore } from './session.store.js';

type WithSession = Request & { consoleSession?: ConsoleSession };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Every /api route: a signed-in session (its cookie), a fresh access token, and for unsafe
 * methods CSRF protection: the session's synchronizer token in `x-csrf-token` and, when the
 * browser names one, this console's own Origin.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    @Inject(SessionStore) private readonly store: SessionStore,
    @Inject(RefreshSessionUseCase) private readonly refresh: RefreshSessionUseCase,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<WithSession>();
    const session = this.store.find(readCookie(request, SESSION_COOKIE));
    if (!session) throw consoleProblems.signedOut();
    if (!SAFE_METHODS.has(request.method)) {
      const origin = request.headers.origin;
      const token = request.headers['x-csrf-token'];
      if (origin !== undefined && origin !== publicUrl(this.config)) throw consoleProblems.csrf();
      if (typeof token !== 'string' || !same(token, session.csrfToken)) throw consoleProblems.csrf();
    }
    request.consoleSession = await this.refresh.execute(session);
    return true;
  }
}

/** The signed-in session of a route behind SessionGuard. */
export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): ConsoleSession => {
  const session = context.switchToHttp().getRequest<WithSession>().consoleSession;
  if (!session) throw consoleProblems.signedOut();
  return session;
});
