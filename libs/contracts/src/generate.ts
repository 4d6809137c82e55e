/**
 * Writes the published contract files from the code:
 *   docs/events/schemas/<event type>.json   one JSON Schema (2020-12) per event, envelope included
 *   docs/events/asyncapi.json               AsyncAPI 3.0: topics, messages, who publishes what
 * `--check` compares instead of writing and exits 1 when a committed file is stale.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EVENT_CATALOG, type AnyEventDefinition } from './catalog.js';
import { envelopeSchema } from './envelope.js';
import { SERVICE_NAMES } from './services.js';
import { ALL_TOPICS, deadLetterTopic } from './topics.js';

type JsonSchemaObject = { properties?: Record<string, unknown>; required?: string[]; $schema?: string; [key: string]: unknown };

export function eventJsonSchema(definition: AnyEventDefinition): Record<string, unknown> {
  const envelope = z.toJSONSchema(envelopeSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchemaObject;
  const data = z.toJSONSchema(definition.schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
  }) as JsonSchemaObject;
  delete data.$schema;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: definition.dataschema,
    title: definition.type,
    description: definition.description,
    ...envelope,
    properties: {
      ...envelope.properties,
      type: { const: definition.type },
      source: { const: `/chairside/${definition.source}` },
      aggregatetype: { const: definition.aggregateType },
      dataschema: { const: definition.dataschema },
      data,
    },
    required: [...new Set([...(envelope.required ?? []), 'data'])],
  };
}

export function asyncApiDocument(): Record<string, unknown> {
  const topics = [...ALL_TOPICS, ...SERVICE_NAMES.map(deadLetterTopic)];
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const topic of topics) {
    const events = EVENT_CATALOG.filter((d) => d.topic.name === topic.name);
    const channelId = topic.name.replaceAll('.', '_');
    channels[channelId] = {
      address: topic.name,
      description: topic.description,
      messages: Object.fromEntries(events.map((d) => [messageId(d), { $ref: `#/components/messages/${messageId(d)}` }])),
      bindings: {
        kafka: {
          topic: topic.name,
          partitions: topic.partitions,
          topicConfiguration: { 'cleanup.policy': [topic.cleanupPolicy], 'retention.ms': topic.retentionMs },
          bindingVersion: '0.5.0',
        },
      },
      'x-audience': topic.audience,
      'x-owner': topic.owner,
    };
    if (events.length) {
      operations[`${topic.owner}_publishes_${channelId}`] = {
        action: 'send',
        channel: { $ref: `#/channels/${channelId}` },
        summary: `${topic.owner} publishes through its transactional outbox`,
        messages: events.map((d) => ({ $ref: `#/channels/${channelId}/messages/${messageId(d)}` })),
      };
    }
    for (const d of events) {
      messages[messageId(d)] = {
        name: d.type,
        title: d.type,
        summary: d.description,
        contentType: 'application/cloudevents+json',
        payload: { $ref: `./schemas/${d.type}.json` },
        bindings: {
          kafka: { key: { type: 'string', description: `${d.aggregateType} id (aggregateid)` }, bindingVersion: '0.5.0' },
        },
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Chairside events',
      version: '1.0.0',
      description:
        'Events published by the Chairside services. Every message is a CloudEvents 1.0 JSON document (structured mode); the Kafka key is the aggregate id, so one aggregate’s events are ordered. Delivery is at least once: deduplicate by the CloudEvents id.',
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'Local broker started by infra/kafka/kafka.sh' },
    },
    channels,
    operations,
    components: { messages },
  };
}

function messageId(d: AnyEventDefinition): string {
  return d.type.replaceAll('.', '_');
}

function stable(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const d of EVENT_CATALOG) files.set(join('schemas', `${d.type}.json`), stable(eventJsonSchema(d)));
  files.set('asyncapi.json', stable(asyncApiDocument()));
  return files;
}

function main(): void {
  const check = process.argv.includes('--check');
  const outDir = fileURLToPath(new URL('../../../docs/events/', import.meta.url));
  const files = generatedFiles();
  const stale: string[] = [];
  for (const [rel, content] of files) {
    const path = join(outDir, rel);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === content) continue;
    if (check) stale.push(rel);
    else {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, content);
    }
  }
  const schemaDir = join(outDir, 'schemas');
  const extra = existsSync(schemaDir) ? readdirSync(schemaDir).filter((f) => !files.has(join('schemas', f))) : [];
  if (check) {
    if (stale.length || extra.length) {
      console.error(
        `docs/events is out of date (${[...stale, ...extra.map((f) => `extra schemas/${f}`)].join(', ')}). Run: npm run generate`,
      );
      process.exit(1);
    }
    console.log(`docs/events is current (${files.size} files)`);
  } else {
    if (extra.length) console.warn(`schemas for no longer published events remain: ${extra.join(', ')}`);
    console.log(`wrote docs/events (${files.size} files)`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
