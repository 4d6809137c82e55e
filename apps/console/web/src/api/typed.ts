import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, csrfHeader, type Problem } from './client.js';
import type { paths as NotificationsPaths } from './generated/notifications.js';
import type { paths as ReportingPaths } from './generated/reporting.js';
import type { paths as SchedulingPaths } from './generated/scheduling.js';
import type { paths as SessionsPaths } from './generated/sessions.js';

/**
 * Typed clients of the services' APIs (types generated from their OpenAPI documents:
 * infra/dev/openapi.mjs, checked for drift by npm test), through the console's back end: same
 * origin, session cookie, the CSRF token on unsafe requests, problem+json errors thrown as ApiError.
 */
const sessionAndProblems: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') request.headers.set('x-csrf-token', csrfHeader());
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    const body = (await response
      .clone()
      .json()
      .catch(() => ({}))) as Partial<Problem>;
    throw new ApiError({ ...body, status: response.status });
  },
};

function client<Paths extends object>(service: string) {
  const typed = createClient<Paths>({ baseUrl: `/api/services/${service}`, credentials: 'same-origin' });
  typed.use(sessionAndProblems);
  return typed;
}

export const scheduling = client<SchedulingPaths>('scheduling');
export const sessions = client<SessionsPaths>('sessions');
export const notifications = client<NotificationsPaths>('notifications');
export const reporting = client<ReportingPaths>('reporting');

/** The data of a typed call (errors were thrown by the middleware). */
export async function data<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const { data: body, error } = await call;
  if (error !== undefined || body === undefined) throw error instanceof Error ? error : new Error('empty answer');
  return body;
}
