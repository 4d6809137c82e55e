import type { LocationGrant, Role } from '@chairside/domain';

/** The claims Chairside reads from a bearer token. */
export interface AuthenticatedUser {
  /** Staff member id; never a patient. */
  sub: string;
  /** Organisation (operator) the user works for. */
  org: string;
  roles: Role[];
  /** Locations the user may act on, or '*' for the whole organisation. */
  locations: LocationGrant;
  /** The OAuth client the token was issued to (`azp` or `client_id`), when the token names one. */
  client?: string;
}

export interface AuthSettings {
  secret: string;
  issuer: string;
  audience: string;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');
