import { SERVICE_NAMES, type AuditRecordData, type ServiceName } from '@chairside/contracts';
import { ProblemException } from '@chairside/platform';

export type AuditRecordOfService = AuditRecordData & { seq: string };

/** One service's answer to `GET /audit` (audit-trail.query.ts): newest first by seq; `next` is the `before` of the older page. */
export interface ServiceAuditPage {
  records: AuditRecordOfService[];
  next: string | null;
}

export interface CrossServiceAuditPage {
  /** Every service's records in one list, newest first. */
  records: AuditRecordOfService[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next: string | null;
}

/**
 * Where each service's part of the merged list stands: the `before` to ask it with ('' = from its
 * newest), or null once it has nothing older. A service missing from a cursor is not asked again.
 */
export type AuditPositions = Partial<Record<ServiceName, string | null>>;

/** The positions of a first page: every service from its newest. */
export function firstAuditPositions(services: readonly ServiceName[]): AuditPositions {
  return Object.fromEntries(services.map((name) => [name, '']));
}

/** The services still to ask, with the `before` of each ('' = from the newest). */
export function servicesToAsk(positions: AuditPositions): Array<{ service: ServiceName; before: string }> {
  return (Object.entries(positions) as Array<[ServiceName, string | null]>)
    .filter((entry): entry is [ServiceName, string] => typeof entry[1] === 'string')
    .map(([service, before]) => ({ service, before }));
}

/**
 * Merges the pages the services answered for `positions` into one page of at most `limit` records,
 * newest first, and the cursor of the next page.
 *
 * Each service's part of the merged page is a prefix of its own page (a k-way merge that only ever
 * takes a list's head), so its position for the next page is its last record handed out: "Load more"
 * neither skips a record nor shows one twice, whatever the services' clocks. Ties on time go to
 * the service named first in `positions`, then to the service's own order, so the same pages always
 * merge the same way. Each service must have been asked for at least `limit` records.
 */
export function mergeAuditPages(
  positions: AuditPositions,
  pages: Partial<Record<ServiceName, ServiceAuditPage>>,
  limit: number,
): CrossServiceAuditPage {
  const asked = servicesToAsk(positions).map((a) => a.service);
  for (const name of asked) if (!pages[name]) throw new Error(`mergeAuditPages: no page of ${name}`);
  const taken = new Map<ServiceName, number>(asked.map((name) => [name, 0]));
  const head = (name: ServiceName) => pages[name]!.records[taken.get(name)!];
  const records: AuditRecordOfService[] = [];
  while (records.length < limit) {
    let best: ServiceName | undefined;
    for (const name of asked) {
      const candidate = head(name);
      if (candidate && (!best || candidate.occurredAt > head(best)!.occurredAt)) best = name;
    }
    if (!best) break;
    records.push(head(best)!);
    taken.set(best, taken.get(best)! + 1);
  }

  const next: AuditPositions = {};
  for (const name of asked) {
    const page = pages[name]!;
    const used = taken.get(name)!;
    // Records left on its page: continue after the last one shown (or where it stood, if none was).
    if (used < page.records.length) next[name] = used ? page.records[used - 1]!.seq : positions[name]!;
    else next[name] = page.next;
  }
  return { records, next: Object.values(next).some((v) => v !== null) ? encodeAuditCursor(next) : null };
}

/** Opaque to callers: the positions as base64url JSON. */
export function encodeAuditCursor(positions: AuditPositions): string {
  return Buffer.from(JSON.stringify(positions), 'utf8').toString('base64url');
}

/**
 * The positions a cursor carries, for a search over `services`. Anything this module did not make
 * (not base64url JSON, an unknown service, a position that is not a record sequence) is the
 * caller's error: 400 naming `cursor`, before any service is asked.
 */
export function decodeAuditCursor(text: string, services: readonly ServiceName[]): AuditPositions {
  const refuse = (reason: string) =>
    ProblemException.validation([{ field: 'cursor', reason }], 'The cursor is not one this search handed out.');
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(text)) throw refuse('must be the `next` of a previous page');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse('must be the `next` of a previous page');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw refuse('must be the `next` of a previous page');
  const positions: AuditPositions = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!(SERVICE_NAMES as readonly string[]).includes(name) || !services.includes(name as ServiceName))
      throw refuse(`names ${JSON.stringify(name).slice(0, 40)}, not a service of this search`);
    // '' is "from its newest": a service none of whose records made it onto the first page.
    if (value !== null && (typeof value !== 'string' || !/^[0-9]{0,18}$/.test(value)))
      throw refuse(`the position of ${name} must be a record sequence or null`);
    positions[name as ServiceName] = value as string | null;
  }
  if (servicesToAsk(positions).length === 0) throw refuse('has nothing left to read');
  return positions;
}
