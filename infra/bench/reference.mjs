// The machine's own limit, measured in the same run as a benchmark, and the CPU each process
// spends per operation. Absolute figures did not carry from one machine of a kind to another
// (issue 20: 363–403 bookings/s on one, 124–174 on the next), so every benchmark states its result
// as a ratio to a reference taken beside it, and the CPU time per operation shows where the cost is.
//
// Linux only, without extra tools: CPU time comes from /proc (utime + stime of each process), the
// reference from /usr/bin/pgbench and kafkajs.
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import pg from 'pg';

/** Clock ticks per second of /proc's CPU times (USER_HZ); 100 on every common Linux. */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // the process has gone
  }
}

/**
 * CPU milliseconds of one process; with `reaped`, also those of its children that have exited and
 * been waited for (how a pgbench child or a PostgreSQL backend that disconnected stays counted).
 */
export function processCpuMs(pid, { reaped = false } = {}) {
  const f = statFields(pid);
  if (!f) return NaN;
  // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  const ticks = Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
  return (ticks * 1000) / TICKS;
}

function allPids() {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d));
}

/**
 * A server and its children: the server's own time, its exited children's and the live children's.
 * Before/after differences then count every backend that ran in between, even one that came and
 * went (its time moves into the server's cutime when the server reaps it).
 */
export function processTreeCpuMs(pid) {
  // A child reaped while the children are read would be counted in neither place (or in both), as
  // happened when pgbench's twenty backends exited together: read again until no reap fell between.
  for (let attempt = 0; ; attempt++) {
    const server = processCpuMs(pid, { reaped: true });
    let live = 0;
    for (const child of allPids()) {
      const f = statFields(child);
      if (f && Number(f[1]) === pid) live += processCpuMs(child);
    }
    if (processCpuMs(pid, { reaped: true }) === server || attempt >= 20) return server + live;
  }
}

/** The process listening on a TCP port of this machine (/proc/net/tcp* and file descriptors), or undefined. */
export function pidListeningOn(port) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; the inode is the tenth column.
      if (cols.length > 9 && cols[3] === '0A' && parseInt(cols[1].split(':')[1], 16) === port) inodes.add(cols[9]);
    }
  }
  if (!inodes.size) return undefined;
  for (const pid of allPids()) {
    let fds;
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(pid);
      } catch {
        // fd closed while we looked
      }
    }
  }
  return undefined;
}

/** Busy and total CPU milliseconds of the whole machine (all cores), from /proc/stat. */
function machineCpuMs() {
  const [, ...cols] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const v = cols.map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
  const idle = v[3] + v[4];
  return { busy: ((total - idle) * 1000) / TICKS, total: (total * 1000) / TICKS };
}

/**
 * The processes a benchmark involves, by name: `PostgreSQL` (the server on the bench's port and all
 * its backends, the checkpointer and WAL writer included), `Kafka broker` (the JVM on the broker's
 * port), the services' pids, and the benchmark process itself as the load generator.
 * PostgreSQL and the broker are shared: whatever else uses them in the window is counted too.
 */
export function cpuGroups({ postgresPort, kafkaPort, services = [], self = 'load generator (this process)' } = {}) {
  const groups = [
    {
      name: self,
      read: () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      },
    },
  ];
  for (const s of services) groups.push({ name: s.name, read: () => processCpuMs(s.pid, { reaped: true }) });
  const postmaster = postgresPort ? pidListeningOn(postgresPort) : undefined;
  if (postmaster) groups.push({ name: 'PostgreSQL (all backends)', read: () => processTreeCpuMs(postmaster) });
  const broker = kafkaPort ? pidListeningOn(kafkaPort) : undefined;
  if (broker) groups.push({ name: 'Kafka broker (JVM)', read: () => processCpuMs(broker) });
  return groups;
}

/**
 * Starts a CPU measurement over `groups`; `end(operations)` gives each group's CPU ms and ms per
 * operation, plus the machine's busy time that none of the groups accounts for (other work on the
 * machine: editors, type checks, other benchmarks), so a reader can see how quiet the run was.
 */
export function startCpu(groups) {
  const before = groups.map((g) => g.read());
  const machine = machineCpuMs();
  const t0 = performance.now();
  return {
    end(operations) {
      const wallMs = performance.now() - t0;
      const after = machineCpuMs();
      const rows = groups.map((g, i) => {
        const ms = g.read() - before[i];
        return { name: g.name, ms, perOp: ms / operations };
      });
      const busy = after.busy - machine.busy;
      const accounted = rows.reduce((s, r) => s + (Number.isFinite(r.ms) ? r.ms : 0), 0);
      rows.push({ name: 'other processes on the machine', ms: busy - accounted, perOp: (busy - accounted) / operations });
      return {
        operations,
        wallMs,
        rows,
        machineBusyShare: busy / (after.total - machine.total),
      };
    },
  };
}

