// Tests publish and consume under their own topic prefix, never in the topics `npm start` uses.
// `npm test` sets a fresh prefix per run (infra/dev/test-topics.mjs); a bare jest run uses `test.`.
process.env.KAFKA_TOPIC_PREFIX ??= 'test.';
