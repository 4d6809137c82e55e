import type { AuditAction, AuditOutcome, AuditRecordData, ServiceName } from '@chairside/contracts';

/** The filters of `GET /audit`, the same on every service. */
export interface AuditSearch {
  from: string;
  to?: string;
  patientId?: string;
  actor?: string;
  resourceType?: string;
  resourceId?: string;
  action?: AuditAction;
  outcome?: AuditOutcome;
  /** Records in the merged page (default 100, at most 500: each service is asked for as many). */
  limit?: number;
  /** The `next` of the previous merged page. */
  cursor?: string;
}

export type AuditRecordOfService = AuditRecordData & { seq: string };

export interface CrossServiceAuditPage {
  /** Every service's records in one list, newest first. */
  records: AuditRecordOfService[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next: string | null;
}

interface ServicePage {
  records: AuditRecordOfService[];
  next: string | null;
}

/** Per service: the `before` to ask with ('' = from the newest), or null once it has nothing older. */
type Cursor = Partial<Record<ServiceName, string | null>>;

export class AuditSearchError extends Error {
  constructor(
    readonly service: ServiceName,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`GET /audit at ${service} answered ${status}`);
  }
}

/**
 * The audit trail of one organisation across services, in one list: asks every service's
 * `GET /audit` with the same filters and the caller's token (each service scopes the answer to the
 * token's organisation and records the search in its own trail) and merges the answers newest first.
 *
 * A fan-out rather than one central store: each service stays the only writer and keeper of its
 * trail (hash-chained in its own database), and a SIEM gets one stream from the audit topics.
 * A service that does not answer fails the whole search (AuditSearchError): "who looked at this
 * patient" must not be answered from part of the trail. Pages are merged so each service's records
 * stay in its own order (newest first), so the cursor is, per service, the last record handed out.
 */
export async function searchAuditTrailAcrossServices(
  services: Partial<Record<ServiceName, string>>,
  token: string,
  search: AuditSearch,
  fetchImpl: typeof fetch = fetch,
): Promise<CrossServiceAuditPage> {
  const limit = search.limit ?? 100;
  const names = Object.keys(services) as ServiceName[];
  const cursor: Cursor = search.cursor ? decodeCursor(search.cursor) : Object.fromEntries(names.map((n) => [n, '']));
  const active = names.filter((name) => cursor[name] !== null && cursor[name] !== undefined);
  const pages = new Map<ServiceName, ServicePage>(
    await Promise.all(
      active.map(
        async (name) => [name, await fetchPage(services[name]!, name, token, search, limit, cursor[name]!, fetchImpl)] as const,
      ),
    ),
  );

  // A k-way merge: the newest head of any service's list next, so each service's part is a prefix of its page.
  const taken = new Map<ServiceName, number>(active.map((name) => [name, 0]));
  const records: AuditRecordOfService[] = [];
  while (records.length < limit) {
    let best: ServiceName | undefined;
    for (const name of active) {
      const head = pages.get(name)!.records[taken.get(name)!];
      if (!head) continue;
      const current = best ? pages.get(best)!.records[taken.get(best)!]! : undefined;
      if (!current || head.occurredAt > current.occurredAt) best = name;
    }
    if (!best) break;
    records.push(pages.get(best)!.records[taken.get(best)!]!);
    taken.set(best, taken.get(best)! + 1);
  }

  const next: Cursor = {};
  for (const name of active) {
    const page = pages.get(name)!;
    const used = taken.get(name)!;
    if (used < page.records.length) next[name] = used ? page.records[used - 1]!.seq : cursor[name]!;
    else next[name] = page.next;
  }
  return { records, next: Object.values(next).some((v) => v !== null) ? encodeCursor(next) : null };
}

async function fetchPage(
  base: string,
  service: ServiceName,
  token: string,
  search: AuditSearch,
  limit: number,
  before: string,
  fetchImpl: typeof fetch,
): Promise<ServicePage> {
  const parameters = new URLSearchParams();
  for (const key of ['from', 'to', 'patientId', 'actor', 'resourceType', 'resourceId', 'action', 'outcome'] as const) {
    const value = search[key];
    if (value !== undefined) parameters.set(key, value);
  }
  parameters.set('limit', String(limit));
  if (before) parameters.set('before', before);
  const response = await fetchImpl(`${base.replace(/\/$/, '')}/audit?${parameters.toString()}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status !== 200) throw new AuditSearchError(service, response.status, body);
  return body as ServicePage;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(text: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new Error('cursor: not a cursor of this search');
  }
  if (!parsed || typeof parsed !== 'object') throw new Error('cursor: not a cursor of this search');
  for (const value of Object.values(parsed)) {
    if (value !== null && (typeof value !== 'string' || !/^[0-9]{0,18}$/.test(value)))
      throw new Error('cursor: not a cursor of this search');
  }
  return parsed as Cursor;
}