/** p50, p99, p99.9 and max of latencies (ms), and the longest time in which nothing completed. */
export function latencySummary(latencies, completions = [], window) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
  const times = Float64Array.from(completions).sort();
  let stall = 0;
  for (let i = 1; i < times.length; i++) stall = Math.max(stall, times[i] - times[i - 1]);
  if (window && times.length) stall = Math.max(stall, times[0] - window.from, window.to - times[times.length - 1]);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), p999: at(0.999), max: sorted.at(-1) ?? NaN, stall };
}

/** The PostgreSQL connection a benchmark uses, from the environment `ensurePostgres` completes. */
export function postgresConnection(env = process.env) {
  return {
    host: env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(env.DATABASE_PORT ?? 5432),
    user: env.DATABASE_USER ?? 'postgres',
    password: env.DATABASE_PASSWORD || undefined,
  };
}

function run(file, args, env) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${file} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    );
  });
}

/**
 * pgbench TPC-B (scale 10, 20 clients, 2 threads, 15 s by default: the reference issue 20 names)
 * against the benchmark's own PostgreSQL, in a database of its own created and dropped here.
 * Also the CPU ms per transaction of PostgreSQL and of pgbench, for comparison with the bench's.
 */
export async function pgbenchReference({
  connection = postgresConnection(),
  scale = Number(process.env.BENCH_PGBENCH_SCALE ?? 10),
  clients = Number(process.env.BENCH_PGBENCH_CLIENTS ?? 20),
  threads = 2,
  seconds = Number(process.env.BENCH_PGBENCH_SECONDS ?? 15),
  pgbench = process.env.PGBENCH ?? '/usr/bin/pgbench',
} = {}) {
  const database = `bench_pgbench_${Date.now()}`;
  const admin = new pg.Client({ ...connection, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const env = {
    ...process.env,
    PGHOST: connection.host,
    PGPORT: String(connection.port),
    PGUSER: connection.user,
    ...(connection.password ? { PGPASSWORD: connection.password } : {}),
  };
  try {
    await run(pgbench, ['-i', '-q', '-s', String(scale), database], env);
    const postmaster = pidListeningOn(connection.port);
    // pgbench is our child: once it has exited and been reaped, its CPU time is in our cutime/cstime.
    const groups = [
      { name: 'pgbench (load generator)', read: () => processCpuMs(process.pid, { reaped: true }) - processCpuMs(process.pid) },
      ...(postmaster ? [{ name: 'PostgreSQL (all backends)', read: () => processTreeCpuMs(postmaster) }] : []),
    ];
    const cpu = startCpu(groups);
    const out = await run(pgbench, ['-c', String(clients), '-j', String(threads), '-T', String(seconds), database], env);
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? /tps = ([\d.]+)/.exec(out)?.[1]);
    const transactions = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1]);
    const latencyAverage = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${out}`);
    return {
      command: `pgbench -c ${clients} -j ${threads} -T ${seconds} (TPC-B, scale ${scale})`,
      tps,
      transactions,
      latencyAverage,
      cpu: cpu.end(transactions),
    };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/**
 * Raw kafkajs on a topic of its own (6 partitions): an idempotent producer with acks=all sending
 * batches of 500 as fast as it can while an `eachBatch` consumer reads them, no database. Then,
 * when `rate` is given, the same paced at `rate` messages/s for end-to-end latency.
 */
export async function kafkajsReference(
  kafka,
  { seconds = 20, rate, kafkaPort, prefix = process.env.KAFKA_TOPIC_PREFIX ?? 'bench.' },
) {
  const topic = `${prefix}raw-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6, replicationFactor: 1 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let consumed = 0;
  let latencies = null;
  const completions = [];
  await consumer.run({
    eachBatch: async ({ batch }) => {
      consumed += batch.messages.length;
      if (latencies) {
        const now = Date.now();
        completions.push(now);
        for (const msg of batch.messages) latencies.push(now - Number(msg.value.toString()));
      }
    },
  });
  await sleep(3000);
  const value = () => String(Date.now());
  try {
    let running = true;
    let produced = 0;
    const c0 = consumed;
    const cpu = startCpu(cpuGroups({ kafkaPort, self: 'kafkajs producer and consumer (this process)' }));
    const t0 = Date.now();
    const loop = (async () => {
      while (running) {
        const messages = Array.from({ length: 500 }, (_, i) => ({ key: `k${produced + i}`, value: value() }));
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
        produced += 500;
      }
    })();
    await sleep(seconds * 1000);
    running = false;
    await loop;
    const elapsed = (Date.now() - t0) / 1000;
    while (consumed - c0 < produced) await sleep(50);
    const throughput = {
      produced,
      produceRate: produced / elapsed,
      consumedRate: (consumed - c0) / elapsed,
      cpu: cpu.end(produced),
    };
    if (!rate) return { throughput };

    latencies = [];
    const p0 = Date.now();
    let sent = 0;
    while (Date.now() - p0 < seconds * 1000) {
      const due = Math.floor(((Date.now() - p0) / 1000) * rate) - sent;
      if (due > 0) {
        await producer.send({
          topic,
          acks: -1,
          messages: Array.from({ length: due }, (_, i) => ({ key: `p${sent + i}`, value: value() })),
        });
        sent += due;
      }
      await sleep(20);
    }
    while (latencies.length < sent) await sleep(50);
    return {
      throughput,
      paced: { rate, sent, ...latencySummary(latencies, completions, { from: p0 + 100, to: completions.at(-1) }) },
    };
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

const fmt = (n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
export { fmt };

/** The CPU table of a phase, one line per process, in ms per operation. */
export function formatCpu(cpu, unit = 'operation') {
  const lines = cpu.rows.map(
    (r) =>
      `    ${r.name.padEnd(52)} ${fmt(r.perOp, 3).padStart(9)} ms/${unit}  (${fmt(r.ms)} ms in ${fmt(cpu.wallMs / 1000, 1)} s)`,
  );
  const total = cpu.rows.reduce((s, r) => s + (Number.isFinite(r.perOp) ? r.perOp : 0), 0);
  lines.push(
    `    ${'machine, all processes'.padEnd(52)} ${fmt(total, 3).padStart(9)} ms/${unit}  (busy ${fmt(cpu.machineBusyShare * 100)}% of all cores)`,
  );
  return lines.join('\n');
}

export function formatPgbench(reference) {
  return `Reference: ${reference.command}, same PostgreSQL, same run: ${fmt(reference.tps)} TPS, latency average ${fmt(reference.latencyAverage, 1)} ms; CPU per transaction:\n${formatCpu(reference.cpu, 'tx')}`;
}

export function formatLatency(s) {
  return `p50 ${fmt(s.p50, 1)} ms, p99 ${fmt(s.p99, 1)} ms, p99.9 ${fmt(s.p999, 1)} ms, max ${fmt(s.max, 1)} ms; longest stall (nothing completed) ${fmt(s.stall)} ms`;
}

/** "0.43 × pgbench TPS (target ≥ 0.4: met)". */
export function formatRatio(value, reference, referenceName, target) {
  const ratio = value / reference;
  const verdict = target === undefined ? '' : ` (target ≥ ${target}: ${ratio >= target ? 'met' : 'NOT met'})`;
  // Small ratios (a pipeline against raw kafkajs) keep three digits, so they do not print as 0.00.
  return `${fmt(ratio, ratio < 0.1 ? 3 : 2)} × ${referenceName}${verdict}`;
}

/**
 * What PostgreSQL's backends of one database are doing, sampled from pg_stat_activity every
 * `everyMs` on a connection of its own (pg_stat_statements needs shared_preload_libraries and a
 * server restart; this needs neither). Each sample counts every non-idle backend by state, wait
 * event and the first words of its statement, so a row's share is the average number of backends
 * found there: a profile of where the database's time goes (running, waiting on a row lock, on the
 * WAL flush, on the client). Also the database's commits and rows written over the same window,
 * from pg_stat_database. `stop(operations)` returns the profile and the per-operation counts.
 */
export async function samplePostgresWaits({ connection, database, everyMs = 20 }) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ ...connection, database: 'postgres' });
  await client.connect();
  const counters = async () =>
    (
      await client.query(
        `SELECT xact_commit::float8 AS commits, xact_rollback::float8 AS rollbacks, (tup_inserted + tup_updated + tup_deleted)::float8 AS rows_written
           FROM pg_stat_database WHERE datname = $1`,
        [database],
      )
    ).rows[0];
  await client.query('SELECT pg_stat_clear_snapshot()');
  const before = await counters();
  const seen = new Map();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await client.query(
        `SELECT state, coalesce(wait_event_type || ':' || wait_event, 'on CPU') AS wait,
                regexp_replace(left(regexp_replace(query, '\\s+', ' ', 'g'), 70), '\\$\\d+|''[^'']*''|[0-9]+', '?', 'g') AS statement
           FROM pg_stat_activity WHERE datname = $1 AND state <> 'idle' AND pid <> pg_backend_pid()`,
        [database],
      );
      samples++;
      for (const r of rows) {
        const key = `${r.state} | ${r.wait} | ${r.statement}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop(operations) {
      stopped = true;
      await loop;
      await client.query('SELECT pg_stat_clear_snapshot()');
      const after = await counters();
      await client.end();
      const top = [...seen.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 14)
        .map(([key, n]) => ({ backends: n / samples, key }));
      const per = (k) => (after[k] - before[k]) / operations;
      return {
        samples,
        top,
        commitsPerOperation: per('commits'),
        rollbacksPerOperation: per('rollbacks'),
        rowsWrittenPerOperation: per('rows_written'),
      };
    },
  };
}

export function formatPostgresWaits(w, unit = 'operation') {
  const lines = w.top.map((t) => `    ${t.backends.toFixed(2).padStart(6)}  ${t.key}`);
  return `  PostgreSQL per ${unit}: ${w.commitsPerOperation.toFixed(2)} commits, ${w.rollbacksPerOperation.toFixed(2)} rollbacks, ${w.rowsWrittenPerOperation.toFixed(1)} rows written
  PostgreSQL backends of the service's database, average number found in each state (${w.samples} samples of pg_stat_activity; state | wait event | statement):
${lines.join('\n')}`;
}
