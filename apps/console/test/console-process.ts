import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_RATE_LIMITS, waitFor } from '@chairside/testing';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ConsoleProcess {
  url: string;
  logs(): string;
  stop(): Promise<void>;
}

/**
 * The console's back end as its own process (apps/console/dist), ready once its live updates receive
 * from Kafka and that join has settled: the `ready` its streams are told then (which reads a board
 * read before it again) falls before any test, not inside one that counts board reads.
 */
export async function startConsoleProcess(port: number, env: Record<string, string>): Promise<ConsoleProcess> {
  const child: ChildProcess = spawn(process.execPath, ['apps/console/dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), ...TEST_RATE_LIMITS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the console exited: ${output}`);
        const ready = await fetch(`${url}/health/ready`).then(
          (r) => r.json() as Promise<{ liveUpdates?: boolean; receiving?: boolean }>,
          () => ({ liveUpdates: false, receiving: false }),
        );
        return ready.liveUpdates === true && ready.receiving === true;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the console to be ready' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, logs: () => output, stop };
}
