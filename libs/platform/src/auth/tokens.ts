import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isRole, type LocationGrant, type Role } from '@chairside/domain';
import type { AuthenticatedUser, AuthSettings, ClaimMapping } from './auth.types.js';

/** The token cannot be trusted: answer 401. */
export class InvalidTokenError extends Error {}

/** The identity provider (discovery or keys) cannot be reached: answer 503, not 401. */
export class IssuerUnavailableError extends Error {}

/**
 * Verifies access tokens of one OpenID Connect issuer with `jose`: keys from the issuer's
 * discovery document (`jwks_uri`), cached, fetched again when a token names an unknown key
 * (rotation) at most once per cooldown; algorithm pinned to the allow-list; `iss`, `aud`,
 * `exp`, `nbf` with bounded clock skew; and a maximum lifetime.
 */
export class TokenVerifier {
  private keys: Promise<JWTVerifyGetKey> | undefined;
  /**
   * Tokens already verified, by their exact text. A client sends the same token with every request
   * until it expires, and checking its RSA signature again cost about 0.35 ms of the service's CPU
   * per request (a third of the auth guard, 10% of a booking: issue 20's profile). A hit re-checks
   * the time claims; an entry lives at most as long as the key set it was checked against
   * (jwksCacheSeconds) and all are forgotten when the key set changes, so a rotated-out key is
   * refused as soon as the verifier learns of the rotation, as without the cache.
   */
  private readonly verified = new Map<string, VerifiedToken>();
  private verifiedAgainst: unknown;

  constructor(private readonly settings: AuthSettings) {}

  async verify(token: string, now = new Date()): Promise<AuthenticatedUser> {
    const hit = this.verified.get(token);
    // A copy: a request must not change what the next one with the same token is given.
    if (hit && this.stillValid(hit, now)) return { ...hit.user, roles: [...hit.user.roles], ...copiedLocations(hit.user) };
    if (hit) this.verified.delete(token);
    const keys = await this.keySet();
    const { user, payload } = await this.verifySignatureAndClaims(token, keys, now);
    this.remember(token, user, payload, keys, now);
    return user;
  }

  private stillValid(entry: VerifiedToken, now: Date): boolean {
    const seconds = now.getTime() / 1000;
    const skew = this.settings.clockSkewSeconds;
    return (
      now.getTime() < entry.until &&
      seconds - skew < entry.exp &&
      (entry.nbf === undefined || seconds + skew >= entry.nbf) &&
      entry.iat <= Math.floor(seconds) + skew
    );
  }

  private remember(token: string, user: AuthenticatedUser, payload: JWTPayload, keys: JWTVerifyGetKey, now: Date): void {
    // jose's remote key set hands out a new object when it fetched the keys again.
    const keySet = (keys as JWTVerifyGetKey & { jwks?: () => unknown }).jwks?.();
    if (keySet !== this.verifiedAgainst) {
      this.verified.clear();
      this.verifiedAgainst = keySet;
    }
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    const { exp, iat, nbf } = payload as { exp: number; iat: number; nbf?: unknown };
    this.verified.set(token, {
      user,
      exp,
      iat,
      ...(typeof nbf === 'number' ? { nbf } : {}),
      until: now.getTime() + this.settings.jwksCacheSeconds * 1000,
    });
  }

