// Tests publish and consume under their own topic prefix, never in the topics `npm start` uses.
// `npm test` sets a fresh prefix per run (infra/dev/test-topics.mjs); a bare jest run starts from `test.`.
// Each jest worker adds its own part (`<run prefix>w<worker>.`): `npm test` runs two workers at once,
// and two test files' services must never meet on a topic (within a worker, files run one after
// another as they always did). Jest gives every test file a fresh copy of process.env, so the run's
// prefix is read anew each time and never extended twice.
process.env.KAFKA_TOPIC_PREFIX = `${process.env.KAFKA_TOPIC_PREFIX ?? 'test.'}w${process.env.JEST_WORKER_ID ?? '1'}.`;
