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
      for (const acl of own.filter((a) => a.resourceType === AclResourceTypes.TOPIC && a.operation !== AclOperationTypes.READ))
        expect(acl.resourceName).toBe(`staging.chairside.${client}.`);
      for (const acl of own.filter((a) => a.resourceType === AclResourceTypes.GROUP))
        expect(acl.resourceName.startsWith(`chairside-${client}`)).toBe(true);
      // On the cluster, at most a producer id for its idempotent producers: no ALTER, CREATE, DESCRIBE_CONFIGS.
      for (const acl of own.filter((a) => a.resourceType === AclResourceTypes.CLUSTER))
        expect(acl.operation).toBe(AclOperationTypes.IDEMPOTENT_WRITE);
    }
    // The console only reads: it has no topic of its own.
    expect(
      acls.filter(
        (a) =>
          a.principal === 'User:chairside-console' &&
          a.resourceType === AclResourceTypes.TOPIC &&
          a.operation !== AclOperationTypes.READ,
      ),
    ).toEqual([]);
  });
});
