import kafkajs, { type AclEntry, type Admin } from 'kafkajs';
import { ALL_TOPICS, SERVICE_NAMES, Topics, type TopicSpec } from '@chairside/contracts';
import { physicalTopic } from '../config/topic-names.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

/**
 * Everything that connects to Kafka with a principal of its own: the services, the console's live
 * updates, and the analytics teams (one principal for their consumers, reading the curated stream only).
 */
export const KAFKA_CLIENTS = [...SERVICE_NAMES, 'console', 'analytics'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];

/** The SASL user (and so the ACL principal `User:<name>`) a client connects as. */
export const kafkaPrincipal = (client: KafkaClientName): string => `chairside-${client}`;

/**
 * The topics each client reads: the topics of its @OnEvent handlers' events (the console: its
 * live updates). test/configuration/kafka-acls.test.ts compares this with the handlers, so a new
 * consumer cannot ship without the ACL that lets it read.
 */
export const CONSUMED_TOPICS: Readonly<Record<KafkaClientName, readonly TopicSpec[]>> = {
  scheduling: [Topics.schedulingAppointments, Topics.sessions, Topics.notifications],
  sessions: [
    Topics.schedulingLocations,
    Topics.schedulingChairs,
    Topics.schedulingStaff,
    Topics.schedulingTherapies,
    Topics.schedulingAppointments,
  ],
  notifications: [
    Topics.schedulingLocations,
    Topics.schedulingTherapies,
    Topics.schedulingAppointments,
    Topics.schedulingPatientContacts,
    Topics.sessions,
  ],
  reporting: [
    Topics.schedulingLocations,
    Topics.schedulingChairs,
    Topics.schedulingAppointments,
    Topics.sessions,
    Topics.notifications,
  ],
  console: [Topics.schedulingAppointments, Topics.sessions],
  // The de-identified topics (docs/events.md, "The analytics stream"): never a service's internal topic.
  analytics: ALL_TOPICS.filter((t) => t.audience === 'analytics'),
};

/** Clients that only read: no topic of their own, no producer id. */
const READERS: readonly KafkaClientName[] = ['console', 'analytics'];

/**
 * The topics a service writes: those named `chairside.<service>.…` (its events, audit trail and
 * dead letters: one prefix), and the catalog's topics it owns under another name (reporting's
 * `chairside.analytics.…`, each by its literal name so no other name is granted with them).
 */
const ownedElsewhere = (client: KafkaClientName): TopicSpec[] =>
  ALL_TOPICS.filter((t) => t.owner === client && !t.name.startsWith(`chairside.${client}.`));

/**
 * The consumer groups a client may use start with this: a service's KAFKA_CONSUMER_GROUP
 * (`chairside-<service>` by default), the console's per-process groups (`chairside-console-<host>-…`).
 */
export const consumerGroupPrefix = (client: KafkaClientName): string =>
  client === 'console' ? 'chairside-console-' : `chairside-${client}`;

/**
 * What each principal may do on a broker with an authorizer (KRaft's StandardAuthorizer denies
 * everything else):
 * - a service creates, writes and describes its own topics, the ones named `chairside.<service>.…`
 *   (its events, audit trail and dead letters) and those the catalog says it owns (reporting's
 *   analytics stream), and nobody else's;
 * - the console and the analytics principal only read: the analytics principal reads the curated,
 *   de-identified topics and nothing internal;
 * - it reads (and so describes) exactly the topics it consumes;
 * - it joins and commits offsets only in its own consumer groups;
 * - it may ask for a producer id (IDEMPOTENT_WRITE on the cluster): the outbox relay's and dead
 *   letters' producers are idempotent. Granted explicitly rather than relying on the broker deriving
 *   it from a topic WRITE (KIP-679), which managed clusters do not all do. It grants no write of its
 *   own: every produce request is still checked per topic.
 * Nobody but the operator may alter, delete or reconfigure topics or the cluster. Names carry the
 * deployment's KAFKA_TOPIC_PREFIX, as the topics do.
 */
export function kafkaAcls(env: { KAFKA_TOPIC_PREFIX?: string | undefined }): AclEntry[] {
  const allow = (
    client: KafkaClientName,
    resourceType: (typeof AclResourceTypes)[keyof typeof AclResourceTypes],
    resourceName: string,
    resourcePatternType: (typeof ResourcePatternTypes)[keyof typeof ResourcePatternTypes],
    operation: (typeof AclOperationTypes)[keyof typeof AclOperationTypes],
  ): AclEntry => ({
    resourceType,
    resourceName,
    resourcePatternType,
    principal: `User:${kafkaPrincipal(client)}`,
    host: '*',
    operation,
    permissionType: AclPermissionTypes.ALLOW,
  });
  const writes = [AclOperationTypes.CREATE, AclOperationTypes.WRITE, AclOperationTypes.DESCRIBE];
  return KAFKA_CLIENTS.flatMap((client) => [
    ...(READERS.includes(client)
      ? []
      : [
          ...writes.map((operation) =>
            allow(
              client,
              AclResourceTypes.TOPIC,
              physicalTopic(`chairside.${client}.`, env),
              ResourcePatternTypes.PREFIXED,
              operation,
            ),
          ),
          ...ownedElsewhere(client).flatMap((topic) =>
            writes.map((operation) =>
              allow(client, AclResourceTypes.TOPIC, physicalTopic(topic.name, env), ResourcePatternTypes.LITERAL, operation),
            ),
          ),
        ]),
    ...CONSUMED_TOPICS[client].map((topic) =>
      allow(client, AclResourceTypes.TOPIC, physicalTopic(topic.name, env), ResourcePatternTypes.LITERAL, AclOperationTypes.READ),
    ),
    allow(client, AclResourceTypes.GROUP, consumerGroupPrefix(client), ResourcePatternTypes.PREFIXED, AclOperationTypes.READ),
    ...(READERS.includes(client)
      ? []
      : [
          allow(
            client,
            AclResourceTypes.CLUSTER,
            'kafka-cluster',
            ResourcePatternTypes.LITERAL,
            AclOperationTypes.IDEMPOTENT_WRITE,
          ),
        ]),
  ]);
}

/** Grants kafkaAcls (as the operator: a super user). Creating a binding that exists changes nothing. */
export async function applyKafkaAcls(admin: Admin, env: { KAFKA_TOPIC_PREFIX?: string | undefined }): Promise<number> {
  const acl = kafkaAcls(env);
  await admin.createAcls({ acl });
  return acl.length;
}
