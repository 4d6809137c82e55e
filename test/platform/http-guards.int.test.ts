import { randomUUID } from 'node:crypto';
import { call, tokenFor, waitFor } from '@chairside/testing';
import { PlatformHarness } from './harness.js';

describe('HTTP: authentication, location scoping and validation, with nothing written on refusal', () => {
  const h = new PlatformHarness('http');
  let locationId: string;
  const otherLocation = randomUUID();
  let url: string;

  const counts = async () => {
    const [row] = await h.schedulingDb.query(
      // Audit records travel through the outbox too, and a refusal on an audited route is recorded
      // (asserted below): "nothing written" means no domain event, so they are counted apart.
      `SELECT (SELECT count(*) FROM chair)::int AS chairs, (SELECT count(*) FROM location)::int AS locations,
              (SELECT count(*) FROM outbox WHERE topic NOT LIKE '%audit%')::int AS events`,
    );
    return row;
  };

  beforeAll(async () => {
    await h.createDatabases();
    url = (await h.startScheduling()).url;
    locationId = (await h.registerLocation('Hillcrest')).id;
  });
  afterAll(() => h.stop());

  it('refuses every bad request with problem+json and changes nothing', async () => {
    const before = await counts();
    const localAdmin = tokenFor(['admin'], [locationId]);

    const noToken = await call('POST', `${url}/locations/${locationId}/chairs`, { body: { label: 'Chair 1', kind: 'recliner' } });
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('content-type')).toContain('application/problem+json');
    expect(noToken.body).toMatchObject({ status: 401, title: 'Unauthorized' });

    const badToken = await call('GET', `${url}/locations/${locationId}`, { token: `${localAdmin}x` });
    expect(badToken.status).toBe(401);

    const otherPlace = await call('POST', `${url}/locations/${otherLocation}/chairs`, {
      token: localAdmin,
      body: { label: 'Chair 1', kind: 'recliner' },
    });
    expect(otherPlace.status).toBe(403);
    expect(otherPlace.body.detail).toContain(otherLocation);
    expect((await call('GET', `${url}/locations/${otherLocation}`, { token: tokenFor(['nurse'], [locationId]) })).status).toBe(
      403,
    );

    const wrongRole = await call('POST', `${url}/locations/${locationId}/chairs`, {
      token: tokenFor(['nurse'], [locationId]),
      body: { label: 'Chair 1', kind: 'recliner' },
    });
    expect(wrongRole.status).toBe(403);
    expect(
      (await call('POST', `${url}/locations`, { token: localAdmin, body: { name: 'Elsewhere', timeZone: 'UTC' } })).status,
    ).toBe(403);

    const invalid = await call('POST', `${url}/locations/${locationId}/chairs`, {
      token: localAdmin,
      body: { label: '', kind: 'sofa', colour: 'blue' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(invalid.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'label', reason: expect.stringContaining('longer than or equal to 1') },
        { field: 'kind', reason: expect.stringContaining('recliner, bed, private_room') },
        { field: 'colour', reason: 'is not an accepted field' },
      ]),
    );

    const notJson = await call('POST', `${url}/locations/${locationId}/chairs`, {
      token: localAdmin,
      rawBody: '{"label": "Chair 1",',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors).toEqual([{ field: '(body)', reason: 'not valid JSON' }]);

    const badZone = await call('POST', `${url}/locations`, {
      token: h.admin,
      body: { name: 'Somewhere', timeZone: 'Central Time' },
    });
    expect(badZone.status).toBe(400);
    expect(badZone.body.errors).toEqual([{ field: 'timeZone', reason: 'must be an IANA time zone such as America/Chicago' }]);

    const badId = await call('GET', `${url}/locations/not-a-uuid`, { token: h.admin });
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('locationId');

    expect((await call('GET', `${url}/locations/${otherLocation}`, { token: h.admin })).status).toBe(404);

    const stale = await call('PATCH', `${url}/locations/${locationId}`, {
      token: h.admin,
      body: { name: 'Renamed' },
      headers: { 'if-match': '"41"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(1);

    expect(await counts()).toEqual(before);
    // The two refusals on audited routes (location create and edit) are in the audit trail, as refused and as an error.
    // Refusals are recorded when the response has finished (request-outcomes.middleware), so just after the client has
    // its answer: wait for them rather than read once (CI failed once reading before the 409 was written).
    const audited = await waitFor(
      async () => {
        const rows: { action: string; outcome: string; status: number }[] = await h.schedulingDb.query(
          `SELECT action, outcome, status FROM audit_record WHERE resource_type = 'location' ORDER BY seq`,
        );
        return rows.some((r) => r.action === 'update' && r.status === 409) ? rows : undefined;
      },
      { timeoutMs: 10_000, what: 'the stale edit in the audit trail' },
    );
    expect(audited).toEqual(
      expect.arrayContaining([
        { action: 'create', outcome: 'refused', status: 403 },
        { action: 'update', outcome: 'error', status: 409 },
      ]),
    );
  });

  it('serves health, metrics and OpenAPI without a token', async () => {
    expect((await call('GET', `${url}/health/live`)).status).toBe(200);
    expect((await call('GET', `${url}/health/ready`)).body.status).toBe('ok');
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    const openapi = await call('GET', `${url}/docs/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/locations', '/locations/{locationId}/chairs']));
  });
});
