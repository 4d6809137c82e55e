import type { AuditAction, AuditOutcome, ServiceName } from '@chairside/contracts';
import {
  type CrossServiceAuditPage,
  decodeAuditCursor,
  firstAuditPositions,
  mergeAuditPages,
  type ServiceAuditPage,
  servicesToAsk,
} from './audit-pages.js';

export type { AuditRecordOfService, CrossServiceAuditPage } from './audit-pages.js';

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
  // A bad cursor is refused (400, naming it) before any service is asked.
  const positions = search.cursor ? decodeAuditCursor(search.cursor, names) : firstAuditPositions(names);
  const asked = servicesToAsk(positions);
  const answers = await Promise.allSettled(
    asked.map(({ service, before }) => fetchPage(services[service]!, service, token, search, limit, before, fetchImpl)),
  );
  // Every answer is awaited, and the first failure in the services' order is the one reported
  // (scheduling, the patient registry, first): the same refusal whichever service was slower.
  const failed = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected');
  if (failed) throw failed.reason;
  const pages = Object.fromEntries(
    asked.map(({ service }, i) => [service, (answers[i] as PromiseFulfilledResult<ServiceAuditPage>).value]),
  );
  return mergeAuditPages(positions, pages, limit);
}

async function fetchPage(
  base: string,
  service: ServiceName,
  token: string,
  search: AuditSearch,
  limit: number,
  before: string,
  fetchImpl: typeof fetch,
): Promise<ServiceAuditPage> {
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
  return body as ServiceAuditPage;
}
