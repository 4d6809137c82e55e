import type { ServiceName } from '@chairside/contracts';

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** What the simulator did and what answered, for its summary and the audits that follow it. */
export class Tally {
  readonly counts = new Map<string, number>();

  add(what: string, n = 1): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + n);
  }

  get(what: string): number {
    return this.counts.get(what) ?? 0;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The public HTTP APIs, as a client sees them. A request that cannot reach its service (a
 * restart, an outage) is retried for up to `patienceMs` with the same body and headers, so a
 * POST carrying an Idempotency-Key is never applied twice.
 */
export class Api {
  constructor(
    private readonly urls: Record<ServiceName, string>,
    /** A bearer token, or a function giving a current one (client credentials renew theirs). */
    private readonly token: string | (() => Promise<string>),
    readonly tally: Tally,
    private readonly patienceMs = 120_000,
  ) {}

  async call(
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const deadline = Date.now() + this.patienceMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(`${this.urls[service]}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${typeof this.token === 'string' ? this.token : await this.token()}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        const parsed: unknown = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
        // 502–504: a proxy or the service itself says "not now"; the same request is safe to send again.
        if (response.status >= 502 && response.status <= 504 && Date.now() < deadline) {
          this.tally.add(`retry ${service} ${response.status}`);
          await sleep(Math.min(5_000, 200 * attempt));
          continue;
        }
        // 429: over a rate limit, refused before any work: the same request is safe again after Retry-After.
        if (response.status === 429 && Date.now() < deadline) {
          this.tally.add(`retry ${service} 429`);
          await sleep(Math.min(60, Number(response.headers.get('retry-after')) || 1) * 1_000);
          continue;
        }
        if (response.status >= 500) this.tally.add(`${service} ${response.status}`);
        return { status: response.status, body: parsed };
      } catch (error) {
        if (Date.now() >= deadline)
          throw new Error(`${method} ${service}${path}: unreachable for ${this.patienceMs} ms (${(error as Error).message})`, {
            cause: error,
          });
        this.tally.add(`retry ${service} unreachable`);
        await sleep(Math.min(5_000, 200 * attempt));
      }
    }
  }

  /** A call that must succeed (setup): anything but 2xx throws with the problem document. */
  async must<T>(
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    const r = await this.call(service, method, path, body, headers);
    if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${service}${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as T;
  }
}
