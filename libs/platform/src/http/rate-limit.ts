import type { NextFunction, Request, Response } from 'express';
import { counter } from '../metrics/metrics.js';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType } from './problem.js';

/** A sustained rate and the burst allowed above it (a token bucket of `burst` tokens). */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

export interface RateLimits {
  /** Per token subject (a person, or a machine client), after its token is verified. */
  user: RateLimit;
  /** Per client address (`request.ip`: the forwarded client only behind a trusted proxy), before anything else. */
  clientIp: RateLimit;
}

/** Keys held at once; the least recently seen is forgotten first (its bucket has refilled by then). */
const MAX_KEYS = 100_000;

/**
 * Token buckets by key, in this process's memory: each instance limits what reaches it (N
 * instances behind a balancer allow up to N times the rate). Memory is bounded by MAX_KEYS.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    readonly limit: RateLimit,
    private readonly maxKeys = MAX_KEYS,
  ) {
    this.perMs = limit.perMinute / 60_000;
  }

  /** Takes one request for `key`: undefined when allowed, else the whole seconds until one would be. */
  take(key: string, now = Date.now()): number | undefined {
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.limit.burst, bucket.tokens + (now - bucket.at) * this.perMs) : this.limit.burst;
    // Re-inserted last, so the Map's order is least recently seen first.
    if (bucket) this.buckets.delete(key);
    else if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return undefined;
    }
    this.buckets.set(key, { tokens, at: now });
    return Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1_000));
  }
}

const refusals = () =>
  counter('chairside_http_rate_limited_total', 'Requests refused by a rate limit, by whose limit', ['scope']);

/** The 429 a limit gives: problem+json, with Retry-After in seconds. */
export function rateLimitedProblem(scope: 'user' | 'client-ip', limit: RateLimit, retryAfter: number): ProblemDetails {
  refusals().labels(scope).inc();
  const who = scope === 'user' ? 'this user' : 'this client address';
  return {
    type: problemType('rate-limited'),
    title: 'Too many requests',
    status: 429,
    detail: `More than ${limit.perMinute} requests a minute (bursts of ${limit.burst}) from ${who}; retry after ${retryAfter} s.`,
    retryAfterSeconds: retryAfter,
  };
}

/** Health probes and metrics scrapes come from the platform, often from one address: never limited. */
const OPERATIONAL = /^\/(health|metrics)(\/|$)/;

/**
 * Express middleware limiting requests per client address, before body parsing and token checks,
 * so a flood costs as little as possible. Answers 429 problem+json with Retry-After.
 */
export function clientIpRateLimit(limit: RateLimit) {
  const limiter = new RateLimiter(limit);
  return (req: Request, res: Response, next: NextFunction) => {
    if (OPERATIONAL.test(req.path)) return next();
    const retryAfter = limiter.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (retryAfter === undefined) return next();
    const problem = { ...rateLimitedProblem('client-ip', limit, retryAfter), instance: req.originalUrl };
    res.setHeader('Retry-After', String(retryAfter));
    res.status(429).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  };
}
