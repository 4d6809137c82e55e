import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface IdentityProcess {
  issuer: string;
  logs(): string;
  stop(): Promise<void>;
}

export interface IdentityProcessOptions {
  port: number;
  /** Signing and cookie keys (a test's own directory, so it can rotate them). */
  dataDir: string;
  usersFile?: string;
  schedulingUrl?: string;
  /** More of its settings (e.g. IDENTITY_CONSOLE_REDIRECT_URIS for a console on a test's port). */
  env?: Record<string, string>;
}

/** The local identity provider (apps/identity/dist) as its own process, for a test that needs one of its own. */
export async function startIdentityProcess(options: IdentityProcessOptions): Promise<IdentityProcess> {
  const child: ChildProcess = spawn(process.execPath, ['apps/identity/dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      IDENTITY_PORT: String(options.port),
      IDENTITY_DATA_DIR: options.dataDir,
      ...(options.usersFile ? { IDENTITY_USERS_FILE: options.usersFile } : {}),
      ...(options.schedulingUrl ? { SCHEDULING_URL: options.schedulingUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const issuer = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the identity provider exited: ${output}`);
        return (await fetch(`${issuer}/.well-known/openid-configuration`)).ok;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the identity provider to answer' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { issuer, logs: () => output, stop };
}
