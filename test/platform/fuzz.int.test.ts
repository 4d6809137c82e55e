import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Role } from '@chairside/domain';
import {
  call,
  CenterFixture,
  startOnOwnDatabase,
  testRunId,
  tokenFor,
  waitFor,
  type ServiceOnOwnDatabase,
} from '@chairside/testing';
import { notificationsDataSourceOptions } from '../../apps/notifications/src/database/data-source.js';
import { reportingDataSourceOptions } from '../../apps/reporting/src/database/data-source.js';
import { schedulingDataSourceOptions } from '../../apps/scheduling/src/database/data-source.js';
import { sessionsDataSourceOptions } from '../../apps/sessions/src/database/data-source.js';

/**
 * @runs-alone: every answer is held to 2 s while the fuzzer itself loads the machine; a neighbour would add to that.
 *
 * Every operation of every service's own OpenAPI document, called with valid and hostile values
 * (wrong types, nulls, empty and huge strings, NUL bytes, impossible and extreme dates and numbers,
 * unknown fields, random and real ids, absurd ranges) by location-limited users and admins. A finding
 * is a 5xx other than 503, an error that is not problem+json, or an answer slower than 2 s; every
 * service must still be live afterwards. FUZZ_REQUESTS sets the number of requests (20,000).
 */
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 20_000);
const CONCURRENCY = 8;
const ZONE = 'Europe/Madrid';

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  service: string;
  url: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
  components: Record<string, Schema>;
}

/** A tiny seeded generator, so a finding can be replayed with FUZZ_SEED. */
function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const HOSTILE: unknown[] = [
  null,
  '',
  'x'.repeat(20_000),
  'x'.repeat(300),
  'a\u0000b',
  '\u0000',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '2026-02-30T10:00:00Z',
  '2026-13-01',
  '1899-12-31',
  '0001-01-01',
  'not a date',
  -1,
  0,
  1e308,
  -1e308,
  2 ** 53,
  2 ** 31,
  1.5,
  'NaN',
  'Infinity',
  true,
  [],
  [1, 2, 3],
  Array.from({ length: 2_000 }, () => 'x'),
  {},
  { nested: { deeper: { deepest: [{}] } } },
  "' OR 1=1 --",
  '$1',
  '/* /* */',
  '../../etc/passwd',
  '\ud800',
  '🙂'.repeat(50),
  '00000000-0000-0000-0000-000000000000',
];

function resolve(schema: Schema | undefined, components: Record<string, Schema>, depth = 0): Schema {
  if (!schema || depth > 5) return {};
  if (schema.$ref) return resolve(components[schema.$ref.split('/').pop()!], components, depth + 1);
  if (schema.allOf?.length) return resolve(schema.allOf[0], components, depth + 1);
  return schema;
}

interface Ids {
  locationId: string;
  patientId: string;
  /** A booked appointment: its session exists in sessions, so session paths reach the use cases. */
  appointmentId: string;
  day: DateTime;
}

/**
 * Hostile header values (each a valid HTTP header value, or fetch itself would refuse to send it):
 * bad and huge credentials, bodies labelled as something else, absurd idempotency keys and
 * versions, formats nobody serves. `token` is the caller's own, for a tampered signature.
 */
