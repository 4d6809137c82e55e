import { createHmac, createPublicKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { locationsNamedBy } from './auth.guard.js';
import type { AuthSettings } from './auth.types.js';
import { type DevSigningKey, newDevSigningKey, signJwt } from './dev-keys.js';
import { InvalidTokenError, TokenVerifier, userFromClaims } from './tokens.js';

/** A stand-in issuer on loopback: discovery document and JWKS, with keys a test can rotate. */
let server: Server;
let issuer: string;
let published: DevSigningKey[];
const keyA = newDevSigningKey();
const keyB = newDevSigningKey();

const publicJwk = (k: DevSigningKey) => ({
  ...createPublicKey({ key: k, format: 'jwk' }).export({ format: 'jwk' }),
  kid: k.kid,
  alg: 'RS256',
  use: 'sig',
});

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    else if (req.url === '/jwks') res.end(JSON.stringify({ keys: published.map(publicJwk) }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => (published = [keyA]));

const settings = (over: Partial<AuthSettings> = {}): AuthSettings => ({
  issuer,
  audience: 'chairside-api',
  algorithms: ['RS256', 'ES256', 'PS256'],
  clockSkewSeconds: 30,
  maxTokenLifetimeSeconds: 3600,
  jwksCacheSeconds: 600,
  jwksCooldownSeconds: 0,
  claims: { roles: 'roles', roleMap: {}, organisation: 'org', locations: 'locations' },
  ...over,
});
const now = () => Math.floor(Date.now() / 1000);
const claims = (over: Record<string, unknown> = {}) => ({
  iss: issuer,
  aud: 'chairside-api',
  sub: 'nurse-1',
  iat: now(),
  exp: now() + 900,
  org: 'org-1',
  roles: ['nurse'],
  locations: ['loc-a'],
  client_id: 'chairside-console',
  ...over,
});
const signed = (payload: Record<string, unknown>, key = keyA) =>
  signJwt({ alg: 'RS256', typ: 'at+jwt', kid: key.kid }, payload, key);
const refusal = (verifier: TokenVerifier, token: string) =>
  verifier.verify(token).then(
    () => 'accepted',
    (e: Error) => e,
  );

describe('TokenVerifier', () => {
  it('accepts a token of the issuer and maps its claims', async () => {
    await expect(new TokenVerifier(settings()).verify(signed(claims()))).resolves.toEqual({
      sub: 'nurse-1',
      org: 'org-1',
      roles: ['nurse'],
      locations: ['loc-a'],
      client: 'chairside-console',
    });
  });

  it.each([
    ['another issuer', { iss: 'http://127.0.0.1:1/other' }, 'claim iss'],
    ['another audience', { aud: 'other-api' }, 'claim aud'],
    ['expired', { iat: now() - 1000, exp: now() - 60 }, 'expired'],
    ['not yet valid', { nbf: now() + 600 }, 'claim nbf'],
    ['too long-lived', { exp: now() + 7200 }, 'lifetime'],
    ['no expiry', { exp: undefined }, 'claim exp'],
  ])('refuses a token for %s', async (_, over, reason) => {
    const error = await refusal(new TokenVerifier(settings()), signed(claims(over)));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as Error).message).toContain(reason);
  });

  it('allows the configured clock skew, and no more', async () => {
    const verifier = new TokenVerifier(settings({ clockSkewSeconds: 30 }));
    await expect(verifier.verify(signed(claims({ iat: now() - 900, exp: now() - 10 })))).resolves.toBeDefined();
    await expect(verifier.verify(signed(claims({ iat: now() - 900, exp: now() - 60 })))).rejects.toThrow('expired');
  });

  it('refuses alg none and HS256 keyed with the public key', async () => {
    const verifier = new TokenVerifier(settings());
    const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const none = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims())}.`;
    await expect(verifier.verify(none)).rejects.toThrow(InvalidTokenError);
    const input = `${encode({ alg: 'HS256', typ: 'JWT', kid: keyA.kid })}.${encode(claims())}`;
    const pem = createPublicKey({ key: keyA, format: 'jwk' }).export({ format: 'pem', type: 'spki' });
    const confused = `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
    await expect(verifier.verify(confused)).rejects.toThrow('algorithm not allowed');
  });

  it('refuses an elevated payload under the original signature', async () => {
    const [h, , s] = signed(claims()).split('.');
    const elevated = Buffer.from(JSON.stringify(claims({ roles: ['admin'], locations: '*' }))).toString('base64url');
    await expect(new TokenVerifier(settings()).verify(`${h}.${elevated}.${s}`)).rejects.toThrow('bad signature');
  });

  it('follows key rotation: a new key is fetched, a rotated-out key is refused', async () => {
    const verifier = new TokenVerifier(settings());
    await expect(verifier.verify(signed(claims(), keyA))).resolves.toBeDefined();
    published = [keyB];
    await expect(verifier.verify(signed(claims(), keyB))).resolves.toBeDefined();
    await expect(verifier.verify(signed(claims(), keyA))).rejects.toThrow('a key the issuer does not publish');
  });

  it('checks a token it has seen again for time: expired or not yet valid is refused, signature not re-checked until then', async () => {
    const verifier = new TokenVerifier(settings({ clockSkewSeconds: 30 }));
    const token = signed(claims({ iat: now(), exp: now() + 300 }));
    const first = await verifier.verify(token);
    const again = await verifier.verify(token);
    expect(again).toEqual(first);
    again.roles.push('admin');
    await expect(verifier.verify(token)).resolves.toEqual(first);
    await expect(verifier.verify(token, new Date((now() + 300 + 31) * 1000))).rejects.toThrow('expired');
    const later = signed(claims({ nbf: now() + 600, iat: now(), exp: now() + 900 }));
    await expect(verifier.verify(later)).rejects.toThrow('claim nbf');
  });

  it('says the issuer is unavailable (not that the token is bad) when discovery fails', async () => {
    const verifier = new TokenVerifier(settings({ issuer: 'http://127.0.0.1:1' }));
    const error = await refusal(verifier, signed(claims()));
    expect(error).not.toBeInstanceOf(InvalidTokenError);
    expect((error as Error).message).toContain('discovery document');
  });

  it('never accepts an arbitrary string as a token', async () => {
    const verifier = new TokenVerifier(settings());
    await fc.assert(
      fc.asyncProperty(fc.string(), async (s) => (await refusal(verifier, s)) instanceof InvalidTokenError),
      { numRuns: 200 },
    );
  });
});

