/**
 * The contracts name topics logically (chairside.scheduling.locations). KAFKA_TOPIC_PREFIX puts
 * a deployment's topics in their own namespace on a shared cluster (`staging.`), and keeps test
 * runs (`test.`) out of the topics a running platform reads.
 *
 * A service validates KAFKA_TOPIC_PREFIX at boot with the rest of its configuration
 * (messagingConfigSchema); it is read here at call time because test files give themselves
 * their own prefix in-process (libs/testing useOwnTopics) after modules have loaded.
 */
export function physicalTopic(logicalName: string, env: Record<string, string | undefined> = process.env): string {
  return `${env.KAFKA_TOPIC_PREFIX ?? ''}${logicalName}`;
}
