// `npm start`: the whole platform on this machine, with demo data. A service that dies is started
// again (infra/dev/supervisor.mjs); Ctrl-C stops everything this started, the broker included, within
// 20 s; a second Ctrl-C forces it.
//   npm start [-- --fresh]   --fresh drops the demo's databases first (a new demo from scratch)
// Tests also pass --no-build and --no-demo (test/platform/supervision.int.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processMemoryEnv } from './process-memory.mjs';
import { parseArgs } from 'node:util';
import { installIfNeeded, ROOT, step } from './steps.mjs';

const { values: options } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    build: { type: 'boolean', default: true },
    demo: { type: 'boolean', default: true },
  },
  allowNegative: true,
});

await installIfNeeded();
process.env.TURBO_TELEMETRY_DISABLED = '1';
const { ensureKafka } = await import('./kafka.mjs');
const { ensurePostgres } = await import('./postgres.mjs');
const { ensureIdentity } = await import('./identity.mjs');
const { dropServiceDatabases, migrate, serviceEnv } = await import('./migrate.mjs');
const { loadServices } = await import('./services.mjs');
const { startDemo } = await import('./seed-demo.mjs');
const { Supervisor } = await import('./supervisor.mjs');

const STOP_WITHIN_MS = 20_000;
const SERVICE_STOP_GRACE_MS = 8_000;
/** What this run started outside the supervisor (PostgreSQL, Kafka, the identity provider, the message sinks), stopped last-started first. */
const started = [];
const supervisor = new Supervisor();
let stopping = false;
let demo;
let SERVICES;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping everything (Ctrl-C again to force)…');
  // Whatever hangs, the process ends within 20 s: the rest is killed.
  setTimeout(() => void force(`not stopped after ${(STOP_WITHIN_MS - 2_000) / 1000} s`), STOP_WITHIN_MS - 2_000).unref();
  await withTimeout(demo?.stop(), 2_000);
  await supervisor.stop(SERVICE_STOP_GRACE_MS);
  // Once forcing has begun, force() ends the process (exit 130); the kill it sends also ends the
  // wait above, and without these checks this path could win the race and exit 0 instead.
  if (forcing) return;
  for (const s of started.slice().reverse()) {
    await s.stop().catch((e) => console.error(`[start] ${e.message}`));
    if (forcing) return;
  }
  console.log('[start] stopped');
  process.exit(code);
}

let forcing = false;
async function force(why) {
  if (forcing) return;
  forcing = true;
  console.log(`\n[start] ${why}: killing what is left`);
  supervisor.kill();
  // All at once, each given at most 2 s: the broker is SIGKILLed (kafka.sh kill), the rest stopped.
  await Promise.all(started.map((s) => withTimeout((s.kill ?? s.stop)(), 2_000)));
  process.exit(130);
}

// A terminal's Ctrl-C reaches `npm start` and this process together, and npm passes its copy on: one
// key press can arrive here twice within milliseconds. Only a signal a second after the first forces.
const REPEAT_WITHIN_MS = 1_000;
let firstSignalAt = 0;
function interrupted() {
  if (!stopping) {
    firstSignalAt = Date.now();
    void shutdown(0);
  } else if (Date.now() - firstSignalAt >= REPEAT_WITHIN_MS) void force('second Ctrl-C');
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, interrupted);

/** After each step of setting up: once stopping has begun, start nothing more. */
async function unlessStopping() {
  if (stopping) await new Promise(() => undefined);
}

function withTimeout(promise, ms) {
  return Promise.race([
    Promise.resolve(promise).catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, ms).unref()),
  ]);
}

const COLORS = { scheduling: 36, sessions: 35, notifications: 33, reporting: 32, console: 34 };
function printLine(service, line) {
  let text = line;
  try {
    const entry = JSON.parse(line);
    if (entry.context === 'RouterExplorer' || entry.context === 'RoutesResolver' || entry.context === 'InstanceLoader') return;
    // err: an exception; error: what kafkajs said the broker answered.
    const why = entry.err?.message ?? (typeof entry.error === 'string' ? entry.error : undefined);
    text = `${entry.level.padEnd(5)} ${entry.msg ?? ''}${why ? ` — ${why}` : ''}`;
  } catch {
    // not JSON: print as is
  }
  console.log(`\x1b[${COLORS[service]}m[${service}]\x1b[0m ${text}`);
}

