// Rebuilds reporting's read models from the events: empties them (and the inbox, which would
// otherwise skip every event as already applied), then moves the consumer group back to offset 0
// of every topic it reads. The next start of the reporting service replays everything.
//   Stop reporting first (a group with live members cannot be moved), then:
//   npm run reporting:rebuild            (reads the same DATABASE_*, KAFKA_* variables as the service)
import 'reflect-metadata';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { ALL_TOPICS } from '@chairside/contracts';
import { ownerDatabaseConfig } from '@chairside/database';
import { createKafkaClient, kafkaConnection, physicalTopic } from '@chairside/messaging';
import { loadConfig } from '@chairside/platform';
import { rebuildConfigSchema } from '../config/reporting.config.js';
import { reportingDataSource } from '../database/data-source.js';
import { KPI_ROLLUP_TABLES } from '../kpis/rollups/kpi-rollups.projector.js';

/** Every table reporting derives from events; the directory and the KPI rollups included. */
export const READ_MODELS = [
  'visit_fact',
  'reaction_fact',
  'message_fact',
  ...KPI_ROLLUP_TABLES,
  'directory_chair',
  'directory_location',
] as const;

/** `env` defaults to the process's environment (tests pass their own). */
export async function rebuild(
  env?: Record<string, string | undefined>,
  log: (line: string) => void = console.log,
): Promise<void> {
  const config = loadConfig(rebuildConfigSchema, env);
  const logger = pino({ level: 'warn' });
  const groupId = config.KAFKA_CONSUMER_GROUP;
  const kafka = createKafkaClient({
    ...kafkaConnection(config),
    clientId: 'chairside-reporting-rebuild',
    logger,
  });
  const admin = kafka.admin();
  await admin.connect();
  const dataSource = new DataSource({ ...reportingDataSource(ownerDatabaseConfig(config)), logging: false });
  await dataSource.initialize();
  try {
    const described = await admin.describeGroups([groupId]);
    const members = described.groups[0]?.members.length ?? 0;
    if (members > 0) throw new Error(`consumer group ${groupId} has ${members} live member(s): stop the reporting service first`);
    const topics = (await admin.listTopics()).filter((t) =>
      ALL_TOPICS.some((spec) => physicalTopic(spec.name, { KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX }) === t),
    );
    const committed = await admin.fetchOffsets({ groupId, topics });
    const read = committed.filter((t) => t.partitions.some((p) => p.offset !== '-1')).map((t) => t.topic);
    await dataSource.query(`TRUNCATE ${READ_MODELS.join(', ')}, inbox`);
    for (const topic of read) await admin.resetOffsets({ groupId, topic, earliest: true });
    log(
      `[rebuild] emptied ${READ_MODELS.join(', ')} and the inbox; group ${groupId} back to offset 0 on ${read.length} topic(s). Start reporting to replay.`,
    );
  } finally {
    await dataSource.destroy();
    await admin.disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  rebuild().catch((error: unknown) => {
    console.error(`[rebuild] ${(error as Error).message}`);
    process.exit(1);
  });
}
