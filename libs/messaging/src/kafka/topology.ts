import type { Kafka } from 'kafkajs';
import type { TopicSpec } from '@chairside/contracts';
import { backoffDelay, sleep } from './backoff.js';
import { physicalTopic } from '../config/topic-names.js';

/**
 * Creates missing topics with their declared partitions and retention. Existing topics are
 * left alone (partition counts only grow by a deliberate, documented operation).
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly TopicSpec[],
  /** KAFKA_REPLICATION_FACTOR in a service (messagingConfigSchema). */
  replicationFactor = 1,
): Promise<string[]> {
  // Several services start at once and race to create the same topics: retry what is retriable.
  for (let attempt = 1; ; attempt++) {
    try {
      return await createMissingTopics(kafka, topics, replicationFactor);
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true || /already exists/i.test((error as Error).message);
      if (!retriable || attempt >= 8) throw error;
      await sleep(backoffDelay(attempt, 250, 3_000));
    }
  }
}

async function createMissingTopics(kafka: Kafka, topics: readonly TopicSpec[], replicationFactor: number): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(physicalTopic(t.name)));
    if (!missing.length) return [];
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: physicalTopic(t.name),
        numPartitions: t.partitions,
        replicationFactor,
        configEntries: [
          { name: 'retention.ms', value: String(t.retentionMs) },
          { name: 'cleanup.policy', value: t.cleanupPolicy },
          // Bounds how long an erased patient's contact records outlive their tombstone (docs/runbook.md).
          ...(t.compaction
            ? [
                { name: 'max.compaction.lag.ms', value: String(t.compaction.maxLagMs) },
                { name: 'delete.retention.ms', value: String(t.compaction.tombstoneRetentionMs) },
              ]
            : []),
          ...(replicationFactor > 1 ? [{ name: 'min.insync.replicas', value: String(Math.min(2, replicationFactor)) }] : []),
        ],
      })),
    });
    return missing.map((t) => physicalTopic(t.name));
  } finally {
    await admin.disconnect();
  }
}
