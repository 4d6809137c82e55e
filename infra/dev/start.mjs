// `npm start`: the whole platform on this machine, with demo data. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { installIfNeeded, ROOT, step } from './steps.mjs';

await installIfNeeded();
process.env.TURBO_TELEMETRY_DISABLED = '1';
const { ensureKafka } = await import('./kafka.mjs');
const { ensurePostgres } = await import('./postgres.mjs');
const { ensureIdentity } = await import('./identity.mjs');
const { migrate, serviceEnv } = await import('./migrate.mjs');
const { SERVICES } = await import('./services.mjs');
const { startDemo } = await import('./seed-demo.mjs');

const started = [];
const children = new Map();
let stopping = false;
let demo;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping services…');
  await demo?.stop().catch(() => undefined);
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
  const identity = await ensureIdentity();
  started.push(identity);
  // Where patients' messages go on this machine: a real SMTP server and an SMS provider on loopback,
  // with a page listing what they received (unless SMTP_HOST / SMS_API_URL point elsewhere).
  const outbox = process.env.SMTP_HOST || process.env.SMS_API_URL ? undefined : await startMessageSinks();
  const env = {
    ...process.env,
    ...postgres.env,
    ...kafka.env,
    ...(outbox ? { SMTP_PORT: String(outbox.smtpPort), SMS_API_URL: outbox.smsUrl } : {}),
    ...identity.env,
  };
  await migrate({ env });

  for (const service of SERVICES) {
    const port = Number(process.env[`${service.name.toUpperCase()}_PORT`] ?? service.port);
    const child = spawn(process.execPath, [`apps/${service.name}/dist/main.js`], {
      cwd: ROOT,
      env: { ...serviceEnv(service.name, env), PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
      const ok = await fetch(`${service.url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 600) throw new Error(`${service.name} did not become ready`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

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
  demo = await startDemo(urls, () => simulator.token());

  console.log(`
Chairside is running. Open:
${SERVICES.map((s) => `  ${s.name.padEnd(14)} ${s.url}/docs   (health ${s.url}/health/ready, metrics ${s.url}/metrics)`).join('\n')}

${outbox ? `  messages       ${outbox.viewerUrl}   (emails and texts sent to patients)\n` : ''}
Sign in (OpenID Connect, authorization code + PKCE): issuer ${identity.issuer}
  users     scheduler, charge-nurse, nurse, manager, analyst, admin, privacy-officer,
            nurse.retiro (Madrid only) — password "chairside"; the sign-in page lists them
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
