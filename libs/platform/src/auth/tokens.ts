import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRole } from '@chairside/domain';
import type { AuthenticatedUser, AuthSettings } from './auth.types.js';

/**
 * HS256 JWTs. Kept to the one algorithm we issue so a token can never choose its own
 * verification method ("alg": "none" or an RSA/HMAC confusion).
 */
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

function sign(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

export function mintToken(user: AuthenticatedUser, settings: AuthSettings, ttlSeconds = 8 * 3600, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const payload = base64url(
    JSON.stringify({ ...user, iss: settings.issuer, aud: settings.audience, iat, exp: iat + ttlSeconds }),
  );
  return `${HEADER}.${payload}.${sign(`${HEADER}.${payload}`, settings.secret)}`;
}

export class InvalidTokenError extends Error {}

export function verifyToken(token: string, settings: AuthSettings, now = Date.now()): AuthenticatedUser {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  const [header, payload, signature] = parts as [string, string, string];
  if (header !== HEADER) throw new InvalidTokenError('unsupported token header');
  const expected = Buffer.from(sign(`${header}.${payload}`, settings.secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidTokenError('bad signature');
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new InvalidTokenError('malformed payload');
  }
  if (claims.iss !== settings.issuer) throw new InvalidTokenError('wrong issuer');
  if (claims.aud !== settings.audience) throw new InvalidTokenError('wrong audience');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw new InvalidTokenError('expired');
  const { sub, org, roles, locations } = claims;
  if (typeof sub !== 'string' || typeof org !== 'string') throw new InvalidTokenError('missing sub or org');
  if (!Array.isArray(roles) || !roles.every(isRole)) throw new InvalidTokenError('bad roles claim');
  const validLocations = locations === '*' || (Array.isArray(locations) && locations.every((l) => typeof l === 'string'));
  if (!validLocations) throw new InvalidTokenError('bad locations claim');
  return { sub, org, roles, locations: locations as AuthenticatedUser['locations'] };
}
