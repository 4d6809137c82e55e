import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * @runs-alone: it times restarts 100–400 ms apart, which a busy neighbour on two cores could blur.
 *
 * npm start's supervisor (infra/dev/supervisor.mjs) with its times scaled down (first backoff
 * 100 ms, at most 400 ms, stable after 1.5 s up; npm start uses 1 s, 30 s and a minute): a service
 * that keeps dying waits twice as long each time up to the cap, and one that ran long enough
 * before dying starts again after the first backoff. supervision.int.test.ts covers the real
 * `npm start` with a killed service; this covers the backoff it prints.
 */
describe("npm start's supervisor backs off a failing service and forgives one that ran", () => {
  const dir = mkdtempSync(join(tmpdir(), 'chairside-supervisor-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('waits 0.1, 0.2, 0.4, 0.4, 0.4 s for a service dying at once; after a run longer than the stable time, 0.1 s again', async () => {
    // The "service": its nth start (counted in a file) dies at once, except the 6th, which runs 2 s
    // (past the stable time) before dying, and the 8th, which stays up.
    const service = join(dir, 'service.mjs');
    writeFileSync(
      service,
      `import { existsSync, readFileSync, writeFileSync } from 'node:fs';
       const file = ${JSON.stringify(join(dir, 'starts'))};
       const n = (existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0) + 1;
       writeFileSync(file, String(n));
       if (n === 8) setInterval(() => undefined, 1_000);
       else setTimeout(() => process.exit(1), n === 6 ? 2_000 : 10);`,
    );
    // Stops the supervisor once the 8th start is up, as npm start's Ctrl-C does.
    const script = `
      import { existsSync, readFileSync } from 'node:fs';
      const { Supervisor } = await import('./infra/dev/supervisor.mjs');
      const starts = ${JSON.stringify(join(dir, 'starts'))};
      const supervisor = new Supervisor({ firstBackoffMs: 100, maxBackoffMs: 400, stableAfterMs: 1_500 });
      supervisor.add({ name: 'flaky', script: ${JSON.stringify(service)}, cwd: process.cwd(), env: process.env, onLine: () => undefined });
      const poll = setInterval(async () => {
        if (!existsSync(starts) || readFileSync(starts, 'utf8') !== '8') return;
        clearInterval(poll);
        await supervisor.stop(1_000);
        console.log('[test] stopped');
      }, 50);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });

    const waits = [...output.matchAll(/\[start\] flaky exited \(code 1\); restarting it in ([\d.]+) s \(restart (\d+)\)/g)].map(
      ([, seconds, restart]) => [Number(restart), Number(seconds)],
    );
    expect(waits).toEqual([
      [1, 0.1],
      [2, 0.2],
      [3, 0.4],
      [4, 0.4],
      [5, 0.4],
      // The 6th start ran 2 s, past the stable time: the backoff starts over.
      [6, 0.1],
      [7, 0.2],
    ]);
    expect(output.match(/\[start\] flaky started again/g)).toHaveLength(7);
    expect(output).toContain('[test] stopped');
  }, 60_000);
});
