import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** Where the person using the console is: what a service's audit trail records as "from where". */
export interface ClientOrigin {
  ip: string | undefined;
  userAgent: string | undefined;
}

/** The header a service reads the person's user agent from (only from a proxy it trusts, HTTP_TRUSTED_PROXIES). */
export const FORWARDED_USER_AGENT = 'x-forwarded-user-agent';

const origins = new AsyncLocalStorage<ClientOrigin>();

/** Express middleware: every service call made while answering this request names its origin. */
export function clientOrigin(req: Request, _res: Response, next: NextFunction): void {
  const userAgent = req.headers['user-agent'];
  origins.run({ ip: req.ip ?? req.socket.remoteAddress, userAgent: typeof userAgent === 'string' ? userAgent : undefined }, next);
}

export function currentClientOrigin(): ClientOrigin | undefined {
  return origins.getStore();
}

/** Runs `work` as if answering a request from `origin` (tests, and calls made outside a request). */
export function withClientOrigin<T>(origin: ClientOrigin, work: () => T): T {
  return origins.run(origin, work);
}

/**
 * The headers that tell a service who it is really serving: X-Forwarded-For (the person's IP,
 * replacing anything the browser sent) and the person's user agent. Bounded, like any header.
 */
export function originHeaders(origin: ClientOrigin | undefined): Record<string, string> {
  if (!origin) return {};
  const headers: Record<string, string> = {};
  if (origin.ip) headers['x-forwarded-for'] = origin.ip.slice(0, 64);
  if (origin.userAgent) headers[FORWARDED_USER_AGENT] = origin.userAgent.slice(0, 512);
  return headers;
}
