import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import * as contracts from '@chairside/contracts';
import { CONSUMED_TOPICS, KAFKA_CLIENTS, kafkaAcls, kafkaPrincipal } from '@chairside/messaging';

// The broker's ACLs are written from CONSUMED_TOPICS; the services subscribe to the topics of
// their @OnEvent handlers. A handler on a topic missing from the table would be refused by a
// secured broker in production only: this keeps the two the same.

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes } = kafkajs;
const root = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** The topics of the events a service's @OnEvent handlers name. */
function handledTopics(service: contracts.ServiceName): string[] {
  const events = sourceFiles(join(root, 'apps', service, 'src')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/@OnEvent\((\w+)\)/g)].map((m) => m[1]!),
  );
  const topics = events.map((name) => {
    const definition = (contracts as Record<string, unknown>)[name] as { topic?: contracts.TopicSpec } | undefined;
    if (!definition?.topic) throw new Error(`@OnEvent(${name}) in ${service} is not an event of the contracts`);
    return definition.topic.name;
  });
  return [...new Set(topics)].sort();
}

describe('Kafka ACLs', () => {
  it.each(contracts.SERVICE_NAMES)('let %s read exactly the topics its handlers consume', (service) => {
    const handled = handledTopics(service);
    expect(handled.length).toBeGreaterThan(0);
    expect(CONSUMED_TOPICS[service].map((t) => t.name).sort()).toEqual(handled);
  });

  it('let a principal create and write only its own topics, and join only its own groups', () => {
    const acls = kafkaAcls({ KAFKA_TOPIC_PREFIX: 'staging.' });
    // Every binding allows; the authorizer denies whatever none allows.
    expect(acls.every((a) => a.permissionType === AclPermissionTypes.ALLOW)).toBe(true);
    for (const client of KAFKA_CLIENTS) {
      const own = acls.filter((a) => a.principal === `User:${kafkaPrincipal(client)}`);
      // Its prefix, or a topic of the catalog it owns under another name (reporting's analytics stream).
      const ownedByName = contracts.ALL_TOPICS.filter((t) => t.owner === client).map((t) => `staging.${t.name}`);
      for (const acl of own.filter((a) => a.resourceType === AclResourceTypes.TOPIC && a.operation !== AclOperationTypes.READ))
        expect([`staging.chairside.${client}.`, ...ownedByName]).toContain(acl.resourceName);
      for (const acl of own.filter((a) => a.resourceType === AclResourceTypes.GROUP))
        expect(acl.resourceName.startsWith(`chairside-${client}`)).toBe(true);
      // On the cluster, at most a producer id for its idempotent producers: no ALTER, CREATE, DESCRIBE_CONFIGS.
      for (const acl of own.filter((a) => a.resourceType === AclResourceTypes.CLUSTER))
        expect(acl.operation).toBe(AclOperationTypes.IDEMPOTENT_WRITE);
    }
    // The console and the analytics principal only read: no topic of their own.
    for (const reader of ['User:chairside-console', 'User:chairside-analytics'])
      expect(
        acls.filter(
          (a) => a.principal === reader && a.resourceType !== AclResourceTypes.GROUP && a.operation !== AclOperationTypes.READ,
        ),
      ).toEqual([]);
  });

  it('let analytics principals read the de-identified topics and no internal one', () => {
    const read = kafkaAcls({ KAFKA_TOPIC_PREFIX: 'staging.' })
      .filter((a) => a.principal === 'User:chairside-analytics' && a.resourceType === AclResourceTypes.TOPIC)
      .map((a) => a.resourceName)
      .sort();
    const curated = contracts.ALL_TOPICS.filter((t) => t.audience === 'analytics').map((t) => `staging.${t.name}`);
    expect(curated.length).toBeGreaterThan(0);
    expect(read).toEqual(curated.sort());
    // And reporting, which publishes them, may write exactly those besides its own prefix.
    const reportingWrites = kafkaAcls({ KAFKA_TOPIC_PREFIX: 'staging.' }).filter(
      (a) =>
        a.principal === 'User:chairside-reporting' &&
        a.resourceType === AclResourceTypes.TOPIC &&
        a.operation === AclOperationTypes.WRITE,
    );
    expect(reportingWrites.map((a) => a.resourceName).sort()).toEqual(['staging.chairside.reporting.', ...curated].sort());
  });
});
