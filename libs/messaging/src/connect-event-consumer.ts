import type { INestApplication } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { HealthRegistry, PINO_LOGGER } from '@chairside/platform';
import { ConsumerLagProbe } from './inbox/consumer-lag.js';
import { InboxActivity } from './inbox/inbox-activity.js';
import { KafkaEventServer, type KafkaEventServerOptions } from './inbox/kafka-event-server.js';
import { KAFKA_CLIENT, MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.module.js';

export interface ConnectEventConsumerOptions extends Partial<
  Pick<
    KafkaEventServerOptions,
    'maxAttempts' | 'retryBaseMs' | 'partitionsConsumedConcurrently' | 'sessionTimeoutMs' | 'transactionBatchSize' | 'faults'
  >
> {
  groupId: string;
  onFatal: (error: Error) => void;
}

/**
 * Attaches the service's @OnEvent handlers to Kafka through KafkaEventServer and registers
 * its health: readiness needs a joined consumer; liveness fails once it has crashed.
 */
export async function connectEventConsumer(
  app: INestApplication,
  options: ConnectEventConsumerOptions,
): Promise<KafkaEventServer> {
  const messaging = app.get<MessagingModuleOptions>(MESSAGING_OPTIONS);
  const server = new KafkaEventServer({
    service: messaging.service,
    kafka: app.get<Kafka>(KAFKA_CLIENT),
    dataSource: app.get(DataSource),
    logger: app.get<Logger>(PINO_LOGGER),
    activity: app.get(InboxActivity),
    ...options,
  });
  const health = app.get(HealthRegistry);
  health.register('consumer', () => server.health());
  health.register('consumer-alive', () => server.liveness(), { liveness: true });
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  // The handlers (and so the topics) are known only once the microservice has started.
  if (server.subscribedTopics().length) app.get(ConsumerLagProbe).attach(() => server.lag());
  return server;
}