  private async verifySignatureAndClaims(
    token: string,
    keys: JWTVerifyGetKey,
    now: Date,
  ): Promise<{ user: AuthenticatedUser; payload: JWTPayload }> {
    const { settings } = this;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: [...settings.algorithms],
        clockTolerance: settings.clockSkewSeconds,
        requiredClaims: ['exp', 'iat'],
        currentDate: now,
      }));
    } catch (error) {
      throw translate(error);
    }
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const { exp, iat } = payload as { exp: number; iat: number };
    if (iat > nowSeconds + settings.clockSkewSeconds) throw new InvalidTokenError('issued in the future');
    if (exp - iat > settings.maxTokenLifetimeSeconds)
      throw new InvalidTokenError(`lifetime ${exp - iat} s is longer than the ${settings.maxTokenLifetimeSeconds} s allowed`);
    return { user: userFromClaims(payload, settings.claims), payload };
  }

  private keySet(): Promise<JWTVerifyGetKey> {
    // One discovery at a time; a failed one is forgotten so the next request tries again.
    this.keys ??= this.discover().catch((error: unknown) => {
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    const { issuer } = this.settings;
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      throw new IssuerUnavailableError(
        `the identity provider's discovery document ${url} is unavailable (${(error as Error).message})`,
      );
    }
    // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for.
    if (document.issuer !== issuer)
      throw new IssuerUnavailableError(`the discovery document names issuer ${String(document.issuer)}, not ${issuer}`);
    if (typeof document.jwks_uri !== 'string') throw new IssuerUnavailableError('the discovery document has no jwks_uri');
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      timeoutDuration: 5_000,
      cacheMaxAge: this.settings.jwksCacheSeconds * 1000,
      cooldownDuration: this.settings.jwksCooldownSeconds * 1000,
    });
  }
}

function copiedLocations(user: AuthenticatedUser): Pick<AuthenticatedUser, 'locations'> {
  return { locations: user.locations === '*' ? '*' : [...user.locations] };
}

/** At most this many verified tokens are kept (a few MB); the oldest goes first. */
const VERIFIED_TOKENS_KEPT = 5_000;

interface VerifiedToken {
  user: AuthenticatedUser;
  exp: number;
  iat: number;
  nbf?: number;
  /** Epoch ms after which the signature is checked again. */
  until: number;
}

function translate(error: unknown): Error {
  if (error instanceof errors.JWKSTimeout) return new IssuerUnavailableError('the signing keys could not be fetched in time');
  if (error instanceof errors.JWKSNoMatchingKey) return new InvalidTokenError('signed by a key the issuer does not publish');
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new InvalidTokenError(`claim ${error.claim}: ${error.message}`);
  if (error instanceof errors.JOSEAlgNotAllowed) return new InvalidTokenError('algorithm not allowed');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidTokenError('bad signature');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported)
    return new InvalidTokenError(`malformed token (${error.message})`);
  if (error instanceof errors.JOSEError) {
    // The JWKS endpoint answered with something other than a key set.
    if (error.code === 'ERR_JOSE_GENERIC' || error.code === 'ERR_JWKS_INVALID')
      return new IssuerUnavailableError(`the signing keys could not be fetched (${error.message})`);
    return new InvalidTokenError(error.message);
  }
  // A network failure fetching the keys.
  return new IssuerUnavailableError(`the signing keys could not be fetched (${(error as Error).message})`);
}

/** The value at a dot path (`realm_access.roles`), or undefined. */
export function claimAt(payload: Record<string, unknown>, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Maps a verified token's claims to a Chairside user; unknown role names are ignored (they grant nothing). */
export function userFromClaims(payload: JWTPayload, mapping: ClaimMapping): AuthenticatedUser {
  const claims = payload as Record<string, unknown>;
  const client = [claims.azp, claims.client_id].find((c): c is string => typeof c === 'string');
  const sub = typeof claims.sub === 'string' ? claims.sub : client;
  if (!sub) throw new InvalidTokenError('missing sub');
  const org = mapping.organisationId ?? claimAt(claims, mapping.organisation);
  if (typeof org !== 'string' || !org) throw new InvalidTokenError(`missing organisation claim ${mapping.organisation}`);
  const roles = new Set<Role>();
  for (const name of strings(claimAt(claims, mapping.roles))) {
    const role = mapping.roleMap[name] ?? name;
    if (isRole(role)) roles.add(role);
  }
  let granted = strings(claimAt(claims, mapping.locations));
  if (mapping.locationPrefix) {
    const prefix = mapping.locationPrefix;
    granted = granted.filter((g) => g.startsWith(prefix)).map((g) => g.slice(prefix.length));
  }
  const locations: LocationGrant = granted.includes('*') ? '*' : granted;
  return { sub, org, roles: [...roles], locations, ...(client ? { client } : {}) };
}
