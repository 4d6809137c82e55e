import { rememberBoard } from './remembered-board.js';

/**
 * The browser talks only to its own back end (same origin, session cookie). Unsafe requests carry
 * the session's CSRF token; errors arrive as problem+json and become ApiError.
 */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: Array<{ field: string; reason: string }>;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

let csrfToken = '';
export function useCsrfToken(token: string): void {
  csrfToken = token;
}
/** The session's CSRF token, for unsafe requests. */
export const csrfHeader = (): string => csrfToken;

/** Where a browser without a session goes: the back end's sign-in, back to this page afterwards. */
export function signIn(): void {
  // The session is over: whoever signs in next does not start by reading this one's board.
  rememberBoard(undefined);
  const returnTo = window.location.pathname + window.location.search;
  window.location.assign(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (body && typeof body === 'object' ? body : {}) as Partial<Problem>;
    throw new ApiError({ ...problem, status: response.status });
  }
  return body as T;
}

/** A service's API through the back end, as the signed-in user (e.g. `service('scheduling', '/locations')`). */
export const service = <T>(
  name: 'scheduling' | 'sessions' | 'notifications' | 'reporting',
  path: string,
  init?: Parameters<typeof api>[1],
) => api<T>(`/api/services/${name}${path}`, init);