describe('userFromClaims', () => {
  it('maps a Keycloak token: realm roles, a locations user attribute, an organisation claim', () => {
    const keycloak = {
      sub: 'u1',
      azp: 'chairside-console',
      realm_access: { roles: ['default-roles-chairside', 'scheduler'] },
      organisation_id: 'org-1',
      locations: ['loc-a'],
    };
    expect(
      userFromClaims(keycloak, {
        roles: 'realm_access.roles',
        roleMap: {},
        organisation: 'organisation_id',
        locations: 'locations',
      }),
    ).toEqual({ sub: 'u1', org: 'org-1', roles: ['scheduler'], locations: ['loc-a'], client: 'chairside-console' });
  });

  it('maps an Entra ID token: app roles by a role map, groups by a naming rule, one organisation', () => {
    const entra = {
      sub: 'u2',
      azp: 'app-id',
      tid: 'tenant',
      roles: ['Chairside.Nurse'],
      groups: ['chairside-location-loc-b', 'all-staff'],
    };
    expect(
      userFromClaims(entra, {
        roles: 'roles',
        roleMap: { 'Chairside.Nurse': 'nurse' },
        organisation: 'tid',
        organisationId: 'org-9',
        locations: 'groups',
        locationPrefix: 'chairside-location-',
      }),
    ).toEqual({ sub: 'u2', org: 'org-9', roles: ['nurse'], locations: ['loc-b'], client: 'app-id' });
  });

  it('grants no location when the claim is missing, and refuses a token without organisation', () => {
    const mapping = { roles: 'roles', roleMap: {}, organisation: 'org', locations: 'locations' };
    expect(userFromClaims({ sub: 'u', org: 'o', roles: ['nurse'] }, mapping).locations).toEqual([]);
    expect(() => userFromClaims({ sub: 'u', roles: ['nurse'] }, mapping)).toThrow('organisation');
  });
});

describe('locationsNamedBy', () => {
  it('finds location ids in the path, query and body', () => {
    expect(
      locationsNamedBy({ params: { locationId: 'a' }, query: { locationIds: 'b,c' }, body: { locationId: 'd' } } as never).sort(),
    ).toEqual(['a', 'b', 'c', 'd']);
    expect(locationsNamedBy({ params: {}, query: {}, body: undefined } as never)).toEqual([]);
  });
});
