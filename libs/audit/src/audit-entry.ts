import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AuditOutcome, AuditRecordData } from '@chairside/contracts';
import type { AuthenticatedUser } from '@chairside/platform';
import type { AuditedOptions, AuditIdSource } from './audited.decorator.js';
import { routeOf } from './audited-routes.js';

export type AuditedRequest = Request & { user?: AuthenticatedUser };

/** Ids and request facts only: an audit record never holds the data that was read. */
export function auditEntry(
  request: AuditedRequest,
  response: Response,
  route: string,
  options: AuditedOptions,
  body: unknown,
  status: number,
): Omit<AuditRecordData, 'service'> {
  const user = request.user;
  const correlationId = response.getHeader('x-correlation-id');
  return {
    recordId: randomUUID(),
    occurredAt: new Date().toISOString(),
    actorSubject: user?.sub ?? null,
    actorRoles: user ? [...user.roles] : [],
    organisationId: user?.org ?? null,
    actorClient: user?.client ?? null,
    resourceType: options.resource,
    resourceId: idFrom(options.resourceId, request, body),
    patientId: idFrom(options.patientId, request, body),
    action: options.action,
    outcome: outcomeOf(status),
    status,
    ip: request.ip ?? request.socket?.remoteAddress ?? null,
    userAgent: bounded(viaTrustedProxy(request) ? request.headers['x-forwarded-user-agent'] : request.headers['user-agent']),
    correlationId: typeof correlationId === 'string' ? correlationId : null,
    route,
  };
}

/**
 * Whether the direct peer is a proxy the service trusts (HTTP_TRUSTED_PROXIES, Express's `trust
 * proxy`): then request.ip is already the forwarded client, and its user agent is the forwarded one.
 */
function viaTrustedProxy(request: Request): boolean {
  const trust = request.app?.get('trust proxy fn') as ((address: string, hop: number) => boolean) | undefined;
  const peer = request.socket?.remoteAddress;
  return Boolean(trust && peer && trust(peer, 0) && typeof request.headers['x-forwarded-user-agent'] === 'string');
}

export function outcomeOf(status: number): AuditOutcome {
  if (status === 401 || status === 403) return 'refused';
  return status >= 400 ? 'error' : 'success';
}

function idFrom(source: AuditIdSource | undefined, request: Request, body: unknown): string | null {
  if (source === undefined) return null;
  try {
    const value = typeof source === 'string' ? request.params?.[source] : source(request, body);
    return bounded(value);
  } catch {
    return null;
  }
}

function bounded(value: unknown): string | null {
  return typeof value === 'string' && value.length ? value.slice(0, 256) : null;
}

/** A request made with a signed link instead of a token (the patient page): what it reached. */
export interface LinkAccess {
  /** The message the link was sent in: who opened it is whoever holds that message. */
  messageId: string;
  organisationId: string;
  resource: string;
  resourceId: string;
  patientId: string;
  action: AuditedOptions['action'];
}

/**
 * The audit record of a link access. No login stands behind a patient's link, so the actor is the
 * link itself, `patient-link:<message id>`: the trail then shows which message's recipient read or
 * answered, and the organisation is the appointment's, so GET /audit finds it. A refused link
 * (expired) is `refused` whatever its status, since nothing was disclosed or changed.
 */
export function linkAuditEntry(
  request: Request,
  response: Response,
  access: LinkAccess,
  status: number,
  refused = false,
): Omit<AuditRecordData, 'service'> {
  return patientAuditEntry(request, response, `patient-link:${access.messageId}`, access, status, refused);
}

/** What a patient's texted reply (the SMS provider's webhook) applied to: one appointment of one patient. */
export interface SmsReplyAccess {
  /** The provider's id of the reply (signed with it): the same id a replay would carry. */
  providerMessageId: string;
  organisationId: string;
  resource: string;
  resourceId: string;
  patientId: string;
  action: AuditedOptions['action'];
}

/**
 * The audit record of a patient's texted reply. The provider signs the webhook, not the patient, and
 * whoever holds the phone is who answered, so the actor is the reply itself,
 * `patient-sms:<provider message id>`; the organisation is the appointment's, so GET /audit finds it.
 */
export function smsAuditEntry(
  request: Request,
  response: Response,
  access: SmsReplyAccess,
  status: number,
): Omit<AuditRecordData, 'service'> {
  return patientAuditEntry(request, response, `patient-sms:${access.providerMessageId}`, access, status, false);
}

/** A record with no login behind it: the actor is what the patient used (a link, a text), never a user. */
function patientAuditEntry(
  request: Request,
  response: Response,
  actor: string,
  access: Omit<LinkAccess, 'messageId'>,
  status: number,
  refused: boolean,
): Omit<AuditRecordData, 'service'> {
  const entry = auditEntry(
    request,
    response,
    routeOf(request.method, (request.route as { path?: string } | undefined)?.path),
    { resource: access.resource, action: access.action, resourceId: () => access.resourceId, patientId: () => access.patientId },
    undefined,
    status,
  );
  return {
    ...entry,
    actorSubject: actor,
    organisationId: access.organisationId,
    ...(refused ? { outcome: 'refused' as const } : {}),
  };
}
