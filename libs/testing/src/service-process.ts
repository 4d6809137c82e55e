import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServiceName } from '@chairside/contracts';
import { DEV_SMS_AUTH_TOKEN } from '@chairside/platform';
import { testIssuer } from './tokens.js';
import { waitFor } from './wait.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServiceProcess {
  url: string;
  readonly pid: number;
  logs(): string;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
  stop(): Promise<number | string>;
  kill(): Promise<number | string>;
}

export interface StartServiceOptions {
  service: ServiceName;
  port: number;
  env?: Record<string, string>;
  /** Wait for /health/ready to say 200 (default), or only for the HTTP port to answer at all. */
  waitForReady?: boolean;
}

/**
 * Rate limits for test runs: far above what any test sends (the fuzz test's 20,000 requests come
 * from one address and a few users), unless the environment or a test's `env` sets them, as the
 * rate-limit test does. Production keeps the schema's defaults.
 */
export const TEST_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_USER_PER_MINUTE: process.env.RATE_LIMIT_USER_PER_MINUTE ?? '1000000',
  RATE_LIMIT_USER_BURST: process.env.RATE_LIMIT_USER_BURST ?? '1000000',
  RATE_LIMIT_CLIENT_IP_PER_MINUTE: process.env.RATE_LIMIT_CLIENT_IP_PER_MINUTE ?? '1000000',
  RATE_LIMIT_CLIENT_IP_BURST: process.env.RATE_LIMIT_CLIENT_IP_BURST ?? '1000000',
};

/** Runs a built service (apps/<service>/dist) as its own process, as production does. */
export async function startServiceProcess(options: StartServiceOptions): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, [`apps/${options.service}/dist/main.js`], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_SERVICE_LOG_LEVEL ?? 'info',
      AUTH_OIDC_ISSUER: testIssuer(),
      HOST: '127.0.0.1',
      // A killed test process leaves the group within seconds, not the production 30 s.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      // The tests' mail sinks (libs/testing mail-sink) speak plain SMTP on loopback.
      SMTP_TLS: 'off',
      PORT: String(options.port),
      // Notifications requires the provider's token and the URL its webhooks are signed for (itself here).
      SMS_AUTH_TOKEN: process.env.SMS_AUTH_TOKEN ?? DEV_SMS_AUTH_TOKEN,
      SMS_WEBHOOK_BASE_URL: `http://127.0.0.1:${options.port}`,
      ...TEST_RATE_LIMITS,
      // Scheduling's warm-up serves a cold start's first real requests (issue 20); the suite starts
      // scheduling dozens of times and would wait for each. warm-up.fast.test.ts tests it, and
      // `npm start` (the supervision test, demo:check) runs it at its default.
      WARM_UP_ROUNDS: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  const url = `http://127.0.0.1:${options.port}`;
  const handle: ServiceProcess = {
    url,
    pid: child.pid!,
    logs: () => output,
    exited,
    stop: async () => {
      if (!ended) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (!ended) child.kill('SIGKILL');
      return exited;
    },
  };
  try {
    await waitFor(
      async () => {
        if (ended) {
          if (options.waitForReady === false) return true; // the caller expects it to die; it reads `exited`
          throw new Error(`${options.service} exited during start-up`);
        }
        const response = await fetch(`${url}/health/ready`);
        return options.waitForReady === false || response.status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `${options.service} on port ${options.port} to be ready` },
    );
  } catch (error) {
    await handle.kill();
    throw new Error(`${(error as Error).message}\n--- ${options.service} output ---\n${output.slice(-6000)}`, { cause: error });
  }
  return handle;
}
