import { z } from 'zod';
import type { EventDefinition } from './define-event.js';

/**
 * Field names that identify or reach a patient. They may appear only on internal topics that
 * exist to carry them (the patient contact topic); analytics-facing events carry ids only.
 */
export const PERSONAL_DATA_FIELD_PATTERNS: readonly RegExp[] = [
  /^(first|last|given|family|full|middle|patient|preferred)_?name$/i,
  /^(phone|mobile|sms|telephone)(_?number)?$/i,
  /^e-?mail(_?address)?$/i,
  /^(date_?of_?birth|dob|birth_?date|birthday)$/i,
  /^(home_?)?address$/i,
  /^(street|postal_?code|zip(_?code)?)$/i,
  /^(ssn|mrn|medical_?record_?number|insurance_?(id|number))$/i,
];

/** Dotted paths of every property in the event's data schema whose name looks personal. */
export function personalDataFields(definition: EventDefinition): string[] {
  const schema = z.toJSONSchema(definition.schema, { unrepresentable: 'any' }) as JsonSchemaNode;
  const found: string[] = [];
  walk(schema, '', found);
  return found;
}

interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode | JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  additionalProperties?: JsonSchemaNode | boolean;
}

function walk(node: JsonSchemaNode | undefined, path: string, found: string[]): void {
  if (!node || typeof node !== 'object') return;
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const childPath = path ? `${path}.${key}` : key;
    if (PERSONAL_DATA_FIELD_PATTERNS.some((p) => p.test(key))) found.push(childPath);
    walk(child, childPath, found);
  }
  const items = Array.isArray(node.items) ? node.items : node.items ? [node.items] : [];
  for (const child of [...items, ...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])])
    walk(child, `${path}[]`, found);
  if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${path}.*`, found);
}
