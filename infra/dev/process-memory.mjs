// Memory settings of a service's process: they cannot be set from inside it, so they are given
// where it is started (npm start, the benchmarks; a deployment sets the same two variables).
//
// Reporting streams answers of up to 15 MB (an organisation's heatmap month, a year's CSV) a
// chunk at a time. Measured on a 2-core machine (docs/benchmarks.md, issue 21): its peak RSS after
// those answers was 340 MB, of which about 35 MB glibc kept in per-thread malloc arenas
// (MALLOC_ARENA_MAX=2: 305 MB) and most of the rest V8's young generation and the old space it
// grew into; with 2 MB semi-spaces as well: 295 MB, the report times unchanged.

/** Extra environment for `service`'s process (an explicit MALLOC_ARENA_MAX in `env` is kept). */
export function processMemoryEnv(service, env = process.env) {
  if (service !== 'reporting') return {};
  return {
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2',
    NODE_OPTIONS: [env.NODE_OPTIONS, '--max-semi-space-size=2'].filter(Boolean).join(' '),
  };
}
