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
  /**
   * For a read that discloses several named patients at once (the Today board's names): the
   * patients disclosed, from the response body. A success then leaves one record per patient, so
   * "who looked at this patient" finds it like any other read; none disclosed, one record without a
   * patient. A refusal or failure discloses nobody and leaves the one record of the request.
   */
  patientIds?: (request: Request, body: unknown) => readonly string[];
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

/** The ids at `field` of each item of the response body's array `list`, e.g. `eachOf('patients', 'patientId')`. */
export function eachOf(list: string, field: string): (request: Request, body: unknown) => string[] {
  return (_request, body) => {
    const items = body && typeof body === 'object' ? (body as Record<string, unknown>)[list] : undefined;
    if (!Array.isArray(items)) return [];
    return items.flatMap((item) => {
      const value = item && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined;
      return typeof value === 'string' ? [value] : [];
    });
  };
}

/** An id from the request body (what the caller named), e.g. `fromRequestBody('patientId')`. */
export function fromRequestBody(field: string): AuditIdSource {
  return (request) => {
    const value = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>)[field] : undefined;
    return typeof value === 'string' ? value : null;
  };
}
