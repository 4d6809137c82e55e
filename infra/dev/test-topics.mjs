// Each `npm test` run publishes under its own topic prefix, so no test reads another run's
// messages; topics of earlier runs are deleted first (a local broker keeps them otherwise).
import kafkajs from 'kafkajs';

export function testTopicPrefix() {
  return `test-${Date.now().toString(36)}.`;
}

export async function deleteOldTestTopics(brokers, currentPrefix, log = console.log) {
  const kafka = new kafkajs.Kafka({ clientId: 'chairside-test-cleanup', brokers, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const old = (await admin.listTopics()).filter(
      (t) => /^(test|bench|probe|democheck)[-.]/.test(t) && !t.startsWith(currentPrefix),
    );
    if (old.length) {
      await admin.deleteTopics({ topics: old, timeout: 30_000 });
      log(`[kafka] deleted ${old.length} topics left by earlier test runs`);
    }
  } finally {
    await admin.disconnect();
  }
}
