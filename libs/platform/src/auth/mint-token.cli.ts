/**
 * Mints a development token:
 *   npm run token -- --role scheduler --locations <uuid>[,<uuid>] [--org <uuid>] [--sub <id>] [--ttl 28800]
 * Uses AUTH_JWT_SECRET (and issuer/audience) from the environment, the same as the services.
 */
import { parseArgs } from 'node:util';
import { isRole, type Role } from '@chairside/domain';
import { devAuthSettings } from '../config/dev-auth.config.js';
import { DEV_ORGANISATION_ID } from './dev-auth.js';
import type { AuthSettings } from './auth.types.js';
import { mintToken } from './tokens.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true, default: ['admin'] },
    locations: { type: 'string', default: '*' },
    org: { type: 'string', default: DEV_ORGANISATION_ID },
    sub: { type: 'string', default: 'dev-user' },
    ttl: { type: 'string', default: String(8 * 3600) },
  },
});
const roles = values.role.flatMap((r) => r.split(','));
const bad = roles.filter((r) => !isRole(r));
if (bad.length) {
  console.error(`unknown role(s): ${bad.join(', ')} (admin, scheduler, nurse, analyst)`);
  process.exit(2);
}
const locations = values.locations === '*' ? '*' : values.locations.split(',').filter(Boolean);
let settings: AuthSettings;
try {
  settings = devAuthSettings();
} catch (error) {
  // The same check as the services': a token they would refuse is not minted.
  console.error((error as Error).message);
  process.exit(78);
}
console.log(mintToken({ sub: values.sub, org: values.org, roles: roles as Role[], locations }, settings, Number(values.ttl)));
