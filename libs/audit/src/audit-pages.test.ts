import type { ServiceName } from '@chairside/contracts';
import { ProblemException } from '@chairside/platform';
import {
  type AuditPositions,
  type AuditRecordOfService,
  decodeAuditCursor,
  encodeAuditCursor,
  firstAuditPositions,
  mergeAuditPages,
  type ServiceAuditPage,
  servicesToAsk,
} from './audit-pages.js';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();

/** A service's trail: records at these minutes, oldest first (seq 1, 2, …), paged newest first as GET /audit does. */
function trail(service: ServiceName, minutes: number[]) {
  const records = minutes
    .map((m, i) => ({ seq: String(i + 1), service, occurredAt: at(m), recordId: `${service}-${i + 1}` }) as AuditRecordOfService)
    .reverse();
  return (before: string, limit: number): ServiceAuditPage => {
    const older = records.filter((r) => before === '' || Number(r.seq) < Number(before));
    const page = older.slice(0, limit);
    return { records: page, next: older.length > limit ? page[page.length - 1]!.seq : null };
  };
}

type Trails = Partial<Record<ServiceName, ReturnType<typeof trail>>>;

/** One merged page: each service still to ask answers from its position, as the BFF does. */
function page(trails: Trails, positions: AuditPositions, limit: number) {
  const pages = Object.fromEntries(
    servicesToAsk(positions).map(({ service, before }) => [service, trails[service]!(before, limit)]),
  );
  return mergeAuditPages(positions, pages, limit);
}

/** Every page from the first, through the cursor as a client holds it (an opaque string). */
function allPages(trails: Trails, limit: number): string[][] {
  const names = Object.keys(trails) as ServiceName[];
  const pages: string[][] = [];
  let positions = firstAuditPositions(names);
  for (let i = 0; i < 50; i++) {
    const merged = page(trails, positions, limit);
    pages.push(merged.records.map((r) => r.recordId));
    if (!merged.next) return pages;
    positions = decodeAuditCursor(merged.next, names);
  }
  throw new Error('paging did not end');
}

describe('mergeAuditPages: one newest-first list of every service’s audit trail, paged by an opaque cursor', () => {
  it('merges newest first and pages through everything, none skipped, none repeated', () => {
    const trails = {
      scheduling: trail('scheduling', [1, 4, 9]),
      sessions: trail('sessions', [2, 3, 5, 6, 10]),
      reporting: trail('reporting', [7]),
    };
    const pages = allPages(trails, 3);
    expect(pages).toEqual([
      ['sessions-5', 'scheduling-3', 'reporting-1'],
      ['sessions-4', 'sessions-3', 'scheduling-2'],
      ['sessions-2', 'sessions-1', 'scheduling-1'],
    ]);
  });

  it('breaks ties on time by the services’ order, then each service’s own order, the same on every page', () => {
    const trails = {
      scheduling: trail('scheduling', [5, 5, 5]),
      sessions: trail('sessions', [5, 5]),
      notifications: trail('notifications', [5]),
    };
    const pages = allPages(trails, 2);
    expect(pages.flat()).toEqual(['scheduling-3', 'scheduling-2', 'scheduling-1', 'sessions-2', 'sessions-1', 'notifications-1']);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2]);
  });

  it('takes a service with no records as done at once, and never asks it again', () => {
    const trails = { scheduling: trail('scheduling', [1, 2, 3]), notifications: trail('notifications', []) };
    const first = page(trails, firstAuditPositions(['scheduling', 'notifications']), 2);
    expect(first.records.map((r) => r.recordId)).toEqual(['scheduling-3', 'scheduling-2']);
    const positions = decodeAuditCursor(first.next!, ['scheduling', 'notifications']);
    expect(positions).toEqual({ scheduling: '2', notifications: null });
    expect(servicesToAsk(positions)).toEqual([{ service: 'scheduling', before: '2' }]);
    const second = page(trails, positions, 2);
    expect(second).toEqual({ records: [expect.objectContaining({ recordId: 'scheduling-1' })], next: null });
  });

  it('goes on with the others once one service is exhausted, and ends when all are', () => {
    const trails = { scheduling: trail('scheduling', [10, 11]), sessions: trail('sessions', [1, 2, 3, 4, 5]) };
    const names: ServiceName[] = ['scheduling', 'sessions'];
    const first = page(trails, firstAuditPositions(names), 3);
    expect(first.records.map((r) => r.recordId)).toEqual(['scheduling-2', 'scheduling-1', 'sessions-5']);
    const afterFirst = decodeAuditCursor(first.next!, names);
    // Scheduling handed out everything it had: it is not asked again.
    expect(afterFirst).toEqual({ scheduling: null, sessions: '5' });
    const second = page(trails, afterFirst, 3);
    expect(second.records.map((r) => r.recordId)).toEqual(['sessions-4', 'sessions-3', 'sessions-2']);
    const third = page(trails, decodeAuditCursor(second.next!, names), 3);
    expect(third.records.map((r) => r.recordId)).toEqual(['sessions-1']);
    expect(third.next).toBeNull();
  });

  it('keeps a service’s place when none of its records made the page (position unchanged, even the first page’s)', () => {
    const trails = { scheduling: trail('scheduling', [20, 21, 22]), sessions: trail('sessions', [1]) };
    const names: ServiceName[] = ['scheduling', 'sessions'];
    const first = page(trails, firstAuditPositions(names), 2);
    expect(decodeAuditCursor(first.next!, names)).toEqual({ scheduling: '2', sessions: '' });
    expect(allPages(trails, 2).flat()).toEqual(['scheduling-3', 'scheduling-2', 'scheduling-1', 'sessions-1']);
  });

  it('round-trips a cursor: what it encodes decodes to the same positions, as an opaque URL-safe string', () => {
    const positions: AuditPositions = { scheduling: '123', sessions: null, notifications: '', reporting: '987654321012345678' };
    const cursor = encodeAuditCursor(positions);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAuditCursor(cursor, ['scheduling', 'sessions', 'notifications', 'reporting'])).toEqual(positions);
  });

  it.each([
    ['not base64url JSON', 'bm9wZQ'],
    ['characters no cursor has', 'abc/def=='],
    ['an empty object: nothing left to read', encodeAuditCursor({})],
    ['every service done', encodeAuditCursor({ scheduling: null, sessions: null })],
    ['a service this search does not ask', encodeAuditCursor({ scheduling: '1', reporting: '2' })],
    ['a name that is no service', Buffer.from('{"billing":"1"}').toString('base64url')],
    ['a position that is no sequence', encodeAuditCursor({ scheduling: "1' OR 1=1" })],
    ['a JSON array', Buffer.from('["1"]').toString('base64url')],
  ])('refuses a cursor it did not make (%s): 400 naming cursor', (_what, cursor) => {
    let refusal: unknown;
    try {
      decodeAuditCursor(cursor, ['scheduling', 'sessions']);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ProblemException);
    const problem = (refusal as ProblemException).problem;
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});
