import { createHash, createPrivateKey, generateKeyPairSync, type JsonWebKey, sign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocationGrant, Role } from '@chairside/domain';

/**
 * The local identity provider's signing keys (apps/identity), generated once and kept under
 * `.data/identity/` so a restart keeps issued tokens valid. Development and tests only: tests
 * sign tokens synchronously with the same key (`mintDevToken`), and the services check them
 * through the provider's real discovery document and JWKS, exactly as they check a hospital's.
 */
export const DEV_IDENTITY_PORT = 3009;
export const DEV_ISSUER = `http://127.0.0.1:${DEV_IDENTITY_PORT}`;
export const DEV_AUDIENCE = 'chairside-api';
/** The local provider's machine clients' secret (development only; the provider refuses production). */
export const DEV_MACHINE_CLIENT_SECRET = 'chairside-machine-development-secret';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export function devIdentityDir(override?: string): string {
  return override ?? join(ROOT, '.data', 'identity');
}

/** A private JWK as the provider publishes its public half (`kid`, `alg`, `use`). */
export type DevSigningKey = JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };

export function newDevSigningKey(): DevSigningKey {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const kid = createHash('sha256').update(String(jwk.n)).digest('base64url').slice(0, 16);
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

/** The key set (newest first), created on first use. Concurrent first uses agree on one file. */
export function devSigningKeys(dir = devIdentityDir()): DevSigningKey[] {
  const file = join(dir, 'jwks.json');
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { keys: DevSigningKey[] }).keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(file, JSON.stringify({ keys: [newDevSigningKey()] }, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (JSON.parse(readFileSync(file, 'utf8')) as { keys: DevSigningKey[] }).keys;
}

export interface DevTokenClaims {
  sub: string;
  org: string;
  roles: readonly Role[];
  locations: LocationGrant;
  client?: string;
}

export interface DevTokenOptions {
  issuer: string;
  audience?: string;
  ttlSeconds?: number;
  /** Seconds since the epoch; defaults to now. */
  issuedAt?: number;
  dir?: string;
  /** The caller's NODE_ENV: production refuses (this signs with a key kept in a plain file of the work tree). */
  nodeEnv: string | undefined;
}

/** An access token as the local provider issues it, signed synchronously with its current key. */
export function mintDevToken(claims: DevTokenClaims, options: DevTokenOptions): string {
  if (options.nodeEnv === 'production') throw new Error('development tokens are refused with NODE_ENV=production');
  const key = devSigningKeys(devIdentityDir(options.dir))[0];
  if (!key) throw new Error('the local identity provider has no signing key');
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const payload = {
    iss: options.issuer,
    aud: options.audience ?? DEV_AUDIENCE,
    iat,
    nbf: iat,
    exp: iat + (options.ttlSeconds ?? 3600),
    sub: claims.sub,
    org: claims.org,
    roles: claims.roles,
    locations: claims.locations,
    client_id: claims.client ?? 'chairside-dev-token',
  };
  return signJwt({ alg: 'RS256', typ: 'at+jwt', kid: key.kid }, payload, key);
}

/** RS256 compact JWS over any header and payload (tests build deliberately wrong tokens with it). */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: JsonWebKey): string {
  const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  const signature = sign('sha256', Buffer.from(input), createPrivateKey({ key, format: 'jwk' }));
  return `${input}.${signature.toString('base64url')}`;
}
