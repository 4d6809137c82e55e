// Tests publish and consume under their own topic prefix, never in the topics `npm start` uses.
process.env.KAFKA_TOPIC_PREFIX ??= 'test.';
