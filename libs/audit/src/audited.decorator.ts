import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { AuditAction } from '@chairside/contracts';

export const AUDITED = 'chairside:audited';

/**
 * Where an id comes from: a path parameter's name, or a function of the request and the response
 * body (the loaded resource; undefined when the request was refused or failed, so read it with `?.`).
 */
export type AuditIdSource = string | ((request: Request, body: unknown) => string | null | undefined);

export interface AuditedOptions {
  /** The kind of patient data, in the clinic's words: patient-contact, appointment, session, vitals, reaction, messages… */
  resource: string;
  action: AuditAction;
  resourceId?: AuditIdSource;
  /** The patient whose data it is, when one is (a day board or a search spans many: leave it out). */
  patientId?: AuditIdSource;
}

/**
 * Marks a handler that reads or changes patient data: every call leaves one audit record, whatever
 * the outcome: success (written before the response leaves), refused (401/403, also when the guard
 * refuses before the handler runs) or error (the status).
 */
export const Audited = (options: AuditedOptions) => SetMetadata(AUDITED, options);

/** An id from the response body (the loaded or created resource), e.g. `fromBody('patientId')`. */
export function fromBody(field: string): AuditIdSource {
  return (_request, body) => {
    const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
    return typeof value === 'string' ? value : null;
  };
}

/** An id from the request body (what the caller named), e.g. `fromRequestBody('patientId')`. */
export function fromRequestBody(field: string): AuditIdSource {
  return (request) => {
    const value = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>)[field] : undefined;
    return typeof value === 'string' ? value : null;
  };
}
