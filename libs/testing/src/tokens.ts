import type { LocationGrant, Role } from '@chairside/domain';
import { DEV_ORGANISATION_ID, devAuthSettings, mintToken } from '@chairside/platform';

export const TEST_ORGANISATION_ID = DEV_ORGANISATION_ID;

/** A bearer token as the services verify it (same secret as the spawned processes). */
export function tokenFor(roles: Role[], locations: LocationGrant = '*', org: string = TEST_ORGANISATION_ID): string {
  return mintToken({ sub: `test-${roles.join('-')}`, org, roles, locations }, devAuthSettings());
}
