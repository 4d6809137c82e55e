// Keeps `npm start`'s service processes up: one that dies is started again after a backoff (1 s,
// doubling to 30 s, back to 1 s once it has run for a minute) while the others keep running; stop()
// ends them all (SIGTERM, then SIGKILL after a grace period) and kill() ends them at once.
import { spawn } from 'node:child_process';

const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

export class Supervisor {
  /** @param {{ log?: (line: string) => void, firstBackoffMs?: number, maxBackoffMs?: number, stableAfterMs?: number }} options (the times shorter in tests) */
  constructor(options = {}) {
    this.log = options.log ?? ((line) => console.log(line));
    this.firstBackoffMs = options.firstBackoffMs ?? FIRST_BACKOFF_MS;
    this.maxBackoffMs = options.maxBackoffMs ?? MAX_BACKOFF_MS;
    this.stableAfterMs = options.stableAfterMs ?? STABLE_AFTER_MS;
    this.processes = new Map();
    this.stopping = false;
  }

  /**
   * Runs `node <script>` under supervision. Each child gets its own process group (detached), so a
   * terminal's Ctrl-C reaches only this process, which then stops the children in order.
   * @param {{ name: string, script: string, cwd: string, env: NodeJS.ProcessEnv, onLine: (line: string) => void }} spec
   */
  add(spec) {
    const entry = { spec, child: undefined, restarts: 0, backoffMs: this.firstBackoffMs, timer: undefined, startedAt: 0 };
    this.processes.set(spec.name, entry);
    this.#spawn(entry);
  }

  /** Process ids of the children running now, by name (tests and the console). */
  pids() {
    return Object.fromEntries(
      [...this.processes].flatMap(([name, e]) => (e.child?.pid && alive(e.child) ? [[name, e.child.pid]] : [])),
    );
  }

  #spawn(entry) {
    const { spec } = entry;
    const child = spawn(process.execPath, [spec.script], {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    entry.child = child;
    entry.startedAt = Date.now();
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream.on('data', (chunk) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop();
        for (const line of lines) if (line.trim()) spec.onLine(line);
      });
    }
    child.on('error', (error) => this.log(`[start] ${spec.name} could not be started: ${error.message}`));
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      if (Date.now() - entry.startedAt > this.stableAfterMs) entry.backoffMs = this.firstBackoffMs;
      const delay = entry.backoffMs;
      entry.backoffMs = Math.min(entry.backoffMs * 2, this.maxBackoffMs);
      entry.restarts++;
      this.log(
        `[start] ${spec.name} exited (${signal ?? `code ${code}`}); restarting it in ${delay / 1000} s (restart ${entry.restarts}); the other services keep running`,
      );
      entry.timer = setTimeout(() => {
        entry.timer = undefined;
        if (this.stopping) return;
        this.#spawn(entry);
        this.log(`[start] ${spec.name} started again (pid ${entry.child.pid})`);
      }, delay);
    });
    if (entry.restarts === 0) this.log(`[start] ${spec.name} started (pid ${child.pid})`);
  }

  /** Ends every child: SIGTERM, then SIGKILL for any still running after graceMs. Resolves when all have exited. */
  async stop(graceMs = 10_000) {
    this.stopping = true;
    const entries = [...this.processes.values()];
    for (const e of entries) clearTimeout(e.timer);
    await Promise.all(
      entries.map(async (e) => {
        const child = e.child;
        if (!child || !alive(child)) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        signal(child, 'SIGTERM');
        const timer = setTimeout(() => {
          this.log(`[start] ${e.spec.name} did not stop in ${graceMs / 1000} s; killing it`);
          signal(child, 'SIGKILL');
        }, graceMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  /** Ends every child now (SIGKILL), without waiting. */
  kill() {
    this.stopping = true;
    for (const e of this.processes.values()) {
      clearTimeout(e.timer);
      if (e.child && alive(e.child)) signal(e.child, 'SIGKILL');
    }
  }
}

// A child that died of a signal has exitCode null but signalCode set: both mean it is gone.
function alive(child) {
  return child.exitCode === null && child.signalCode === null;
}

function signal(child, name) {
  try {
    // The child leads its own process group: signal the group, so anything it started ends too.
    process.kill(-child.pid, name);
  } catch {
    try {
      child.kill(name);
    } catch {
      // already gone
    }
  }
}
