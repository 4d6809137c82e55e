import type { z } from 'zod';
import { envelopeSchema, type CloudEvent } from './envelope.js';
import { findEventDefinition, knownVersions, type AnyEventDefinition } from './catalog.js';

export type DecodeFailureReason = 'malformed' | 'invalid-envelope' | 'unknown-type' | 'unknown-version' | 'invalid-data';

export type DecodeResult =
  | { ok: true; event: CloudEvent<unknown>; definition: AnyEventDefinition }
  | { ok: false; reason: DecodeFailureReason; error: string; type?: string };

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** Validates a received message: JSON, then the envelope, then the data against its versioned schema. */
export function decodeEvent(raw: Buffer | string | null): DecodeResult {
  if (raw === null) return { ok: false, reason: 'malformed', error: 'empty message value (tombstone)' };
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'malformed', error: `not JSON: ${(error as Error).message}` };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { ok: false, reason: 'invalid-envelope', error: describe(envelope.error) };
  const type = envelope.data.type;
  const definition = findEventDefinition(type);
  if (!definition) {
    const versions = knownVersions(type);
    return versions.length
      ? {
          ok: false,
          reason: 'unknown-version',
          type,
          error: `${type} is not a known version (known: ${versions.map((v) => `v${v}`).join(', ')})`,
        }
      : { ok: false, reason: 'unknown-type', type, error: `${type} is not a known event type` };
  }
  const data = definition.schema.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: 'invalid-data', type, error: describe(data.error) };
  return { ok: true, event: { ...envelope.data, data: data.data }, definition };
}
