import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { throwError, type Observable } from 'rxjs';
import { EXCLUSION_VIOLATION, isTransientDatabaseError, UNIQUE_VIOLATION } from '@chairside/database';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType } from './problem.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  428: 'Precondition required',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/**
 * Every HTTP error leaves as application/problem+json (RFC 9457). Unknown errors become a
 * 500 without internals; database conflicts the code did not map become 409, and a database
 * that is briefly away (restarting, deadlock victim) 503 with Retry-After, never 500.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Event handlers: hand the original error back to the consumer, which retries or dead-letters it.
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      // Health probes keep terminus' report (which check failed and why), not a problem document.
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    const problem = this.toProblem(exception);
    problem.instance = request.originalUrl ?? request.url;
    if (problem.status === 500) this.logger.error(exception instanceof Error ? exception : String(exception));
    if (response.headersSent) return;
    // A 503 says when to come back: the problem's own retryAfterSeconds (a report refused at a full
    // queue, one stopped by its statement timeout), else 2 s (the database briefly away).
    if (problem.status === 503)
      response.setHeader('Retry-After', String(typeof problem.retryAfterSeconds === 'number' ? problem.retryAfterSeconds : 2));
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 400 && isBodyParseError(exception)) return malformedBody();
      const body = exception.getResponse();
      if (typeof body === 'object' && body !== null && 'type' in body && 'title' in body)
        return { ...(body as ProblemDetails), status };
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
      return { type: problemType(slugFor(status)), title: TITLES[status] ?? HttpStatus[status] ?? 'Error', status, detail };
    }
    // body-parser rejects a body that is not JSON before any pipe runs.
    const e = exception as {
      type?: string;
      status?: number;
      message?: string;
      code?: string;
      driverError?: { code?: string; constraint?: string };
    };
    if (e?.type === 'entity.parse.failed') return malformedBody();
    if (e?.type === 'entity.too.large')
      return { type: problemType('payload-too-large'), title: 'Payload too large', status: 413 };
    const code = e?.driverError?.code ?? e?.code;
    if (code === UNIQUE_VIOLATION || code === EXCLUSION_VIOLATION) {
      return {
        type: problemType('conflict'),
        title: 'Conflict',
        status: 409,
        detail: 'The change conflicts with existing data.',
        constraint: e?.driverError?.constraint,
      };
    }
    // PostgreSQL restarting, a deadlock victim, the pool exhausted: the transaction rolled back, so retrying is safe.
    if (isTransientDatabaseError(exception)) {
      return {
        type: problemType('service-unavailable'),
        title: 'Service unavailable',
        status: 503,
        detail: 'The database is briefly unavailable; nothing was changed. Retry shortly.',
        retryAfterSeconds: 2,
      };
    }
    return {
      type: problemType('internal-error'),
      title: 'Internal server error',
      status: 500,
      detail: 'The error was logged; nothing was changed.',
    };
  }
}

function isHealthReport(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    'details' in body &&
    'info' in body &&
    (body as { status?: unknown }).status === 'error'
  );
}

function isBodyParseError(exception: HttpException): boolean {
  const cause = exception.cause as { type?: string } | undefined;
  return (
    cause instanceof SyntaxError ||
    cause?.type === 'entity.parse.failed' ||
    /in JSON at position|Unexpected token|JSON/.test(exception.message)
  );
}

function malformedBody(): ProblemDetails {
  return {
    type: problemType('malformed-body'),
    title: 'Malformed request body',
    status: 400,
    detail: 'The body is not valid JSON.',
    errors: [{ field: '(body)', reason: 'not valid JSON' }],
  };
}

function slugFor(status: number): string {
  return (TITLES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-');
}
