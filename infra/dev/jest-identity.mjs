// jest globalSetup/globalTeardown of the integration tests: the local identity provider the
// spawned services trust (AUTH_OIDC_ISSUER, inherited by test workers and service processes).
// A targeted run of one *.int.test.ts file gets it too; `npm test` passes its own in.
import { ensureIdentity } from './identity.mjs';

export async function setup() {
  const identity = await ensureIdentity(process.env, () => undefined);
  process.env.AUTH_OIDC_ISSUER = identity.issuer;
  globalThis.chairsideIdentity = identity;
}

export async function teardown() {
  await globalThis.chairsideIdentity?.stop();
}
