import { ALL_TOPICS, deadLetterTopic } from './topics.js';
import { EVENT_CATALOG, eventsOnTopic } from './catalog.js';
import { freeTextFields, personalDataFields } from './personal-data.js';
import { generatedFiles } from './generate.js';
import { EVENT_TYPE_PATTERN } from './envelope.js';
import { z } from 'zod';
import { defineEvent } from './define-event.js';
import { Topics } from './topics.js';
import { InfusionPausedV1 } from './events/sessions.js';
import { ChairOutageScheduledV1 } from './events/scheduling-resources.js';

describe('event catalog', () => {
  it('has unique, well-formed, versioned type names', () => {
    const types = EVENT_CATALOG.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    for (const type of types) expect(type).toMatch(EVENT_TYPE_PATTERN);
  });

  it('puts every event on a declared topic owned by its source service', () => {
    for (const d of EVENT_CATALOG) {
      expect(ALL_TOPICS).toContain(d.topic);
      expect(d.topic.owner).toBe(d.source);
    }
    for (const topic of ALL_TOPICS) expect(eventsOnTopic(topic.name).length).toBeGreaterThan(0);
  });

  it('keeps personal data out of every analytics-facing event', () => {
    const offenders = EVENT_CATALOG.filter((d) => d.topic.audience === 'analytics').flatMap((d) =>
      personalDataFields(d).map((f) => `${d.type}: ${f}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps free text out of every analytics-facing event (every string a code, an id, a date or a pattern)', () => {
    const offenders = EVENT_CATALOG.filter((d) => d.topic.audience === 'analytics').flatMap((d) =>
      freeTextFields(d).map((f) => `${d.type}: ${f}`),
    );
    expect(offenders).toEqual([]);
  });

  it('would catch free text if an analytics event carried it', () => {
    expect(freeTextFields(InfusionPausedV1)).toEqual(['actorId', 'reason']);
    expect(freeTextFields(ChairOutageScheduledV1)).toEqual(['reason']);
  });

  it('publishes analytics only on reporting’s curated topics, patients only as keyed pseudonyms', () => {
    const analyticsTopics = ALL_TOPICS.filter((t) => t.audience === 'analytics');
    expect(analyticsTopics.map((t) => t.name).sort()).toEqual([
      'chairside.analytics.locations',
      'chairside.analytics.messages',
      'chairside.analytics.sessions',
      'chairside.analytics.visits',
    ]);
    for (const t of analyticsTopics) expect(t.owner).toBe('reporting');
    for (const d of EVENT_CATALOG.filter((e) => e.topic.audience === 'analytics')) {
      const properties = Object.keys((z.toJSONSchema(d.schema) as { properties: object }).properties);
      expect(properties).not.toContain('patientId');
      if (properties.includes('patientPseudonym')) expect(properties).toContain('pseudonymKeyId');
    }
  });

  it('carries contact data only on the internal, compacted contacts topic', () => {
    const personal = EVENT_CATALOG.filter((d) => personalDataFields(d).length > 0);
    expect(personal.map((d) => d.type)).toEqual(['chairside.scheduling.patient.contact-changed.v1']);
    for (const d of personal) expect(d.topic).toMatchObject({ audience: 'internal', cleanupPolicy: 'compact' });
  });

  it('would catch a personal field if one were added', () => {
    const leaky = defineEvent({
      name: 'scheduling.test.leaky',
      version: 1,
      topic: Topics.schedulingChairs,
      source: 'scheduling',
      aggregateType: 'test',
      description: 'not published',
      schema: z.object({ patient: z.object({ firstName: z.string(), phone: z.string() }), email: z.string() }),
    });
    expect(personalDataFields(leaky).sort()).toEqual(['email', 'patient.firstName', 'patient.phone']);
  });

  it('generates one JSON Schema per event plus an AsyncAPI document naming every topic', () => {
    const files = generatedFiles();
    expect(files.size).toBe(EVENT_CATALOG.length + 1);
    const asyncapi = JSON.parse(files.get('asyncapi.json')!) as {
      asyncapi: string;
      channels: Record<string, { address: string }>;
    };
    expect(asyncapi.asyncapi).toBe('3.0.0');
    const addresses = Object.values(asyncapi.channels).map((c) => c.address);
    for (const t of ALL_TOPICS) expect(addresses).toContain(t.name);
    expect(addresses).toContain(deadLetterTopic('reporting').name);
  });
});
