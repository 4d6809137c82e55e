import type { ServiceName } from '@chairside/contracts';
import { AuditSearchError, type AuditRecordOfService, searchAuditTrailAcrossServices } from './audit-across-services.js';

/** A service's GET /audit over its records (newest first by seq), as audit-trail.query.ts pages them. */
function fakeService(service: ServiceName, times: string[]) {
  const records = times
    .map(
      (occurredAt, i) => ({ seq: String(i + 1), service, occurredAt, recordId: `${service}-${i + 1}` }) as AuditRecordOfService,
    )
    .reverse();
  return (url: URL) => {
    const limit = Number(url.searchParams.get('limit'));
    const before = url.searchParams.get('before');
    const older = records.filter((r) => before === null || Number(r.seq) < Number(before));
    const page = older.slice(0, limit);
    return { records: page, next: older.length > limit ? page[page.length - 1]!.seq : null };
  };
}

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();
const services = {
  scheduling: fakeService('scheduling', [at(1), at(4), at(9)]),
  sessions: fakeService('sessions', [at(2), at(3), at(5), at(6), at(10)]),
  notifications: fakeService('notifications', []),
  reporting: fakeService('reporting', [at(7)]),
};
const urls = Object.fromEntries(Object.keys(services).map((name) => [name, `http://${name}.test`])) as Record<
  ServiceName,
  string
>;
const asked: string[] = [];
const fakeFetch = (async (input: string) => {
  const url = new URL(input);
  asked.push(url.toString());
  const service = url.hostname.replace('.test', '') as keyof typeof services;
  return new Response(JSON.stringify(services[service](url)), { status: 200 });
}) as typeof fetch;

describe('the audit trail across services (fan-out to every GET /audit)', () => {
  it('merges every service into one list, newest first, and pages through it without loss or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchAuditTrailAcrossServices(
        urls,
        'token',
        { from: at(0), limit: 3, ...(cursor ? { cursor } : {}) },
        fakeFetch,
      );
      seen.push(...page.records.map((r) => r.occurredAt));
      cursor = page.next ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([10, 9, 7, 6, 5, 4, 3, 2, 1].map(at));
    expect(pages).toBe(3);
  });

  it('asks every service with the same filters and the caller’s token', async () => {
    asked.length = 0;
    await searchAuditTrailAcrossServices(urls, 'token', { from: at(0), patientId: 'p-1', actor: 'nurse-7', limit: 5 }, fakeFetch);
    expect(asked).toHaveLength(4);
    for (const url of asked) expect(url).toMatch(/\/audit\?from=.*&patientId=p-1&actor=nurse-7&limit=5$/);
  });

  it('fails as a whole when one service does not answer: no trail from part of the services', async () => {
    const failing = (async (input: string) =>
      input.includes('reporting')
        ? new Response('{"status":503}', { status: 503 })
        : fakeFetch(input)) as unknown as typeof fetch;
    await expect(searchAuditTrailAcrossServices(urls, 'token', { from: at(0) }, failing)).rejects.toThrow(AuditSearchError);
  });

  it('refuses a cursor it did not make (400 naming cursor) before asking any service', async () => {
    asked.length = 0;
    await expect(
      searchAuditTrailAcrossServices(urls, 'token', { from: at(0), cursor: 'bm9wZQ' }, fakeFetch),
    ).rejects.toMatchObject({ problem: { status: 400, errors: [expect.objectContaining({ field: 'cursor' })] } });
    expect(asked).toEqual([]);
  });
});