function hostileHeader(rnd: ReturnType<typeof generator>, token: string): { name: string; value: string } {
  const name = rnd.pick(['authorization', 'content-type', 'idempotency-key', 'if-match', 'accept'] as const);
  const values: Record<typeof name, string[]> = {
    authorization: [
      '',
      'Bearer',
      'Bearer ',
      `Bearer ${'x'.repeat(8_000)}`,
      `Bearer ${'a'.repeat(20_000)}`,
      'Basic Zm9vOmJhcg==',
      'Bearer a.b.c',
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      `Bearer ${token.slice(0, -6)}AAAAAA`,
      `Bearer ${token} ${token}`,
      `bearer ${token}`,
    ],
    'content-type': [
      'text/plain',
      'application/xml',
      'application/json; charset=utf-16',
      'application/json; charset=klingon',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/problem+json',
      '',
      'x'.repeat(2_000),
    ],
    'idempotency-key': [
      '',
      ' ',
      'x'.repeat(5_000),
      'key with spaces',
      "'; DROP TABLE appointment; --",
      '%00',
      '00000000-0000-0000-0000-000000000000',
    ],
    'if-match': [
      '"abc"',
      '*',
      'W/"1"',
      '"-1"',
      '"99999999999999999999"',
      '""',
      '"1.5"',
      'garbage',
      '"1", "2"',
      'x'.repeat(3_000),
    ],
    accept: ['text/csv', 'application/xml', 'text/html', '*/*', 'application/problem+json', 'image/png', 'text/calendar', ''],
  };
  return { name, value: rnd.pick(values[name]) };
}

function validValue(name: string, raw: Schema | undefined, op: Operation, ids: Ids, depth = 0): unknown {
  const schema = resolve(raw, op.components);
  if (schema.enum?.length) return schema.enum[0];
  if (/locationId$/i.test(name)) return ids.locationId;
  if (/patientId$/i.test(name)) return ids.patientId;
  if (/appointmentId$/i.test(name)) return ids.appointmentId;
  if (schema.format === 'uuid' || /Id$/.test(name)) return randomUUID();
  if (schema.format === 'date-time' || /At$|^from$|^to$|^now$|deviceTime/.test(name))
    return ids.day.set({ hour: 10 }).toUTC().toISO();
  if (schema.format === 'date' || /date$/i.test(name)) return ids.day.toISODate();
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 3 ? [] : [validValue(name, schema.items, op, ids, depth + 1)];
    case 'object':
      return depth > 3 ? {} : validObject(schema, op, ids, depth + 1);
    default:
      return 'fuzz';
  }
}

function validObject(schema: Schema, op: Operation, ids: Ids, depth = 0): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) body[key] = validValue(key, property, op, ids, depth);
  return body;
}

interface Request {
  method: string;
  url: string;
  body?: unknown;
  rawBody?: string;
  /** One header set to a hostile value (authorization replaces the caller's token). */
  header?: { name: string; value: string };
  what: string;
}

function request(op: Operation, ids: Ids, rnd: ReturnType<typeof generator>, token: string): Request {
  const pathValues: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const p of op.parameters) {
    if (p.in === 'path') pathValues[p.name] = validValue(p.name, p.schema, op, ids);
    else if (p.in === 'query' && (p.required || rnd.next() < 0.5)) query[p.name] = validValue(p.name, p.schema, op, ids);
  }
  let body: unknown = op.body ? validObject(resolve(op.body, op.components), op, ids) : undefined;
  let rawBody: string | undefined;
  let what = 'valid';
  const mutation = rnd.next();
  const hostile = rnd.pick(HOSTILE);
  const params = op.parameters.filter((p) => p.in !== 'header');
  if (mutation < 0.3 && params.length) {
    const p = rnd.pick(params);
    (p.in === 'path' ? pathValues : query)[p.name] = hostile;
    what = `${p.in} ${p.name}=${JSON.stringify(hostile)?.slice(0, 40)}`;
  } else if (mutation < 0.7 && body && typeof body === 'object') {
    const keys = Object.keys(body);
    const key = keys.length ? rnd.pick(keys) : 'field';
    (body as Record<string, unknown>)[key] = hostile;
    what = `body ${key}=${JSON.stringify(hostile)?.slice(0, 40)}`;
  } else if (mutation < 0.8 && body && typeof body === 'object') {
    (body as Record<string, unknown>)[rnd.pick(['colour', '__proto__', 'constructor', 'x'.repeat(500)])] = hostile;
    what = 'body with an unknown field';
  } else if (mutation < 0.85 && op.method !== 'get') {
    body = hostile;
    what = `body=${JSON.stringify(hostile)?.slice(0, 40)}`;
  } else if (mutation < 0.9 && op.method !== 'get') {
    rawBody = rnd.pick(['{', '{"a":', 'null', '[', '\u0000', '{"a":"\\u0000"}', 'x'.repeat(100)]);
    what = `raw body ${JSON.stringify(rawBody.slice(0, 20))}`;
  } else if (mutation < 0.95) {
    for (const p of params) (p.in === 'path' ? pathValues : query)[p.name] = p.in === 'path' ? randomUUID() : undefined;
    what = 'random ids';
  }
  // Independently of the above, one request in five also carries one hostile header.
  let header: Request['header'];
  if (rnd.next() < 0.2) {
    header = hostileHeader(rnd, token);
    what = `${what}; header ${header.name}=${JSON.stringify(header.value.slice(0, 40))}${header.value.length > 40 ? '…' : ''}`;
  }
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(wellFormed(toText(pathValues[name]))));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, wellFormed(toText(v)));
  const url = `${op.url}${path}${search.size ? `?${search.toString()}` : ''}`;
  return {
    method: op.method.toUpperCase(),
    url,
    what,
    ...(header ? { header } : {}),
    ...(rawBody !== undefined ? { rawBody } : body !== undefined ? { body } : {}),
  };
}

