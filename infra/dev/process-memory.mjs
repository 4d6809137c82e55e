// Memory settings of a service's process: they cannot be set from inside it, so they are given
// where it is started (npm start, the benchmarks; a deployment sets the same variables).
//
// Reporting streams answers of up to 15 MB (an organisation's heatmap month, a year's CSV) a
// chunk at a time. Measured on a 2-core machine (docs/benchmarks.md, issue 21): its peak RSS after
// those answers was 340 MB, of which about 35 MB glibc kept in per-thread malloc arenas
// (MALLOC_ARENA_MAX=2: 305 MB) and most of the rest V8's young generation and the old space it
// grew into; with 2 MB semi-spaces as well: 295 MB, the report times unchanged.
// Session 12 (2026-12-03): the peak had come back to 320–328 MB, set by the organisation's heatmap
// month, with V8 holding 112–198 MB of heap of which 55–90 MB was in use (its chunks' strings are
// too large for the young generation and wait for a full collection). With the old space capped at
// 160 MB V8 collects before it grows past that: peak RSS 166 MB over the whole benchmark (07:35 UTC),
// the heap at 52–60 MB in use of 59–78 MB; the reports stream, so no answer needs more.

/** Extra environment for `service`'s process (an explicit MALLOC_ARENA_MAX in `env` is kept). */
export function processMemoryEnv(service, env = process.env) {
  if (service !== 'reporting') return {};
  return {
    MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2',
    NODE_OPTIONS: [env.NODE_OPTIONS, '--max-semi-space-size=2', '--max-old-space-size=160'].filter(Boolean).join(' '),
  };
}
