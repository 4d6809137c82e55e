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

/** Strings an analytics event may carry unconstrained by the schema: a center's name, an IANA zone (checked by code). */
const ANALYTICS_TEXT_ALLOWED = new Set(['name', 'timeZone']);

/**
 * Dotted paths of the string properties that could carry free text: not an enum, a constant, a
 * format (uuid, date-time…) or a pattern. Analytics events may have none (a center's name aside):
 * a reason typed by a nurse is free text whatever its field is called.
 */
export function freeTextFields(definition: EventDefinition): string[] {
  const schema = z.toJSONSchema(definition.schema, { unrepresentable: 'any' }) as TextSchemaNode;
  const found: string[] = [];
  walkText(schema, '', found);
  return found;
}

interface TextSchemaNode extends JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
}

function walkText(node: TextSchemaNode | undefined, path: string, found: string[]): void {
  if (!node || typeof node !== 'object') return;
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  const key = path.split('.').at(-1) ?? '';
  if (types.includes('string') && !node.enum && node.const === undefined && !node.format && !node.pattern)
    if (!ANALYTICS_TEXT_ALLOWED.has(key)) found.push(path);
  for (const [k, child] of Object.entries(node.properties ?? {}))
    walkText(child as TextSchemaNode, path ? `${path}.${k}` : k, found);
  const items = Array.isArray(node.items) ? node.items : node.items ? [node.items] : [];
  for (const child of [...items, ...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])])
    walkText(child as TextSchemaNode, `${path}[]`, found);
  if (typeof node.additionalProperties === 'object') walkText(node.additionalProperties as TextSchemaNode, `${path}.*`, found);
}
