import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@chairside/testing';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Whether a process id is still a live process. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The local identity provider as `npm start` runs it (infra/dev/identity.mjs's ensureIdentity, in a
 * process of its own standing in for start.mjs): when it dies, people can no longer sign in to the
 * console, so it is started again on the same port, the issuer URL the services trust, and a stop
 * after that ends the new process too.
 */
describe('npm start keeps the identity provider up', () => {
  let host: ChildProcess | undefined;
  afterAll(() => {
    if (host?.exitCode === null) host.kill('SIGKILL');
  });

  it('starts a killed provider again on the same issuer, and stops the new one', async () => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    host = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { ensureIdentity } = await import('./infra/dev/identity.mjs');
         const identity = await ensureIdentity(process.env, (line) => console.log(line));
         console.log(JSON.stringify({ pid: identity.pid() }));
         process.on('SIGUSR2', () => console.log(JSON.stringify({ pid: identity.pid() })));
         process.on('SIGTERM', async () => { await identity.stop(); process.exit(0); });
         setInterval(() => undefined, 1_000);`,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, AUTH_OIDC_ISSUER: issuer, IDENTITY_PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    host.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    host.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const pids = () => [...output.matchAll(/\{"pid":(\d+)\}/g)].map((m) => Number(m[1]));
    const first = await waitFor(async () => pids()[0], { what: 'the identity provider started', timeoutMs: 30_000 });
    const discovery = async () => {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`).catch(() => undefined);
      return response?.ok ? ((await response.json()) as { issuer: string }) : undefined;
    };
    expect(await discovery()).toMatchObject({ issuer });

    process.kill(first, 'SIGKILL');
    await waitFor(async () => /\[identity\] exited \(SIGKILL\); restarting it in 1 s/.test(output) || undefined, {
      what: 'the provider’s death reported',
      timeoutMs: 10_000,
    });
    await waitFor(async () => /\[identity\] started again \(pid \d+\)/.test(output) || undefined, {
      what: 'the provider started again',
      timeoutMs: 30_000,
    });
    expect(await discovery()).toMatchObject({ issuer });
    host.kill('SIGUSR2');
    const second = await waitFor(async () => pids()[1], { what: 'the new process id', timeoutMs: 5_000 });
    expect(second).not.toBe(first);
    expect(alive(second)).toBe(true);

    const exited = new Promise<number | null>((resolve) => host!.once('exit', resolve));
    host.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('[identity] stopped');
    await waitFor(async () => !alive(second) || undefined, { what: 'the restarted provider ended', timeoutMs: 5_000 });
    expect(await discovery()).toBeUndefined();
  }, 90_000);
});
