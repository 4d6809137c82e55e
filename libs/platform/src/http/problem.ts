import { HttpException, HttpStatus } from '@nestjs/common';

/** RFC 9457 problem details. `errors` names each offending field and why. */
export interface ProblemField {
  field: string;
  reason: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemField[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are documented in docs/api-errors.md; the URI is resolved against the API's origin. */
export const problemType = (slug: string): string => `/problems/${slug}`;

export type ProblemInit = Pick<ProblemDetails, 'type' | 'title' | 'status' | 'detail' | 'errors'> & Record<string, unknown>;

export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInit) {
    super(problem, problem.status);
  }

  static validation(errors: ProblemField[], detail = 'The request is not valid.'): ProblemException {
    return new ProblemException({
      type: problemType('validation-failed'),
      title: 'Request validation failed',
      status: HttpStatus.BAD_REQUEST,
      detail,
      errors,
    });
  }

  /** `extra` adds members; it cannot replace the standard ones (type, title, status, detail). */
  static conflict(slug: string, detail: string, extra: Record<string, unknown> = {}): ProblemException {
    return new ProblemException({ ...extra, type: problemType(slug), title: 'Conflict', status: HttpStatus.CONFLICT, detail });
  }

  static notFound(what: string, id: string): ProblemException {
    return new ProblemException({
      type: problemType('not-found'),
      title: 'Not found',
      status: HttpStatus.NOT_FOUND,
      detail: `${what} ${id} does not exist or is not visible to you.`,
    });
  }

  static forbidden(detail: string): ProblemException {
    return new ProblemException({ type: problemType('forbidden'), title: 'Forbidden', status: HttpStatus.FORBIDDEN, detail });
  }
}
