import { Inject, Injectable } from '@nestjs/common';
import {
  type AuditPositions,
  decodeAuditCursor,
  firstAuditPositions,
  mergeAuditPages,
  type ServiceAuditPage,
  servicesToAsk,
} from '@chairside/audit';
import { SERVICE_NAMES, type ServiceName } from '@chairside/contracts';
import { ProblemException } from '@chairside/platform';
import { type ServiceAnswer, ServiceClient } from '../api-proxy/service-client.js';
import type { ConsoleSession } from '../sign-in/session.store.js';

/** Looks a page: enough for a screen, bounded so a busy patient's trail is never read whole. */
export const LOOKS_PAGE_SIZE = 20;
/** The services answer at most 366 days at once; the screen reads the last year. */
const YEAR_MS = 365 * 24 * 3600_000;

/** One look at the patient's data, as the screen shows it (no IP address or browser: see AuditTrailQuery). */
export interface PatientLook {
  recordId: string;
  service: ServiceName;
  occurredAt: string;
  actorSubject: string | null;
  actorRoles: string[];
  resourceType: string;
  action: string;
  outcome: string;
  route: string;
}

export interface PatientLooksPage {
  looks: PatientLook[];
  /** The `cursor` of the next (older) page; null on the last. */
  next: string | null;
}

/**
 * "Who looked at this patient" across every service's audit trail: each service's
 * `GET /audit?patientId=` with the user's own token (each applies its own rule of who may read and
 * which patients they see, and records the search in its own trail), merged newest first, a page
 * at a time, by mergeAuditPages so "Load more" neither skips nor repeats.
 *
 * All or nothing: a service that refuses or fails fails the page with its own answer (the first in
 * the services' order, scheduling, the patient registry, first: its 404 is "no such patient"),
 * since who looked must not be answered from part of the trail.
 */
@Injectable()
export class PatientLooksQuery {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  async execute(
    session: ConsoleSession,
    patientId: string,
    cursor: string | undefined,
    now = new Date(),
  ): Promise<PatientLooksPage> {
    // A bad cursor is the caller's error (400 naming it), found before any service is asked.
    const positions: AuditPositions = cursor ? decodeAuditCursor(cursor, SERVICE_NAMES) : firstAuditPositions(SERVICE_NAMES);
    // The window moves with each page by the seconds between them; the cursor's positions, not the
    // window, decide what comes next, so only a record a year old at the edge could drop out.
    const from = new Date(now.getTime() - YEAR_MS).toISOString();
    const asked = servicesToAsk(positions);
    const answers = await Promise.all(
      asked.map(({ service, before }) => {
        const query = new URLSearchParams({ patientId, from, limit: String(LOOKS_PAGE_SIZE) });
        if (before) query.set('before', before);
        return this.services.call(service, 'GET', `/audit?${query.toString()}`, session.accessToken);
      }),
    );
    const failed = answers.findIndex((a) => a.status !== 200);
    if (failed >= 0) throw refusal(asked[failed]!.service, answers[failed]!);
    const pages = Object.fromEntries(asked.map(({ service }, i) => [service, JSON.parse(answers[i]!.body) as ServiceAuditPage]));
    const merged = mergeAuditPages(positions, pages, LOOKS_PAGE_SIZE);
    return {
      looks: merged.records.map((r) => ({
        recordId: r.recordId,
        service: r.service,
        occurredAt: r.occurredAt,
        actorSubject: r.actorSubject,
        actorRoles: r.actorRoles,
        resourceType: r.resourceType,
        action: r.action,
        outcome: r.outcome,
        route: r.route,
      })),
      next: merged.next,
    };
  }
}

/** The service's own problem (403, 404, 400…), passed on as it said it. */
function refusal(service: ServiceName, answer: ServiceAnswer): ProblemException {
  try {
    const problem = JSON.parse(answer.body) as { status?: unknown; title?: unknown };
    if (problem.status === answer.status && typeof problem.title === 'string') return new ProblemException(problem as never);
  } catch {
    // Not a problem document: described below.
  }
  return new ProblemException({
    type: '/problems/service-unavailable',
    title: 'Service Unavailable',
    status: 503,
    detail: `${service} answered ${answer.status} to the audit search.`,
  });
}
