import { randomUUID } from 'node:crypto';
import { type ApiResponse, call } from './http.js';
import { tokenFor } from './tokens.js';

export type CallOptions = Parameters<typeof call>[2];
export type TimedResponse = ApiResponse<any> & { ms: number };

/** A call and how long its answer took, upload and body included. */
export async function timedCall(method: string, url: string, options: CallOptions = {}): Promise<TimedResponse> {
  const started = performance.now();
  const response = await call(method, url, options);
  return { ...response, ms: performance.now() - started };
}

/**
 * A refusal sent four times: the first warms the process's error path (JIT) and is not timed; the
 * next three must be the same answer, and the slowest of them is returned, so a test's bound holds
 * for every answer after the warm-up, not only the fastest.
 */
export async function refusedEveryTime(method: string, url: string, options: CallOptions = {}): Promise<TimedResponse> {
  await timedCall(method, url, options);
  const answers = [
    await timedCall(method, url, options),
    await timedCall(method, url, options),
    await timedCall(method, url, options),
  ];
  for (const a of answers)
    if (a.status !== answers[0]!.status) throw new Error(`${method} ${url}: answered ${answers.map((x) => x.status).join(', ')}`);
  return answers.reduce((slowest, a) => (a.ms > slowest.ms ? a : slowest));
}

/** What is wrong with a refusal: not a 400 problem+json naming `field`, or slower than `boundMs`; empty when right. */
export function refusalProblems(what: string, response: TimedResponse, field: string, boundMs = 100): string[] {
  const problems: string[] = [];
  if (response.status !== 400) problems.push(`${what}: status ${response.status}, not 400`);
  if (!/application\/problem\+json/.test(response.headers.get('content-type') ?? ''))
    problems.push(`${what}: ${response.headers.get('content-type')}, not problem+json`);
  const fields = ((response.body as { errors?: Array<{ field: string }> } | undefined)?.errors ?? []).map((e) => e.field);
  if (!fields.includes(field)) problems.push(`${what}: names ${JSON.stringify(fields)}, not ${field}`);
  if (response.ms >= boundMs) problems.push(`${what}: took ${response.ms.toFixed(1)} ms (bound ${boundMs} ms)`);
  return problems;
}

const DAY_MS = 86_400_000;

/**
 * GET /audit of a service (libs/audit, the same in every service) at its largest accepted and
 * smallest refused request: 366 days and limit=500 are answered, one millisecond more,
 * limit=501 or the years 0001 to 9999 are 400 naming the field, under 100 ms every time; a user limited to one location
 * asking about a patient over too long a range is refused on the range before the patient is
 * looked up; the service stays live. Answers what went wrong (empty when all is right).
 */
export async function auditBoundsProblems(serviceUrl: string): Promise<string[]> {
  // The accepted case reads the whole trail of a range (no patientId), which only a grant of every
  // location may (AuditTrailQuery): an officer granted locations by id gets 403 without patientId,
  // and with one only for a patient of theirs, which this helper, shared by every service, has none
  // of. So '*' here, and the least privileged reader (one location by id) for the patient case below.
  const officer = tokenFor(['privacy-officer'], '*');
  const limited = tokenFor(['privacy-officer'], [randomUUID()]);
  const to = new Date();
  const from = (ms: number) => new Date(to.getTime() - ms).toISOString();
  const query = (extra: Record<string, string>) =>
    `${serviceUrl}/audit?${new URLSearchParams({ from: from(366 * DAY_MS), to: to.toISOString(), ...extra })}`;
  const problems: string[] = [];
  const accepted = await timedCall('GET', query({ limit: '500' }), { token: officer });
  if (accepted.status !== 200) problems.push(`366 days, limit=500: status ${accepted.status}, not 200`);
  problems.push(
    ...refusalProblems(
      '366 days + 1 ms',
      await refusedEveryTime('GET', query({ from: from(366 * DAY_MS + 1) }), { token: officer }),
      'to',
    ),
    ...refusalProblems('limit=501', await refusedEveryTime('GET', query({ limit: '501' }), { token: officer }), 'limit'),
    // Instants outside 1900–2200 are refused at the edge (libs/platform edge-bounds), naming from.
    ...refusalProblems(
      '0001-01-01 to 9999-12-31',
      await refusedEveryTime('GET', query({ from: '0001-01-01T00:00:00Z', to: '9999-12-31T00:00:00Z' }), { token: officer }),
      'from',
    ),
    // The range before the patient: no lookup for a request that is refused anyway.
    ...refusalProblems(
      'a limited user, a patient, 367 days',
      await refusedEveryTime('GET', query({ from: from(367 * DAY_MS), patientId: randomUUID() }), { token: limited }),
      'to',
    ),
  );
  const live = await call('GET', `${serviceUrl}/health/live`);
  if (live.status !== 200) problems.push(`health/live: ${live.status}`);
  return problems;
}
