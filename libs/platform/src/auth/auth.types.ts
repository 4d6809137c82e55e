import type { LocationGrant, Role } from '@chairside/domain';

/** The claims Chairside reads from a bearer token. */
export interface AuthenticatedUser {
  /** Staff member id (or, for a machine client, the client id); never a patient. */
  sub: string;
  /** Organisation (operator) the user works for. */
  org: string;
  roles: Role[];
  /** Locations the user may act on, or '*' for the whole organisation. */
  locations: LocationGrant;
  /** The OAuth client the token was issued to (`azp` or `client_id`), when the token names one. */
  client?: string;
}

/** Asymmetric algorithms only: a token can never choose `none` or an HMAC keyed with a public key. */
export const TOKEN_ALGORITHMS = ['RS256', 'ES256', 'PS256'] as const;
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

/** Where an identity provider puts roles, organisation and locations (names differ per provider). */
export interface ClaimMapping {
  /** Dot path of the roles claim: `roles` (Chairside, Entra app roles), `realm_access.roles` (Keycloak). */
  roles: string;
  /** Provider role name → Chairside role; names that are Chairside roles already need no entry. */
  roleMap: Readonly<Record<string, Role>>;
  /** Dot path of the organisation claim; ignored when `organisationId` is set. */
  organisation: string;
  /** The one organisation this issuer serves (e.g. an Entra tenant), instead of a claim. */
  organisationId?: string;
  /** Dot path of the locations claim: a list of location ids or '*'. */
  locations: string;
  /** When set, only claim values starting with it count and it is removed (Entra groups named `<prefix><location id>`). */
  locationPrefix?: string;
}

export interface AuthSettings {
  /** `iss` expected, and where the discovery document (and through it the JWKS) is fetched. */
  issuer: string;
  audience: string;
  algorithms: readonly TokenAlgorithm[];
  clockSkewSeconds: number;
  /** Refuse a token whose `exp - iat` is longer than this (a leaked long-lived token). */
  maxTokenLifetimeSeconds: number;
  /** How long fetched signing keys are used before they are fetched again. */
  jwksCacheSeconds: number;
  /** After a fetch, an unknown `kid` waits this long before the keys are fetched again (rotation). */
  jwksCooldownSeconds: number;
  claims: ClaimMapping;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');
