import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { buildEvent } from './build-event.js';
import { decodeEvent } from './decode.js';
import { ChairAddedV1, LocationRegisteredV1 } from './events/scheduling-locations.js';

const meta = () => ({ aggregateId: randomUUID(), aggregateSequence: 1, correlationId: randomUUID() });
const location = () => ({
  locationId: randomUUID(),
  organisationId: randomUUID(),
  name: 'Riverside',
  timeZone: 'America/Chicago',
});

describe('decodeEvent', () => {
  it('accepts what buildEvent produces, round-tripped through JSON', () => {
    const event = buildEvent(LocationRegisteredV1, location(), meta());
    const decoded = decodeEvent(Buffer.from(JSON.stringify(event)));
    expect(decoded).toMatchObject({ ok: true, event: { type: 'chairside.scheduling.location.registered.v1', data: event.data } });
  });

  it('reports malformed JSON, a tombstone, and an invalid envelope', () => {
    expect(decodeEvent(Buffer.from('{not json'))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(decodeEvent(null)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(decodeEvent(JSON.stringify({ specversion: '0.3' }))).toMatchObject({ ok: false, reason: 'invalid-envelope' });
  });

  it('tells an unknown version of a known event from an unknown event', () => {
    const event = buildEvent(
      ChairAddedV1,
      { chairId: randomUUID(), locationId: randomUUID(), label: 'Chair 1', kind: 'bed' },
      meta(),
    );
    const v9 = decodeEvent(JSON.stringify({ ...event, type: 'chairside.scheduling.chair.added.v9' }));
    expect(v9).toMatchObject({ ok: false, reason: 'unknown-version' });
    expect(!v9.ok && v9.error).toContain('known: v1');
    expect(decodeEvent(JSON.stringify({ ...event, type: 'chairside.scheduling.chair.painted.v1' }))).toMatchObject({
      ok: false,
      reason: 'unknown-type',
    });
  });

  it('names the invalid data field', () => {
    const event = buildEvent(
      ChairAddedV1,
      { chairId: randomUUID(), locationId: randomUUID(), label: 'Chair 1', kind: 'bed' },
      meta(),
    );
    const result = decodeEvent(JSON.stringify({ ...event, data: { ...event.data, kind: 'sofa' } }));
    expect(result).toMatchObject({ ok: false, reason: 'invalid-data' });
    expect(!result.ok && result.error).toMatch(/^kind:/);
  });

  it('never throws, whatever bytes arrive', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const result = decodeEvent(Buffer.from(bytes));
        return result.ok === false || result.ok === true;
      }),
      { numRuns: 500 },
    );
  });

  it('never accepts an event whose data was corrupted by an arbitrary JSON value', () => {
    const valid = buildEvent(LocationRegisteredV1, location(), meta());
    fc.assert(
      fc.property(fc.constantFrom('locationId', 'organisationId', 'name', 'timeZone'), fc.jsonValue(), (field, value) => {
        fc.pre(typeof value !== 'string' || field === 'locationId' || field === 'organisationId' || field === 'timeZone');
        const corrupted = { ...valid, data: { ...valid.data, [field]: value } };
        const result = decodeEvent(JSON.stringify(corrupted));
        return !result.ok && result.reason === 'invalid-data';
      }),
      { numRuns: 300 },
    );
  });
});

describe('buildEvent', () => {
  it('fills the CloudEvents envelope and the Chairside extensions', () => {
    const m = { ...meta(), locationId: randomUUID(), causationId: randomUUID() };
    const event = buildEvent(LocationRegisteredV1, location(), m);
    expect(event).toMatchObject({
      specversion: '1.0',
      source: '/chairside/scheduling',
      subject: `location/${m.aggregateId}`,
      datacontenttype: 'application/json',
      dataschema: 'urn:chairside:event-schema:chairside.scheduling.location.registered.v1',
      aggregateid: m.aggregateId,
      aggregatesequence: 1,
      correlationid: m.correlationId,
      causationid: m.causationId,
      locationid: m.locationId,
    });
    expect(event.time).toMatch(/Z$/);
  });

  it('refuses data that does not match the schema', () => {
    expect(() => buildEvent(LocationRegisteredV1, { ...location(), timeZone: 'Mars/Olympus' }, meta())).toThrow(/IANA/);
  });

  it('does not compile with the wrong payload for an event', () => {
    // @ts-expect-error kind must be a chair kind, and label is required
    expect(() => buildEvent(ChairAddedV1, { chairId: randomUUID(), locationId: randomUUID(), kind: 'sofa' }, meta())).toThrow();
  });
});