/** Lone surrogates become U+FFFD, as a client's UTF-8 encoding would send them. */
const wellFormed = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');
const toText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

describe('fuzz: every operation of every OpenAPI document, valid and hostile, as limited users and admins', () => {
  const runId = testRunId('fuzz');
  const services: Array<ServiceOnOwnDatabase & { name: string }> = [];
  let ids: Ids;

  beforeAll(async () => {
    // The four start side by side (each on its own database): one's migrations run while another loads.
    const started = await Promise.allSettled(
      (
        [
          ['scheduling', schedulingDataSourceOptions],
          ['sessions', sessionsDataSourceOptions],
          ['notifications', notificationsDataSourceOptions],
          ['reporting', reportingDataSourceOptions],
        ] as const
      ).map(async ([name, dataSourceOptions]) => ({
        name,
        ...(await startOnOwnDatabase({ service: name, runId, dataSourceOptions })),
      })),
    );
    for (const s of started) if (s.status === 'fulfilled') services.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const day = DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf('day');
    const center = await new CenterFixture(services[0]!.service.url, ZONE, day).create({ chairs: 2, nurses: 1, capacity: 3 });
    const [patientId, otherPatientId] = (await center.patients(2)) as [string, string];
    // A booking, so that sessions has a session under a real appointment id (from scheduling's event)
    // and session paths reach the state machine instead of mostly answering 404.
    const booked = await center.post(`/locations/${center.locationId}/appointments`, {
      patientId: otherPatientId,
      therapyCode: 'immune_globulin',
      startsAt: center.at(9),
      durationMinutes: 120,
    });
    const sessions = services.find((s) => s.name === 'sessions')!.service.url;
    await waitFor(
      async () =>
        (
          await call('GET', `${sessions}/locations/${center.locationId}/sessions/${booked.id}`, {
            token: tokenFor(['nurse'], [center.locationId]),
          })
        ).status === 200,
      { what: 'the booked session in sessions', timeoutMs: 60_000 },
    );
    ids = { locationId: center.locationId, patientId, appointmentId: booked.id, day };
  }, 240_000);
  afterAll(async () => {
    for (const s of services) await s.stop();
  });

  it('answers every request with a 2xx, 3xx or 4xx (503 allowed), errors as problem+json, each within 2 s, and stays live', async () => {
    const operations: Operation[] = [];
    for (const s of services) {
      const doc = (await call('GET', `${s.service.url}/docs/openapi.json`)).body as {
        paths: Record<
          string,
          Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
        >;
        components?: { schemas?: Record<string, Schema> };
      };
      for (const [path, methods] of Object.entries(doc.paths)) {
        if (/^\/(health|metrics|docs)/.test(path)) continue;
        for (const [method, op] of Object.entries(methods)) {
          const body = op.requestBody?.content?.['application/json']?.schema;
          operations.push({
            service: s.name,
            url: s.service.url,
            method,
            path,
            parameters: op.parameters ?? [],
            ...(body ? { body } : {}),
            components: doc.components?.schemas ?? {},
          });
        }
      }
    }
    expect(operations.length).toBeGreaterThan(40);

    const roles: Role[] = ['admin', 'scheduler', 'nurse', 'charge-nurse', 'manager', 'analyst', 'privacy-officer'];
    // Mostly users who pass the guard (so the values reach validation and the use cases): admins of the
    // organisation and of the one location; then every role limited to that location, and a stranger to it.
    // The organisation's admin reaches the organisation-wide operations (locations, catalog, audit, clocks).
    const admin = tokenFor(['admin'], '*');
    const localAdmin = tokenFor(['admin'], [ids.locationId]);
    const tokens = [
      admin,
      admin,
      admin,
      localAdmin,
      localAdmin,
      ...roles.map((r) => tokenFor([r], [ids.locationId])),
      tokenFor(['scheduler'], [randomUUID()]),
    ];
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const findings: string[] = [];
    const statuses = new Map<number, number>();
    // Answers on session paths, to show they reach the sessions (not mostly 404).
    const sessionStatuses = new Map<number, number>();
    let sent = 0;
    const worker = async (w: number) => {
      const rnd = generator(seed * 31 + w);
      while (sent < TOTAL && findings.length < 50) {
        sent++;
        const op = operations[sent % operations.length]!;
        const token = rnd.pick(tokens);
        const r = request(op, ids, rnd, token);
        const started = performance.now();
        const response = await call(r.method, r.url, {
          ...(r.header?.name === 'authorization' ? {} : { token }),
          ...(r.header ? { headers: { [r.header.name]: r.header.value } } : {}),
          ...(r.rawBody !== undefined ? { rawBody: r.rawBody } : r.body !== undefined ? { body: r.body } : {}),
        }).catch((error: unknown) => ({ status: 0, headers: new Headers(), body: String(error) }));
        const ms = performance.now() - started;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (op.path.includes('/sessions/{appointmentId}'))
          sessionStatuses.set(response.status, (sessionStatuses.get(response.status) ?? 0) + 1);
        const where = `${op.service} ${r.method} ${op.path} [${r.what}] (seed ${seed})`;
        if (response.status === 0 || (response.status >= 500 && response.status !== 503))
          findings.push(`${response.status} ${where}: ${JSON.stringify(response.body)?.slice(0, 200)}`);
        // 431: Node's HTTP parser refuses a request line and headers over 16 kB before any handler runs.
        else if (
          response.status >= 400 &&
          response.status !== 431 &&
          !/application\/problem\+json/.test(response.headers.get('content-type') ?? '')
        )
          findings.push(`${response.status} not problem+json ${where}`);
        if (response.status !== 0 && response.status !== 431 && response.headers.get('x-content-type-options') !== 'nosniff')
          findings.push(`${response.status} without security headers ${where}`);
        if (ms > 2_000) findings.push(`${Math.round(ms)} ms ${where}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
    // The count and the mix of answers, for the record.
    console.log(
      `fuzz: ${sent} requests over ${operations.length} operations of ${services.length} services, ${findings.length} findings; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
    console.log(`fuzz: session paths ${JSON.stringify(Object.fromEntries([...sessionStatuses].sort((a, b) => a[0] - b[0])))}`);
    for (const f of findings) console.log(`finding: ${f}`);
    expect(findings).toEqual([]);
    // Real appointment ids: most requests on session paths are answered by the session, not 404.
    const onSessions = [...sessionStatuses.values()].reduce((a, b) => a + b, 0);
    expect(sessionStatuses.get(404) ?? 0).toBeLessThan(onSessions / 2);
    expect(sent).toBeGreaterThanOrEqual(Math.min(TOTAL, 20_000));
    for (const s of services) expect((await call('GET', `${s.service.url}/health/live`)).status).toBe(200);
  }, 600_000);
});
