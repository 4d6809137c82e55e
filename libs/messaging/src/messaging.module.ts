import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ALL_TOPICS, deadLetterTopic, type ServiceName } from '@chairside/contracts';
import { HealthRegistry, PINO_LOGGER } from '@chairside/platform';
import { ConsumerLagProbe } from './inbox/consumer-lag.js';
import { InboxActivity } from './inbox/inbox-activity.js';
import type { KafkaConnection } from './config/kafka-connection.js';
import { createKafkaClient } from './kafka/kafka-client.js';
import { ensureTopics } from './kafka/topology.js';
import { OutboxRelay } from './outbox/outbox-relay.js';
import { UnitOfWork } from './outbox/unit-of-work.js';

export interface MessagingModuleOptions {
  service: ServiceName;
  /** Brokers, TLS and SASL (kafkaConnection of the service's configuration). */
  connection: KafkaConnection;
  /** For topics this service creates at start (KAFKA_REPLICATION_FACTOR). */
  replicationFactor?: number;
  /** OUTBOX_GATHER_MS; see OutboxRelayOptions. */
  outboxGatherMs?: number;
}

export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Every service ensures every topic: a consumer cannot subscribe to a topic that its owner has not created yet.
    const created = await ensureTopics(
      this.kafka,
      [...ALL_TOPICS, deadLetterTopic(this.options.service)],
      this.options.replicationFactor,
      this.options.service,
    );
    if (created.length) this.logger.info({ component: 'topology', created }, 'created Kafka topics');
    this.health.register('database', async () => {
      await this.dataSource.query('SELECT 1');
      return { up: true };
    });
    this.health.register('outbox', () => this.relay.health());
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/** Kafka client, transactional outbox and its relay for one service. Import once, in the root module. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: KAFKA_CLIENT,
          inject: [PINO_LOGGER],
          useFactory: (logger: Logger) =>
            createKafkaClient({ ...options.connection, clientId: `chairside-${options.service}`, logger }),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, KAFKA_CLIENT, PINO_LOGGER],
          useFactory: (dataSource: DataSource, kafka: Kafka, logger: Logger) =>
            new OutboxRelay(dataSource, kafka, logger, {
              service: options.service,
              ...(options.outboxGatherMs !== undefined ? { gatherMs: options.outboxGatherMs } : {}),
            }),
        },
        {
          provide: UnitOfWork,
          inject: [DataSource, OutboxRelay],
          useFactory: (dataSource: DataSource, relay: OutboxRelay) => new UnitOfWork(dataSource, relay),
        },
        ConsumerLagProbe,
        InboxActivity,
        MessagingLifecycle,
      ],
      exports: [KAFKA_CLIENT, MESSAGING_OPTIONS, OutboxRelay, UnitOfWork, ConsumerLagProbe, InboxActivity],
    };
  }
}
