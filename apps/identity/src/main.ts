#!/usr/bin/env node
// The local OpenID Connect provider: `npm start` and the tests run it; production never does.
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@chairside/platform';
import { identityConfig } from './config/identity.config.js';
import { MACHINE_CLIENTS, startIdentityProvider } from './provider.js';

try {
  const config = identityConfig();
  const usersFile = config.IDENTITY_USERS_FILE ?? fileURLToPath(new URL('../demo-users.json', import.meta.url));
  const identity = await startIdentityProvider(config, usersFile);
  // One line a parent process waits for (infra/dev/identity.mjs), then what a person needs to sign in.
  console.log(JSON.stringify({ issuer: identity.issuer, msg: 'identity provider is listening' }));
  console.log(
    `[identity] issuer ${identity.issuer}; users ${identity.users.all.map((u) => u.username).join(', ')} (password ${identity.users.demoPassword}); machine clients ${MACHINE_CLIENTS.map((c) => c.clientId).join(', ')}`,
  );
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => void identity.close().finally(() => process.exit(0)));
} catch (error) {
  console.error(`[identity] ${error instanceof ConfigError ? error.message : (error as Error).message}`);
  process.exit(78);
}
