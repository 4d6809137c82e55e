import { createHash, createHmac, createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientCredentials, DEV_MACHINE_CLIENT_SECRET, devSigningKeys, newDevSigningKey, signJwt } from '@chairside/platform';
import {
  call,
  freePort,
  type IdentityProcess,
  type ServiceOnOwnDatabase,
  startIdentityProcess,
  startOnOwnDatabase,
  testRunId,
} from '@chairside/testing';
import { schedulingDataSourceOptions } from '../../apps/scheduling/src/database/data-source.js';

const CONSOLE = { id: 'chairside-console', secret: 'chairside-console-development-secret' };
const REDIRECT = 'http://127.0.0.1:3010/auth/callback';
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;

/** Cookies by name, as a browser would keep them for one host (paths are not needed here). */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    return response;
  }
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const basic = `Basic ${Buffer.from(`${CONSOLE.id}:${CONSOLE.secret}`).toString('base64')}`;

describe('the local identity provider: sign-in, refresh, logout, and the tokens a service refuses', () => {
  const runId = testRunId('identity');
  const dataDir = mkdtempSync(join(tmpdir(), 'chairside-identity-'));
  const locationName = `Retiro ${runId}`;
  let identity: IdentityProcess;
  let identityPort: number;
  let issuer: string;
  let scheduling: ServiceOnOwnDatabase;
  let locationId: string;
  // A real second location of the same organisation, which the one-location nurse is not granted.
  let otherLocation: string;

  const startIdentity = async () => {
    identity = await startIdentityProcess({
      port: identityPort,
      dataDir,
      usersFile: join(dataDir, 'users.json'),
      schedulingUrl: scheduling.service.url,
    });
  };

  beforeAll(async () => {
    identityPort = await freePort();
    issuer = `http://127.0.0.1:${identityPort}`;
    // The one-location nurse's grant is looked up by the location's name at sign-in, as in the demo.
    writeFileSync(
      join(dataDir, 'users.json'),
      JSON.stringify({
        password: PASSWORD,
        users: [{ username: 'nurse.retiro', name: 'Rosa', roles: ['nurse'], locations: [`name:${locationName}`] }],
      }),
    );
    scheduling = await startOnOwnDatabase({
      service: 'scheduling',
      runId,
      dataSourceOptions: schedulingDataSourceOptions,
      // Keys are fetched again at once when a token names an unknown one (the rotation below).
      env: { AUTH_OIDC_ISSUER: issuer, AUTH_JWKS_COOLDOWN_SECONDS: '0' },
    });
    await startIdentity();
    // The admin that registers the center is a machine client (client credentials) of the same provider.
    const admin = await new ClientCredentials({
      issuer,
      clientId: 'chairside-simulator',
      clientSecret: DEV_MACHINE_CLIENT_SECRET,
    }).token();
    const created = await call('POST', `${scheduling.service.url}/locations`, {
      token: admin,
      body: { name: locationName, timeZone: 'Europe/Madrid' },
    });
    expect(created.status).toBe(201);
    locationId = created.body.id;
    const other = await call('POST', `${scheduling.service.url}/locations`, {
      token: admin,
      body: { name: `Chamartín ${runId}`, timeZone: 'Europe/Madrid' },
    });
    expect(other.status).toBe(201);
    otherLocation = other.body.id;
    // The admin sees its chairs: the nurse's 403 below is about the grant, not a missing location.
    expect((await chairsAt(otherLocation, admin)).status).toBe(200);
  });
  afterAll(async () => {
    await identity?.stop();
    await scheduling?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const chairsAt = (location: string, token: string) =>
    call('GET', `${scheduling.service.url}/locations/${location}/chairs`, { token });

  /** Authorization code + PKCE through the provider's own pages, as a browser and the console's back end do it. */
  async function signIn(browser: Browser, username: string, password: string) {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const state = randomBytes(8).toString('hex');
    const authorize = new URL(`${issuer}/auth`);
    for (const [k, v] of Object.entries({
      client_id: CONSOLE.id,
      response_type: 'code',
      scope: 'openid profile',
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
    }))
      authorize.searchParams.set(k, v);
    let response = await browser.request(authorize.href);
    expect(response.status).toBe(303);
    const interaction = new URL(response.headers.get('location')!, issuer).href;
    const page = await browser.request(interaction);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in to Chairside');
    response = await browser.request(`${interaction}/login`, form({ username, password }));
    if (response.status !== 303) return { refused: response.status };
    // Resume the authorization until it redirects to the client (no consent screen for the first-party console).
    let location = response.headers.get('location')!;
    for (let hops = 0; !location.startsWith(REDIRECT) && hops < 5; hops++) {
      response = await browser.request(new URL(location, issuer).href);
      location = response.headers.get('location')!;
    }
    const callback = new URL(location);
    expect(callback.searchParams.get('state')).toBe(state);
    const code = callback.searchParams.get('code')!;
    const exchange = (codeVerifier: string) =>
      fetch(`${issuer}/token`, {
        ...form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: codeVerifier }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
      });
    return { code, verifier, exchange };
  }

  let tokens: { access_token: string; refresh_token: string; id_token: string };
  const browser = new Browser();

  it('signs a person in by authorization code + PKCE; the token works at their location and is refused elsewhere', async () => {
    const refused = await signIn(new Browser(), 'nurse.retiro', 'wrong');
    expect(refused).toEqual({ refused: 401 });

    const flow = await signIn(new Browser(), 'nurse.retiro', PASSWORD);
    if (!('exchange' in flow) || !flow.exchange) throw new Error('sign-in failed');
    // A wrong verifier (a stolen code without the client's secret half) is refused.
    const stolen = await flow.exchange(randomBytes(32).toString('base64url'));
    expect(stolen.status).toBe(400);
    expect(await stolen.json()).toMatchObject({ error: 'invalid_grant' });
    // Sign in again (the browser whose session the logout below ends).
    const again = await signIn(browser, 'nurse.retiro', PASSWORD);
    if (!('exchange' in again) || !again.exchange) throw new Error('sign-in failed');
    const exchanged = await again.exchange(again.verifier);
    expect(exchanged.status).toBe(200);
    tokens = (await exchanged.json()) as typeof tokens;
    expect(tokens.refresh_token).toBeTruthy();

    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: issuer,
      aud: 'chairside-api',
      sub: 'nurse.retiro',
      roles: ['nurse'],
      locations: [locationId],
    });
    expect((await chairsAt(locationId, tokens.access_token)).status).toBe(200);
    const elsewhere = await chairsAt(otherLocation, tokens.access_token);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('content-type')).toContain('application/problem+json');
    expect(elsewhere.body).toMatchObject({ status: 403 });
  });

  it('refreshes the access token', async () => {
    const response = await fetch(`${issuer}/token`, {
      ...form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
    });
    expect(response.status).toBe(200);
    const refreshed = (await response.json()) as typeof tokens;
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect((await chairsAt(locationId, refreshed.access_token)).status).toBe(200);
    tokens = { ...tokens, ...refreshed };
  });

  it('logs out (end_session): the refresh token dies with the session and the next sign-in asks again', async () => {
    const end = new URL(`${issuer}/session/end`);
    end.searchParams.set('id_token_hint', tokens.id_token);
    end.searchParams.set('post_logout_redirect_uri', 'http://127.0.0.1:3010/');
    const confirm = await browser.request(end.href);
    expect(confirm.status).toBe(200);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(await confirm.text())?.[1];
    expect(xsrf).toBeTruthy();
    const done = await browser.request(`${issuer}/session/end/confirm`, form({ xsrf: xsrf!, logout: 'yes' }));
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('http://127.0.0.1:3010/');

    const refresh = await fetch(`${issuer}/token`, {
      ...form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    // Signed out: the same browser is sent to the sign-in page again.
    const next = await signIn(browser, 'nurse.retiro', 'wrong');
    expect(next).toEqual({ refused: 401 });
  });

  describe('tokens a service refuses with 401 problem+json', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const claims = (over: Record<string, unknown> = {}) => ({
      iss: issuer,
      aud: 'chairside-api',
      sub: 'nurse.retiro',
      iat: now(),
      exp: now() + 600,
      org: '00000000-0000-4000-8000-000000000001',
      roles: ['nurse'],
      locations: [locationId],
      ...over,
    });
    const providerKey = () => devSigningKeys(dataDir)[0]!;
    const signed = (over: Record<string, unknown> = {}, key = providerKey()) =>
      signJwt({ alg: 'RS256', typ: 'at+jwt', kid: key.kid }, claims(over), key);
    const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');

    async function expectUnauthorized(token: string, reason: string) {
      const response = await chairsAt(locationId, token);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(response.body.detail).toContain(reason);
    }

    it('accepts the same claims signed by the provider (the baseline the refusals differ from)', async () => {
      expect((await chairsAt(locationId, signed())).status).toBe(200);
    });

    it.each([
      ['a wrong issuer', { iss: 'http://127.0.0.1:1/realms/other' }, 'claim iss'],
      ['a wrong audience', { aud: 'another-api' }, 'claim aud'],
      ['an expired token', { iat: now() - 1200, exp: now() - 300 }, 'expired'],
      ['a token not yet valid', { nbf: now() + 600 }, 'claim nbf'],
      ['a too long-lived token', { exp: now() + 8 * 3600 }, 'lifetime'],
    ])('refuses %s', async (_, over, reason) => {
      await expectUnauthorized(signed(over), reason);
    });

    it('refuses alg none and HS256 signed with the public key', async () => {
      await expectUnauthorized(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims())}.`, 'algorithm not allowed');
      const input = `${encode({ alg: 'HS256', typ: 'JWT', kid: providerKey().kid })}.${encode(claims())}`;
      const publicPem = createPublicKey({ key: providerKey(), format: 'jwk' }).export({ format: 'pem', type: 'spki' });
      await expectUnauthorized(
        `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`,
        'algorithm not allowed',
      );
    });

    it('follows a key rotation: the new key is accepted, a token of the rotated-out key is refused', async () => {
      const old = providerKey();
      const before = signed({}, old);
      expect((await chairsAt(locationId, before)).status).toBe(200);
      // Rotate: the provider restarts publishing only a new key (the old one is retired).
      await identity.stop();
      const fresh = newDevSigningKey();
      writeFileSync(join(dataDir, 'jwks.json'), JSON.stringify({ keys: [fresh] }));
      await startIdentity();
      const machine = await new ClientCredentials({
        issuer,
        clientId: 'chairside-simulator',
        clientSecret: DEV_MACHINE_CLIENT_SECRET,
      }).token();
      expect(JSON.parse(Buffer.from(machine.split('.')[0]!, 'base64url').toString())).toMatchObject({ kid: fresh.kid });
      expect((await chairsAt(locationId, machine)).status).toBe(200);
      await expectUnauthorized(before, 'a key the issuer does not publish');
    });
  });
});
