import { Injectable } from '@nestjs/common';

export interface ProbeResult {
  up: boolean;
  /** Serving, but impaired (e.g. events queue in the outbox while Kafka is away). */
  degraded?: boolean;
  details?: Record<string, unknown>;
}
export type HealthProbe = () => ProbeResult | Promise<ProbeResult>;

/**
 * Components register what "healthy" means for them: the database, the Kafka producer, each
 * consumer. Readiness asks all of them; liveness only those that a restart would fix (a crashed
 * consumer), so a database outage does not make the orchestrator kill every instance.
 */
@Injectable()
export class HealthRegistry {
  private readonly probes = new Map<string, { probe: HealthProbe; liveness: boolean }>();

  register(name: string, probe: HealthProbe, options: { liveness?: boolean } = {}): void {
    this.probes.set(name, { probe, liveness: options.liveness ?? false });
  }

  entries(kind: 'live' | 'ready'): Array<[string, HealthProbe]> {
    return [...this.probes].filter(([, p]) => kind === 'ready' || p.liveness).map(([name, p]) => [name, p.probe]);
  }

  async evaluate(kind: 'live' | 'ready'): Promise<{ up: boolean; checks: Record<string, ProbeResult> }> {
    const checks: Record<string, ProbeResult> = {};
    await Promise.all(
      this.entries(kind).map(async ([name, probe]) => {
        try {
          checks[name] = await withTimeout(Promise.resolve(probe()), 3_000);
        } catch (error) {
          checks[name] = { up: false, details: { error: (error as Error).message } };
        }
      }),
    );
    return { up: Object.values(checks).every((c) => c.up), checks };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}