async function waitUntilReady(service, path = '/health/ready') {
  for (let i = 0; ; i++) {
    const ok = await fetch(`${service.url}${path}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (i > 600) throw new Error(`${service.name} did not become ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

try {
  if (options.build) await step('build', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
  SERVICES = await loadServices();
  await unlessStopping();
  const postgres = await ensurePostgres();
  started.push(postgres);
  await unlessStopping();
  // A broker this run launches is tracked from the moment it is launched: a Ctrl-C while it starts stops it too.
  const kafka = await ensureKafka(process.env, console.log, (broker) => started.push(broker));
  await unlessStopping();
  // The local OpenID Connect provider the services trust (unless AUTH_OIDC_ISSUER names another).
  const identity = await ensureIdentity();
  started.push(identity);
  await unlessStopping();
  // Where patients' messages go on this machine: a real SMTP server and an SMS provider on loopback,
  // with a page listing what they received (unless SMTP_HOST / SMS_API_URL point elsewhere).
  const outbox = process.env.SMTP_HOST || process.env.SMS_API_URL ? undefined : await startMessageSinks();
  const env = {
    ...process.env,
    ...postgres.env,
    ...kafka.env,
    // The local mail sink speaks plain SMTP on loopback; a real relay (SMTP_HOST) gets STARTTLS.
    ...(outbox ? { SMTP_PORT: String(outbox.smtpPort), SMTP_TLS: 'off', SMS_API_URL: outbox.smsUrl } : {}),
    ...identity.env,
    // The console on loopback forwards the person's IP and user agent; the services' audit trail believes it.
    HTTP_TRUSTED_PROXIES: process.env.HTTP_TRUSTED_PROXIES ?? 'loopback',
    // The local SMS provider's token (a published development value production refuses).
    SMS_AUTH_TOKEN: process.env.SMS_AUTH_TOKEN ?? 'chairside-development-sms-auth-token',
    // The demo's simulator is one machine client seeding two weeks at three centers in its first
    // minutes: far more than a person's 600 requests a minute (the production default).
    RATE_LIMIT_USER_PER_MINUTE: process.env.RATE_LIMIT_USER_PER_MINUTE ?? '60000',
    RATE_LIMIT_USER_BURST: process.env.RATE_LIMIT_USER_BURST ?? '2000',
    // The demo's simulator runs ×30: it shows sessions' watch its clock when a visit overruns
    // (PUT /test/clock, apps/simulator/src/incidents.ts), so the Today board gets overruns and re-plans.
    SESSIONS_ADJUSTABLE_CLOCK: process.env.SESSIONS_ADJUSTABLE_CLOCK ?? 'true',
  };
  if (options.fresh) await dropServiceDatabases({ env });
  await migrate({ env });
  await unlessStopping();

  for (const service of SERVICES) {
    const port = Number(process.env[`${service.name.toUpperCase()}_PORT`] ?? service.port);
    service.url = `http://127.0.0.1:${port}`;
    supervisor.add({
      name: service.name,
      script: `apps/${service.name}/dist/main.js`,
      cwd: ROOT,
      // SMS_WEBHOOK_BASE_URL: the URL the provider's webhooks are signed for (notifications reads it).
      env: {
        SMS_WEBHOOK_BASE_URL: service.url,
        // The local SMS provider reports each text delivered to this webhook (as Twilio does when
        // asked), so the Reports screen's delivery chart has deliveries to show.
        ...(service.name === 'notifications' && outbox && !process.env.SMS_STATUS_CALLBACK_URL
          ? { SMS_STATUS_CALLBACK_URL: `${service.url}/webhooks/sms/status` }
          : {}),
        ...serviceEnv(service.name, env),
        ...processMemoryEnv(service.name, env),
        PORT: String(port),
      },
      onLine: (line) => printLine(service.name, line),
    });
  }
  for (const service of SERVICES) await waitUntilReady(service);
  await unlessStopping();

  // The staff console (apps/console): its back end signs people in at the identity provider and
  // calls the services with their tokens; its callback is registered there for port 3010.
  const consoleUrl = `http://127.0.0.1:${Number(process.env.CONSOLE_PORT ?? 3010)}`;
  supervisor.add({
    name: 'console',
    script: 'apps/console/dist/main.js',
    cwd: ROOT,
    env: {
      ...env,
      PORT: new URL(consoleUrl).port,
      ...Object.fromEntries(SERVICES.map((s) => [`${s.name.toUpperCase()}_URL`, s.url])),
    },
    onLine: (line) => printLine('console', line),
  });
  await waitUntilReady({ name: 'console', url: consoleUrl }, '/health/live');
  await unlessStopping();

  const { ClientCredentials, DEV_MACHINE_CLIENT_SECRET, DEV_ORGANISATION_ID, mintDevToken } =
    await import('../../libs/platform/dist/index.js');
  // The demo's simulator signs in as its OAuth client; people sign in at the identity provider.
  const simulator = new ClientCredentials({
    issuer: identity.issuer,
    clientId: 'chairside-simulator',
    clientSecret: DEV_MACHINE_CLIENT_SECRET,
  });
  const analyst = mintDevToken(
    { sub: 'demo-analyst', org: DEV_ORGANISATION_ID, roles: ['analyst'], locations: '*' },
    { issuer: identity.issuer, nodeEnv: env.NODE_ENV },
  );
  const urls = Object.fromEntries(SERVICES.map((s) => [s.name, s.url]));
  if (options.demo) demo = await startDemo(urls, () => simulator.token());

  const users = demoUsers();
  console.log(`
Chairside is running. Open the console:

  ${consoleUrl}/
  sign in as ${users.join(', ')}; password "${users.password}"

The services:
${SERVICES.map((s) => `  ${s.name.padEnd(14)} ${s.url}/docs   (health ${s.url}/health/ready, metrics ${s.url}/metrics)`).join('\n')}

${outbox ? `  messages       ${outbox.viewerUrl}   (emails and texts sent to patients)\n` : ''}
Sign in (OpenID Connect, authorization code + PKCE): issuer ${identity.issuer}
  users     ${users.join(', ')} — password "${users.password}"; the sign-in page lists them
  clients   chairside-console (web, code + PKCE), chairside-simulator / -bench / -chaos (client credentials)
A demo token (1 h; paste into the OpenAPI page's "Authorize"; more with npm run token):
  analyst   ${analyst}

The simulator is booking and playing visits at three centers (Madrid, Chicago, Sydney). Watch:
  the day board     GET ${SERVICES[1].url}/locations/<location id>/board   (ids: GET ${SERVICES[0].url}/locations)
  a report          GET ${SERVICES[3].url}/reports/kpis?from=<today>&to=<today>   (analyst token)
  patients' mail    ${outbox ? outbox.viewerUrl : '(your SMTP server)'}

Try:
  curl -H "authorization: Bearer ${analyst.slice(0, 12)}…" ${SERVICES[3].url}/reports/locations
  npm run token -- --role scheduler --locations <location id>     (more tokens)

Ctrl-C stops everything${started.some((s) => s.env && Object.keys(s.env).length) ? ' (including embedded PostgreSQL)' : ''}.
`);
} catch (error) {
  console.error(`[start] ${error.message}`);
  await shutdown(1);
}

async function startMessageSinks() {
  const { createServer } = await import('node:http');
  const { startMailSink, startSmsProvider } = await import('../../libs/testing/dist/index.js');
  const mail = await startMailSink(Number(process.env.DEMO_SMTP_PORT ?? 1025));
  const sms = await startSmsProvider();
  const escape = (t) => String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const viewer = createServer((_req, res) => {
    const mails = mail.mails
      .slice()
      .reverse()
      .map(
        (m) =>
          `<article><h3>${escape(m.subject)}</h3><p>to ${escape(m.to)} · ${m.receivedAt.toISOString()}${m.calendar ? ' · with .ics' : ''}</p><pre>${escape(m.text)}</pre></article>`,
      );
    const texts = sms.messages
      .slice()
      .reverse()
      .map((t) => `<article><p>SMS to ${escape(t.to)}</p><pre>${escape(t.body)}</pre></article>`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><meta http-equiv="refresh" content="5"><title>Chairside messages</title><h1>Emails (${mail.mails.length})</h1>${mails.join('')}<h1>Texts (${sms.messages.length})</h1>${texts.join('')}`,
    );
  });
  const viewerPort = Number(process.env.DEMO_MESSAGES_PORT ?? 1080);
  await new Promise((resolve) => viewer.listen(viewerPort, '127.0.0.1', resolve));
  started.push({
    stop: async () => {
      viewer.close();
      await mail.close();
      await sms.close();
    },
  });
  return { smtpPort: mail.port, smsUrl: sms.url, viewerUrl: `http://127.0.0.1:${viewerPort}/` };
}

/**
 * The identity provider's users as the start banner names them, read from the file it loads
 * (IDENTITY_USERS_FILE or apps/identity/demo-users.json), so a user added there is printed too; a
 * user limited to centers says which ("name:" grants name a center).
 */
function demoUsers() {
  const file = process.env.IDENTITY_USERS_FILE ?? join(ROOT, 'apps/identity/demo-users.json');
  const { password, users } = JSON.parse(readFileSync(file, 'utf8'));
  const named = users.map((u) =>
    u.locations === '*'
      ? u.username
      : `${u.username} (${u.locations.map((l) => String(l).replace(/^name:/, '')).join(', ')} only)`,
  );
  return Object.assign(named, { password });
}
