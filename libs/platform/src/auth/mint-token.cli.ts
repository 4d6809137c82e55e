/**
 * Mints a development access token for scripts, signed with the local identity provider's key:
 *   npm run token -- --role scheduler --locations <uuid>[,<uuid>] [--org <uuid>] [--sub <id>] [--ttl 3600]
 * Services accept it when their AUTH_OIDC_ISSUER is the local provider (`npm start`). Refuses to
 * run with NODE_ENV=production: people sign in at the identity provider; machines use client credentials.
 */
import { parseArgs } from 'node:util';
import { isRole, ROLES, type Role } from '@chairside/domain';
import { DEV_ORGANISATION_ID } from './dev-auth.js';
import { devTokenConfig, type DevTokenConfig } from '../config/dev-token.config.js';
import { mintDevToken } from './dev-keys.js';

let config: DevTokenConfig;
try {
  config = devTokenConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(78);
}
if (config.NODE_ENV === 'production') {
  console.error('npm run token is a development tool and refuses to run with NODE_ENV=production');
  process.exit(78);
}
const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true, default: ['admin'] },
    locations: { type: 'string', default: '*' },
    org: { type: 'string', default: DEV_ORGANISATION_ID },
    sub: { type: 'string', default: 'dev-user' },
    ttl: { type: 'string', default: '3600' },
  },
});
const roles = values.role.flatMap((r) => r.split(','));
const bad = roles.filter((r) => !isRole(r));
if (bad.length) {
  console.error(`unknown role(s): ${bad.join(', ')} (${ROLES.join(', ')})`);
  process.exit(2);
}
const locations = values.locations === '*' ? '*' : values.locations.split(',').filter(Boolean);
console.log(
  mintDevToken(
    { sub: values.sub, org: values.org, roles: roles as Role[], locations },
    {
      issuer: config.AUTH_OIDC_ISSUER,
      ttlSeconds: Number(values.ttl),
      nodeEnv: config.NODE_ENV,
      ...(config.IDENTITY_DATA_DIR ? { dir: config.IDENTITY_DATA_DIR } : {}),
    },
  ),
);
