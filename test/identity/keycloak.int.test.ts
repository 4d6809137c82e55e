import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ClientCredentials } from '@chairside/platform';
import { call, type ServiceOnOwnDatabase, startOnOwnDatabase, testRunId } from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../apps/scheduling/src/database/data-source.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../infra/keycloak/keycloak.sh', import.meta.url));
const PORT = process.env.KEYCLOAK_PORT ?? '8180';
const KEYCLOAK = `http://127.0.0.1:${PORT}`;
const REALM = `${KEYCLOAK}/realms/chairside`;
const OTHER_REALM = `${KEYCLOAK}/realms/elsewhere`;

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

async function tokenFrom(url: string, fields: Record<string, string>): Promise<string> {
  const response = await fetch(`${url}/protocol/openid-connect/token`, form(fields));
  const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!body.access_token) throw new Error(`${url}: ${response.status} ${body.error} ${body.error_description}`);
  return body.access_token;
}

/**
 * Interoperability with Keycloak (org.keycloak:keycloak-quarkus-dist from Maven Central, started
 * here): a service configured with the Keycloak realm as issuer and Keycloak's claim names accepts
 * its tokens with the right role and location scope, and refuses a token of another realm.
 */
describe('Keycloak: a realm as the issuer of Chairside tokens', () => {
  const runId = testRunId('keycloak');
  let scheduling: ServiceOnOwnDatabase;

  beforeAll(async () => {
    // First run on a machine: about 160 MB from Maven Central and a first start that builds (see docs/security.md).
    await run('bash', [SCRIPT, 'start'], { timeout: 600_000, env: { ...process.env, KEYCLOAK_PORT: PORT } });
    scheduling = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
      env: {
        AUTH_OIDC_ISSUER: REALM,
        AUTH_ROLES_CLAIM: 'realm_access.roles',
        AUTH_ORGANISATION_CLAIM: 'organisation',
        AUTH_LOCATIONS_CLAIM: 'locations',
      },
    });
  }, 600_000);
  afterAll(async () => {
    await scheduling?.stop();
    await run('bash', [SCRIPT, 'stop'], { env: { ...process.env, KEYCLOAK_PORT: PORT } });
  }, 120_000);

  it("accepts a Keycloak user's token at their location, refuses it at another (403), and refuses another realm's token (401)", async () => {
    const url = scheduling.service.url;
    // The realm's machine client (client credentials; its service account has the admin role) registers a center.
    const admin = await new ClientCredentials({
      issuer: REALM,
      clientId: 'chairside-simulator',
      clientSecret: 'chairside-simulator-keycloak-dev',
    }).token();
    const created = await call('POST', `${url}/locations`, {
      token: admin,
      body: { name: `Retiro ${runId}`, timeZone: 'Europe/Madrid' },
    });
    expect(created.status).toBe(201);
    const locationId: string = created.body.id;
    // A real second location of the same organisation, not granted to the nurse.
    const other = await call('POST', `${url}/locations`, {
      token: admin,
      body: { name: `Chamartín ${runId}`, timeZone: 'Europe/Madrid' },
    });
    expect(other.status).toBe(201);
    const otherLocation: string = other.body.id;

    // The realm administrator grants the nurse that one location (the `locations` user attribute).
    const master = await tokenFrom(`${KEYCLOAK}/realms/master`, {
      grant_type: 'password',
      client_id: 'admin-cli',
      username: 'admin',
      password: 'admin',
    });
    const adminApi = (path: string, init: RequestInit = {}) =>
      fetch(`${KEYCLOAK}/admin/realms/chairside${path}`, {
        ...init,
        headers: { authorization: `Bearer ${master}`, 'content-type': 'application/json' },
      });
    const [nurse] = (await (await adminApi('/users?exact=true&username=nurse.retiro')).json()) as Array<Record<string, unknown>>;
    const updated = await adminApi(`/users/${String(nurse!.id)}`, {
      method: 'PUT',
      body: JSON.stringify({ ...nurse, attributes: { ...(nurse!.attributes as object), locations: [locationId] } }),
    });
    expect(updated.status).toBe(204);

    // The nurse signs in (direct grant, for a test without a browser) and gets a token with Keycloak's claim names.
    const token = await tokenFrom(REALM, {
      grant_type: 'password',
      client_id: 'chairside-console',
      client_secret: 'chairside-console-keycloak-dev',
      username: 'nurse.retiro',
      password: 'chairside',
      scope: 'openid',
    });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, any>;
    expect(claims.iss).toBe(REALM);
    expect(claims.aud).toContain('chairside-api');
    expect(claims.realm_access.roles).toContain('nurse');
    expect(claims.locations).toEqual([locationId]);

    expect((await call('GET', `${url}/locations/${locationId}/chairs`, { token })).status).toBe(200);
    const elsewhere = await call('GET', `${url}/locations/${otherLocation}/chairs`, { token });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('content-type')).toContain('application/problem+json');
    expect(elsewhere.body).toMatchObject({ status: 403 });
    // A nurse may not do an admin's work even at her own location.
    const notHers = await call('POST', `${url}/locations/${locationId}/chairs`, {
      token,
      body: { label: 'Chair 1', kind: 'recliner' },
    });
    expect(notHers.status).toBe(403);
    expect(notHers.headers.get('content-type')).toContain('application/problem+json');
    expect(notHers.body).toMatchObject({ status: 403 });

    // Another realm of the same Keycloak: same client names, same roles, other keys and issuer.
    const foreign = await tokenFrom(OTHER_REALM, {
      grant_type: 'client_credentials',
      client_id: 'chairside-simulator',
      client_secret: 'chairside-simulator-elsewhere-dev',
    });
    const refused = await call('GET', `${url}/locations/${locationId}/chairs`, { token: foreign });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});
