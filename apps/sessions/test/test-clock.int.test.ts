import { randomUUID } from 'node:crypto';
import { DAY, HOUR } from '@chairside/domain';
import {
  call,
  startOnOwnDatabase,
  stopAndDrop,
  testRunId,
  tokenFor,
  TEST_ORGANISATION_ID,
  type ServiceProcess,
  type TestDatabase,
} from '@chairside/testing';
import { sessionsDataSourceOptions } from '../src/database/data-source.js';

/**
 * The session watch's test clock (issue 16): where it exists (SESSIONS_ADJUSTABLE_CLOCK=true, tests and
 * the demo; production refuses the flag at start, test/identity/production-refuses-development-values)
 * it is one organisation's, moved only by an admin of every location of that organisation. Without the
 * flag the route is not there (404): session-operations.int.test.ts.
 */
describe('sessions: PUT /test/clock is one organisation’s, for its admin of every location', () => {
  const runId = testRunId('sessions_clock');
  let db: TestDatabase;
  let sessions: ServiceProcess;
  const locationId = randomUUID();

  beforeAll(async () => {
    ({ db, service: sessions } = await startOnOwnDatabase({
      service: 'sessions',
      runId,
      dataSourceOptions: sessionsDataSourceOptions,
      env: { SESSIONS_ADJUSTABLE_CLOCK: 'true' },
    }));
  });
  afterAll(() => stopAndDrop(sessions, db));

  const move = (token: string, now: Date) =>
    call<{ now: string }>('PUT', `${sessions.url}/test/clock`, { token, body: { now: now.toISOString() } });

  it('refuses admins limited to a location, and one organisation’s move leaves another’s clock where it was', async () => {
    const inTwoDays = new Date(Date.now() + 2 * DAY);
    const tomorrow = new Date(Date.now() + DAY);

    // An admin limited to one center of the organisation may not move the organisation's clock (403).
    const adminOfOneCenter = tokenFor(['admin'], [locationId]);
    const refused = await move(adminOfOneCenter, inTwoDays);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    // Nor may a nurse or scheduler of that center (roles), whatever their grant.
    expect((await move(tokenFor(['nurse'], [locationId]), inTwoDays)).status).toBe(403);

    // The admin of another organisation moves theirs two days ahead: the answer is their clock.
    const otherOrganisation = randomUUID();
    const foreignAdmin = tokenFor(['admin'], '*', otherOrganisation);
    const theirs = await move(foreignAdmin, inTwoDays);
    expect(theirs.status).toBe(200);
    expect(Date.parse(theirs.body.now)).toBeGreaterThanOrEqual(inTwoDays.getTime());

    // Ours did not move with it: the clock never runs backwards, so had the other organisation's move
    // shifted ours, moving ours to tomorrow would still answer two days ahead.
    const organisationAdmin = tokenFor(['admin'], '*', TEST_ORGANISATION_ID);
    const ours = await move(organisationAdmin, tomorrow);
    expect(ours.status).toBe(200);
    expect(Date.parse(ours.body.now)).toBeGreaterThanOrEqual(tomorrow.getTime());
    expect(Date.parse(ours.body.now)).toBeLessThan(tomorrow.getTime() + HOUR);

    // And the other way round: ours at tomorrow left theirs two days ahead.
    const theirsAgain = await move(foreignAdmin, new Date(Date.now() + HOUR));
    expect(Date.parse(theirsAgain.body.now)).toBeGreaterThanOrEqual(inTwoDays.getTime());
  });
});
