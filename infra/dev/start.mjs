// `npm start`: the whole platform on this machine, with demo data. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { installIfNeeded, ROOT, step } from './steps.mjs';

await installIfNeeded();
process.env.TURBO_TELEMETRY_DISABLED = '1';
const { ensureKafka } = await import('./kafka.mjs');
const { ensurePostgres } = await import('./postgres.mjs');
const { migrate, serviceEnv } = await import('./migrate.mjs');
const { SERVICES } = await import('./services.mjs');
const { seedDemo } = await import('./seed-demo.mjs');

const started = [];
const children = new Map();
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping services…');
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  for (const s of started.reverse()) await s.stop().catch((e) => console.error(e.message));
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const COLORS = { scheduling: 36, sessions: 35, notifications: 33, reporting: 32 };
function printLine(service, line) {
  let text = line;
  try {
    const entry = JSON.parse(line);
    if (entry.context === 'RouterExplorer' || entry.context === 'RoutesResolver' || entry.context === 'InstanceLoader') return;
    text = `${entry.level.padEnd(5)} ${entry.msg ?? ''}${entry.err ? ` — ${entry.err.message}` : ''}`;
  } catch {
    // not JSON: print as is
  }
  console.log(`\x1b[${COLORS[service]}m[${service}]\x1b[0m ${text}`);
}

try {
  await step('build', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
  const postgres = await ensurePostgres();
  started.push(postgres);
  const kafka = await ensureKafka();
  started.push(kafka);
  const env = { ...process.env, ...postgres.env, ...kafka.env, AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET ?? (await import('../../libs/platform/dist/auth/dev-auth.js')).DEV_JWT_SECRET };
  await migrate({ env });

  for (const service of SERVICES) {
    const port = Number(process.env[`${service.name.toUpperCase()}_PORT`] ?? service.port);
    const child = spawn(process.execPath, [`apps/${service.name}/dist/main.js`], { cwd: ROOT, env: { ...serviceEnv(service.name, env), PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    service.url = `http://127.0.0.1:${port}`;
    children.set(service.name, child);
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream.on('data', (chunk) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop();
        for (const line of lines) if (line.trim()) printLine(service.name, line);
      });
    }
    child.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`[start] ${service.name} exited (${code ?? signal}); stopping the platform`);
      void shutdown(1);
    });
  }

  for (const service of SERVICES) {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${service.url}/health/ready`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 600) throw new Error(`${service.name} did not become ready`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const { devAuthSettings, mintToken, DEV_ORGANISATION_ID } = await import('../../libs/platform/dist/index.js');
  const settings = devAuthSettings(env);
  const admin = mintToken({ sub: 'demo-admin', org: DEV_ORGANISATION_ID, roles: ['admin'], locations: '*' }, settings, 24 * 3600);
  const analyst = mintToken({ sub: 'demo-analyst', org: DEV_ORGANISATION_ID, roles: ['analyst'], locations: '*' }, settings, 24 * 3600);
  await seedDemo(SERVICES[0].url, admin);

  console.log(`
Chairside is running. Open:
${SERVICES.map((s) => `  ${s.name.padEnd(14)} ${s.url}/docs   (health ${s.url}/health/ready, metrics ${s.url}/metrics)`).join('\n')}

Demo tokens (24 h; paste into the OpenAPI page's "Authorize"):
  admin    ${admin}
  analyst  ${analyst}

Try:
  curl -H "authorization: Bearer ${analyst.slice(0, 12)}…" ${SERVICES[3].url}/reports/locations
  npm run token -- --role scheduler --locations <location id>     (more tokens)

Ctrl-C stops everything${started.some((s) => s.env && Object.keys(s.env).length) ? ' (including embedded PostgreSQL)' : ''}.
`);
} catch (error) {
  console.error(`[start] ${error.message}`);
  await shutdown(1);
}
