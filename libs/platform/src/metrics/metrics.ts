import { collectDefaultMetrics, Counter, Gauge, Histogram, register, type Registry } from 'prom-client';

let defaultsCollected = false;

/** One registry per process; every lib registers into it and /metrics serves it. */
export function metricsRegistry(): Registry {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register, prefix: 'chairside_' });
    defaultsCollected = true;
  }
  return register;
}

/** Returns the metric registered under `name`, creating it once (tests boot several apps per process). */
export function counter<T extends string>(name: string, help: string, labelNames: readonly T[] = []): Counter<T> {
  return (
    (metricsRegistry().getSingleMetric(name) as Counter<T> | undefined) ??
    new Counter({ name, help, labelNames, registers: [register] })
  );
}

export function gauge<T extends string>(name: string, help: string, labelNames: readonly T[] = []): Gauge<T> {
  return (
    (metricsRegistry().getSingleMetric(name) as Gauge<T> | undefined) ??
    new Gauge({ name, help, labelNames, registers: [register] })
  );
}

export function histogram<T extends string>(
  name: string,
  help: string,
  labelNames: readonly T[],
  buckets: number[],
): Histogram<T> {
  return (
    (metricsRegistry().getSingleMetric(name) as Histogram<T> | undefined) ??
    new Histogram({ name, help, labelNames, buckets, registers: [register] })
  );
}
