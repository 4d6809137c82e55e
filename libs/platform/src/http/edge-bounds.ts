import type { ProblemField } from './problem.js';

/**
 * Bounds every request value is held to at the edge, whatever its DTO says, so that no value the
 * database would refuse (a NUL byte, year 0, an integer past int4) and no value that sizes work
 * without limit reaches a use case. DTOs add tighter bounds of their own (lengths, ranges, vocabularies).
 */
export const EDGE_BOUNDS = {
  /** Longest string accepted anywhere (DTOs say less: names 200, reasons 200, instructions 2,000). */
  maxStringLength: 10_000,
  /** Longest array accepted anywhere (DTOs say less). */
  maxArrayLength: 1_000,
  /** Deepest nesting of objects and arrays. */
  maxDepth: 8,
  /** Most fields in one object. */
  maxKeys: 200,
  /** Instants and dates: from 1900 to 2200 (UTC), real calendar values only. */
  minYear: 1900,
  maxYear: 2200,
  /** Numbers: finite and within PostgreSQL's integer range (DTOs say less). */
  maxMagnitude: 2_147_483_647,
} as const;

const at = (parent: string, key: string | number) => (parent ? `${parent}.${key}` : String(key));

/**
 * Before any DTO is built: the shape of what arrived (strings, arrays, nesting, keys). Cheap and
 * bounded itself: it stops at the first `maxDepth` level and reports at most 20 fields.
 */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function rawValueProblems(value: unknown, field = '', depth = 0, found: ProblemField[] = []): ProblemField[] {
  if (found.length >= 20) return found;
  if (typeof value === 'string') {
    if (value.length > EDGE_BOUNDS.maxStringLength)
      found.push({ field: field || '(value)', reason: `must be at most ${EDGE_BOUNDS.maxStringLength} characters` });
    else if (value.includes('\u0000')) found.push({ field: field || '(value)', reason: 'must not contain a NUL byte' });
    // A lone UTF-16 surrogate ("\ud800" in JSON) has no UTF-8 form: PostgreSQL and the mail and SMS
    // providers would refuse it deep inside a write. With the u flag a well-formed pair is one code
    // point and does not match; only an unpaired half does.
    else if (LONE_SURROGATE.test(value)) found.push({ field: field || '(value)', reason: 'must be valid Unicode text' });
    return found;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) found.push({ field: field || '(value)', reason: 'must be a finite number' });
    return found;
  }
  if (value === null || typeof value !== 'object') return found;
  if (depth >= EDGE_BOUNDS.maxDepth) {
    found.push({ field: field || '(body)', reason: `nests more than ${EDGE_BOUNDS.maxDepth} levels` });
    return found;
  }
  if (Array.isArray(value)) {
    if (value.length > EDGE_BOUNDS.maxArrayLength) {
      found.push({ field: field || '(body)', reason: `must have at most ${EDGE_BOUNDS.maxArrayLength} items` });
      return found;
    }
    value.forEach((item, i) => rawValueProblems(item, at(field, i), depth + 1, found));
    return found;
  }
  const keys = Object.keys(value);
  if (keys.length > EDGE_BOUNDS.maxKeys) {
    found.push({ field: field || '(body)', reason: `must have at most ${EDGE_BOUNDS.maxKeys} fields` });
    return found;
  }
  for (const key of keys) {
    if (key.length > 100 || key.includes('\u0000')) {
      found.push({ field: at(field, key.slice(0, 100).replaceAll('\u0000', '')), reason: 'is not an accepted field' });
      continue;
    }
    rawValueProblems((value as Record<string, unknown>)[key], at(field, key), depth + 1, found);
  }
  return found;
}

/** An ISO-8601 date, or an instant with its offset (`Z` or `±hh:mm`). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|([+-])(\d{2}):?(\d{2})))?$/;

/** Why `text` is not an instant or date this API accepts, or undefined when it is one. */
export function instantProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return 'must be an ISO-8601 instant (a string such as 2026-12-01T15:02:00Z)';
  const m = ISO.exec(text);
  if (!m) return 'must be an ISO-8601 instant with its offset, e.g. 2026-12-01T15:02:00Z';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < EDGE_BOUNDS.minYear || year > EDGE_BOUNDS.maxYear)
    return `must lie between the years ${EDGE_BOUNDS.minYear} and ${EDGE_BOUNDS.maxYear}`;
  if (month < 1 || month > 12) return 'must be a real calendar date (month 01–12)';
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return `must be a real calendar date (${m[1]}-${m[2]} has ${daysInMonth} days)`;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59))
    return 'must be a real time of day (hours 00–23, minutes and seconds 00–59)';
  if (m[8] !== undefined && (Number(m[8]) > 18 || Number(m[9]) > 59)) return 'must have an offset of at most ±18:00';
  return undefined;
}

/**
 * After the DTO is built: every Date came from a strict, real, in-range instant (class-transformer
 * turns `2026-02-30` into 2 March and `0` into 1970), and every number is finite and in range.
 */
export function builtValueProblems(
  built: unknown,
  raw: unknown,
  field = '',
  depth = 0,
  found: ProblemField[] = [],
): ProblemField[] {
  if (depth > EDGE_BOUNDS.maxDepth || found.length >= 20) return found;
  if (built instanceof Date) {
    if (raw === undefined) return found; // a default the DTO set itself
    const problem = instantProblem(raw);
    if (problem) found.push({ field: field || '(value)', reason: problem });
    return found;
  }
  if (typeof built === 'number') {
    if (!Number.isFinite(built)) found.push({ field: field || '(value)', reason: 'must be a finite number' });
    else if (Math.abs(built) > EDGE_BOUNDS.maxMagnitude)
      found.push({
        field: field || '(value)',
        reason: `must be between -${EDGE_BOUNDS.maxMagnitude} and ${EDGE_BOUNDS.maxMagnitude}`,
      });
    return found;
  }
  if (built === null || typeof built !== 'object') return found;
  const rawObject = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
  if (Array.isArray(built)) {
    built.forEach((item, i) => builtValueProblems(item, rawObject?.[i], at(field, i), depth + 1, found));
    return found;
  }
  for (const [key, value] of Object.entries(built)) builtValueProblems(value, rawObject?.[key], at(field, key), depth + 1, found);
  return found;
}
