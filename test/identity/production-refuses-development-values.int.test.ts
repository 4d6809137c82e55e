import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEV_ANALYTICS_PSEUDONYM_KEY } from '@chairside/platform';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXIT_CONFIG = 78;

/** Runs a built entry point with exactly this environment (nothing inherited but PATH), until it exits. */
function run(entry: string, env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const clean = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
    const child = spawn(process.execPath, [entry], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...clean } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** What a production deployment sets; each case below puts back one development value. */
const production = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  AUTH_OIDC_ISSUER: 'https://login.hospital.example/realms/chairside',
  DATABASE_RUNTIME_PASSWORD: 'a-real-secret-from-the-vault',
  SMS_AUTH_TOKEN: 'a-real-provider-token',
  SMS_WEBHOOK_BASE_URL: 'https://notify.hospital.example',
  SMS_ACCOUNT_SID: 'AC0123456789abcdef',
  ANALYTICS_PSEUDONYM_KEY: 'a-real-pseudonym-key-from-the-vault-0123456789',
  PATIENT_LINK_KEY: 'a-real-patient-link-key-of-32-characters-or-more',
  PATIENT_PAGE_URL: 'https://appointments.hospital.example',
  CONSOLE_CLIENT_SECRET: 'a-real-console-client-secret',
  CONSOLE_PUBLIC_URL: 'https://chairside.hospital.example',
  // Kafka over TLS (the system CAs) as the service's own SCRAM principal.
  KAFKA_SSL: 'true',
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: 'chairside-service',
  KAFKA_SASL_PASSWORD: 'a-real-kafka-password',
  // Nothing listens here: a start that passes the configuration checks ends at the database (exit 70), not 78.
  DATABASE_PORT: '1',
};

describe('production refuses development secrets and public defaults', () => {
  it.each([
    ['scheduling', 'a missing issuer', { AUTH_OIDC_ISSUER: undefined }, 'AUTH_OIDC_ISSUER'],
    ['sessions', 'the local development issuer', { AUTH_OIDC_ISSUER: 'http://127.0.0.1:3009' }, 'AUTH_OIDC_ISSUER'],
    ['reporting', 'an issuer over plain http', { AUTH_OIDC_ISSUER: 'http://login.hospital.example' }, 'AUTH_OIDC_ISSUER'],
    [
      'scheduling',
      'the old shared development key',
      { AUTH_JWT_SECRET: 'chairside-development-secret-not-for-production' },
      'AUTH_JWT_SECRET',
    ],
    ['sessions', 'the public default database password', { DATABASE_RUNTIME_PASSWORD: 'chairside' }, 'DATABASE_RUNTIME_PASSWORD'],
    [
      'reporting',
      'the embedded fallback’s runtime password',
      { DATABASE_RUNTIME_PASSWORD: 'chairside-runtime' },
      'DATABASE_RUNTIME_PASSWORD',
    ],
    ['scheduling', 'a missing database password', { DATABASE_RUNTIME_PASSWORD: undefined }, 'DATABASE_RUNTIME_PASSWORD'],
    ['sessions', 'the superuser as the runtime role', { DATABASE_RUNTIME_USER: 'postgres' }, 'DATABASE_RUNTIME_USER'],
    ['notifications', 'the development SMS webhook token', { SMS_AUTH_TOKEN: 'local' }, 'SMS_AUTH_TOKEN'],
    ['notifications', 'a missing SMS webhook token', { SMS_AUTH_TOKEN: undefined }, 'SMS_AUTH_TOKEN'],
    [
      'notifications',
      'the development SMS token of npm start',
      { SMS_AUTH_TOKEN: 'chairside-development-sms-auth-token' },
      'SMS_AUTH_TOKEN',
    ],
    [
      'notifications',
      'a webhook URL over plain http',
      { SMS_WEBHOOK_BASE_URL: 'http://notify.hospital.example' },
      'SMS_WEBHOOK_BASE_URL',
    ],
    ['notifications', 'the development SMS account', { SMS_ACCOUNT_SID: 'ACchairsidelocal' }, 'SMS_ACCOUNT_SID'],
    ['notifications', 'the adjustable test clock', { NOTIFICATIONS_ADJUSTABLE_CLOCK: 'true' }, 'NOTIFICATIONS_ADJUSTABLE_CLOCK'],
    ['sessions', 'the adjustable test clock', { SESSIONS_ADJUSTABLE_CLOCK: 'true' }, 'SESSIONS_ADJUSTABLE_CLOCK'],
    [
      'reporting',
      'the published analytics pseudonym key',
      { ANALYTICS_PSEUDONYM_KEY: DEV_ANALYTICS_PSEUDONYM_KEY },
      'ANALYTICS_PSEUDONYM_KEY',
    ],
    ['reporting', 'a missing analytics pseudonym key', { ANALYTICS_PSEUDONYM_KEY: undefined }, 'ANALYTICS_PSEUDONYM_KEY'],
    ['notifications', 'email in clear text', { SMTP_TLS: 'off' }, 'SMTP_TLS'],
    ['sessions', 'Kafka in clear text', { KAFKA_SSL: undefined }, 'KAFKA_SSL'],
    [
      'reporting',
      'Kafka without authentication',
      { KAFKA_SASL_MECHANISM: undefined, KAFKA_SASL_USERNAME: undefined, KAFKA_SASL_PASSWORD: undefined },
      'KAFKA_SASL_MECHANISM',
    ],
    ['console', 'Kafka in clear text', { KAFKA_SSL: undefined }, 'KAFKA_SSL'],
    ['console', 'the default console client secret', { CONSOLE_CLIENT_SECRET: undefined }, 'CONSOLE_CLIENT_SECRET'],
    [
      'console',
      'the published console client secret',
      { CONSOLE_CLIENT_SECRET: 'chairside-console-development-secret' },
      'CONSOLE_CLIENT_SECRET',
    ],
    ['console', 'the local development issuer', { AUTH_OIDC_ISSUER: 'http://127.0.0.1:3009' }, 'AUTH_OIDC_ISSUER'],
    ['console', 'an issuer over plain http', { AUTH_OIDC_ISSUER: 'http://login.hospital.example' }, 'AUTH_OIDC_ISSUER'],
    ['console', 'the default loopback origin', { CONSOLE_PUBLIC_URL: undefined }, 'CONSOLE_PUBLIC_URL'],
    ['console', 'a plain-http public origin', { CONSOLE_PUBLIC_URL: 'http://chairside.hospital.example' }, 'CONSOLE_PUBLIC_URL'],
  ])('%s does not start with %s', async (service, _, change, variable) => {
    const { code, output } = await run(`apps/${service}/dist/main.js`, { ...production, ...change });
    expect(code).toBe(EXIT_CONFIG);
    expect(output).toContain(variable);
  });

  it('starts past the checks with production values (it then stops at the unreachable database, not at configuration)', async () => {
    const { code, output } = await run('apps/notifications/dist/main.js', production);
    expect(code).not.toBe(EXIT_CONFIG);
    expect(code).not.toBe(0);
    expect(output).not.toContain('NODE_ENV=production');
  });

  it('the development identity provider and the token command refuse to run in production', async () => {
    const identity = await run('apps/identity/dist/main.js', { NODE_ENV: 'production', IDENTITY_PORT: '0' });
    expect(identity.code).toBe(EXIT_CONFIG);
    expect(identity.output).toContain('development identity provider');
    const token = await run('libs/platform/dist/auth/mint-token.cli.js', { NODE_ENV: 'production' });
    expect(token.code).toBe(EXIT_CONFIG);
    expect(token.output).toContain('NODE_ENV=production');
  });
});
