import type { LocationGrant, Role } from '@chairside/domain';
import { DEV_ISSUER, DEV_ORGANISATION_ID, mintDevToken } from '@chairside/platform';

export const TEST_ORGANISATION_ID = DEV_ORGANISATION_ID;

/**
 * The issuer the tests' services trust: the local identity provider that jest's global setup
 * (libs/testing/src/identity-global-setup) or `npm test` started, or the `npm start` one.
 */
export function testIssuer(): string {
  return process.env.AUTH_OIDC_ISSUER ?? DEV_ISSUER;
}

/**
 * A bearer token as the local identity provider issues it (its persisted key; a test-only path),
 * which the spawned services verify through the provider's discovery document and JWKS.
 *
 * `locations` has no default: a test names the one center it acts at (`[locationId]`), so a route
 * that forgets to check the location fails a test instead of passing under an all-locations grant.
 * `'*'` (the whole organisation) is for what genuinely needs it, said at the call site.
 */
export function tokenFor(
  roles: Role[],
  locations: LocationGrant,
  org: string = TEST_ORGANISATION_ID,
  /** The token subject: one per role by default; another person with the same roles needs their own. */
  sub = `test-${roles.join('-')}`,
): string {
  return mintDevToken(
    { sub, org, roles, locations },
    {
      issuer: testIssuer(),
      nodeEnv: process.env.NODE_ENV,
      ...(process.env.IDENTITY_DATA_DIR ? { dir: process.env.IDENTITY_DATA_DIR } : {}),
    },
  );
}
