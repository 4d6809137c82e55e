// The local OpenID Connect provider (apps/identity) for `npm start`, `npm test` and the scripts:
// uses the one already answering on AUTH_OIDC_ISSUER (or 127.0.0.1:3009) when it publishes this
// work tree's signing key, or starts one (on another port when 3009 is taken by another work tree).
// The services trust it through AUTH_OIDC_ISSUER; tests sign with its persisted key (.data/identity).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function publishesOurKey(issuer, kid) {
  try {
    const discovery = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2_000) });
    if (!discovery.ok) return false;
    const { issuer: named, jwks_uri: jwksUri } = await discovery.json();
    if (named !== issuer) return false;
    const jwks = await (await fetch(jwksUri, { signal: AbortSignal.timeout(2_000) })).json();
    return jwks.keys.some((k) => k.kid === kid);
  } catch {
    return false;
  }
}

async function portFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function ensureIdentity(env = process.env, log = console.log) {
  const { DEV_ISSUER, DEV_IDENTITY_PORT, devSigningKeys, devIdentityDir } = await import('../../libs/platform/dist/index.js');
  const issuer = env.AUTH_OIDC_ISSUER ?? DEV_ISSUER;
  const loopback = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(issuer);
  if (!loopback) {
    log(`[identity] using ${issuer}`);
    return { issuer, env: { AUTH_OIDC_ISSUER: issuer }, stop: async () => undefined };
  }
  const kid = devSigningKeys(devIdentityDir(env.IDENTITY_DATA_DIR))[0].kid;
  if (await publishesOurKey(issuer, kid)) {
    log(`[identity] using the local identity provider already running at ${issuer}`);
    return { issuer, env: { AUTH_OIDC_ISSUER: issuer }, stop: async () => undefined };
  }
  const port = Number(env.IDENTITY_PORT ?? ((await portFree(DEV_IDENTITY_PORT)) ? DEV_IDENTITY_PORT : 0));
  /** Starts the provider on a port (0: any free one) and resolves with its issuer once it listens. */
  const launch = (onPort) => {
    const child = spawn(process.execPath, ['apps/identity/dist/main.js'], {
      cwd: ROOT,
      env: { ...env, IDENTITY_PORT: String(onPort), AUTH_OIDC_ISSUER: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const listening = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the identity provider did not start:\n${output}`)), 30_000);
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const line = output.split('\n').find((l) => l.includes('"issuer"'));
        if (line) {
          clearTimeout(timer);
          resolve(JSON.parse(line).issuer);
        }
      });
      child.stderr.on('data', (chunk) => (output += chunk));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the identity provider exited (${code}):\n${output}`));
      });
    });
    return { child, listening };
  };
  let { child, listening } = launch(port);
  const started = await listening;
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopping = false;
  let backoffMs = 1_000;
  let startedAt = Date.now();
  let restartTimer;
  // Like the services under the supervisor: a provider that dies is started again on the same port
  // (the services trust its issuer URL, which names the port), with a backoff doubling to 30 s and
  // back to 1 s after a minute up. Its signing keys are on disk (.data/identity), so tokens it
  // issued before stay valid.
  const restart = (why) => {
    if (stopping) return;
    if (Date.now() - startedAt > 60_000) backoffMs = 1_000;
    const delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, 30_000);
    log(`[identity] ${why}; restarting it in ${delay / 1000} s`);
    restartTimer = setTimeout(async () => {
      if (stopping) return;
      ({ child, listening } = launch(Number(new URL(started).port)));
      startedAt = Date.now();
      try {
        await listening;
      } catch (error) {
        child.kill('SIGKILL');
        restart(`could not be started again (${error.message.split('\n')[0]})`);
        return;
      }
      log(`[identity] started again (pid ${child.pid})`);
      watch(child);
    }, delay);
  };
  const watch = (running) => {
    running.stderr.on('data', (chunk) => process.stderr.write(`[identity] ${chunk}`));
    running.once('exit', (code, signal) => restart(`exited (${signal ?? `code ${code}`})`));
  };
  watch(child);
  log(`[identity] local identity provider at ${started}`);
  return {
    issuer: started,
    env: { AUTH_OIDC_ISSUER: started },
    /** The provider's process id now (tests). */
    pid: () => child.pid,
    /** npm start's forced stop. */
    kill: async () => {
      stopping = true;
      clearTimeout(restartTimer);
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    stop: async () => {
      stopping = true;
      clearTimeout(restartTimer);
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
      log('[identity] stopped');
    },
  };
}
