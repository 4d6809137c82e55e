import type { AddressInfo } from 'node:net';
import express from 'express';
import { InvalidTokenError } from '../auth/tokens.js';
import { operationalAccess } from './create-http-app.js';
import { clientIpRateLimit, RateLimiter } from './rate-limit.js';

describe('RateLimiter (token buckets)', () => {
  it('allows a burst, then one request per refill interval, and says how long to wait', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 });
    const t = 1_000_000;
    expect([limiter.take('a', t), limiter.take('a', t), limiter.take('a', t)]).toEqual([undefined, undefined, undefined]);
    expect(limiter.take('a', t)).toBe(1);
    expect(limiter.take('a', t + 400)).toBe(1);
    expect(limiter.take('a', t + 1_000)).toBeUndefined();
    // Another key has its own bucket.
    expect(limiter.take('b', t + 1_000)).toBeUndefined();
  });

  it('rounds Retry-After up to whole seconds at slow rates', () => {
    const limiter = new RateLimiter({ perMinute: 2, burst: 1 });
    expect(limiter.take('a', 0)).toBeUndefined();
    expect(limiter.take('a', 0)).toBe(30);
    expect(limiter.take('a', 29_500)).toBe(1);
  });

  it('holds at most maxKeys buckets, forgetting the least recently seen', () => {
    const limiter = new RateLimiter({ perMinute: 1, burst: 1 }, 2);
    limiter.take('a', 0);
    limiter.take('b', 0);
    expect(limiter.take('a', 0)).toBe(60); // 'a' seen again: now 'b' is the oldest
    limiter.take('c', 0); // forgets 'b'
    expect(limiter.take('a', 0)).toBe(60);
    expect(limiter.take('b', 0)).toBeUndefined();
  });
});

/** A tiny Express app with the middleware under test, on a free port. */
async function serve(...middleware: express.RequestHandler[]) {
  const app = express();
  app.set('trust proxy', false);
  for (const m of middleware) app.use(m);
  app.get(/.*/, (_req, res) => {
    res.send('ok');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('clientIpRateLimit', () => {
  it('answers 429 problem+json with Retry-After past the burst, and never limits health probes', async () => {
    const app = await serve(clientIpRateLimit({ perMinute: 1, burst: 2 }));
    try {
      expect((await fetch(`${app.url}/patients`)).status).toBe(200);
      expect((await fetch(`${app.url}/patients`)).status).toBe(200);
      const refused = await fetch(`${app.url}/patients`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await refused.json()).toMatchObject({ type: '/problems/rate-limited', status: 429, retryAfterSeconds: 60 });
      expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('operationalAccess (/docs and /metrics in production)', () => {
  const verifier = {
    verify: (token: string) =>
      token === 'staff-token'
        ? Promise.resolve({} as never)
        : Promise.reject(new InvalidTokenError('signature verification failed')),
  };
  const secret = 'a-scrapers-secret-of-at-least-32-characters';

  it('public docs and metrics without a token are open; a metrics token is required once set', async () => {
    const app = await serve(operationalAccess('public', secret, verifier));
    try {
      expect((await fetch(`${app.url}/docs/openapi.json`)).status).toBe(200);
      expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('authenticated docs need a valid token (every path under /docs); off is 404', async () => {
    const authenticated = await serve(operationalAccess('authenticated', undefined, verifier));
    const off = await serve(operationalAccess('off', undefined, verifier));
    try {
      for (const path of ['/docs', '/docs/openapi.json', '/docs-yaml']) {
        const refused = await fetch(`${authenticated.url}${path}`);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect((await fetch(`${authenticated.url}${path}`, { headers: { authorization: 'Bearer forged' } })).status).toBe(401);
        expect((await fetch(`${authenticated.url}${path}`, { headers: { authorization: 'Bearer staff-token' } })).status).toBe(
          200,
        );
        expect((await fetch(`${off.url}${path}`, { headers: { authorization: 'Bearer staff-token' } })).status).toBe(404);
      }
      // Metrics stay open without METRICS_TOKEN; the API's own routes are not affected.
      expect((await fetch(`${authenticated.url}/metrics`)).status).toBe(200);
      expect((await fetch(`${off.url}/patients`)).status).toBe(200);
    } finally {
      await Promise.all([authenticated.close(), off.close()]);
    }
  });
});
