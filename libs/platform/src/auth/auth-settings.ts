import type { BaseConfig } from '../config/load-config.js';
import type { AuthSettings } from './auth.types.js';

/** The token checks and claim mapping a service's validated configuration asks for. */
export function authSettingsFrom(config: BaseConfig): AuthSettings {
  return {
    issuer: config.AUTH_OIDC_ISSUER,
    audience: config.AUTH_AUDIENCE,
    algorithms: config.AUTH_ALGORITHMS,
    clockSkewSeconds: config.AUTH_CLOCK_SKEW_SECONDS,
    maxTokenLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    jwksCacheSeconds: config.AUTH_JWKS_CACHE_SECONDS,
    jwksCooldownSeconds: config.AUTH_JWKS_COOLDOWN_SECONDS,
    claims: {
      roles: config.AUTH_ROLES_CLAIM,
      roleMap: config.AUTH_ROLE_MAP,
      organisation: config.AUTH_ORGANISATION_CLAIM,
      ...(config.AUTH_ORGANISATION_ID ? { organisationId: config.AUTH_ORGANISATION_ID } : {}),
      locations: config.AUTH_LOCATIONS_CLAIM,
      ...(config.AUTH_LOCATION_PREFIX ? { locationPrefix: config.AUTH_LOCATION_PREFIX } : {}),
    },
  };
}
