/**
 * The contracts name topics logically (chairside.scheduling.locations). KAFKA_TOPIC_PREFIX puts
 * a deployment's topics in their own namespace on a shared cluster (`staging.`), and keeps test
 * runs (`test.`) out of the topics a running platform reads.
 */
export function physicalTopic(logicalName: string, env: NodeJS.ProcessEnv = process.env): string {
  return `${env.KAFKA_TOPIC_PREFIX ?? ''}${logicalName}`;
}
