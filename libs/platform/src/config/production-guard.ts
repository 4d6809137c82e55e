import { ConfigError } from './load-config.js';

/** A value that is fine on a developer's machine and dangerous anywhere else. */
interface DevelopmentValue {
  variable: string;
  /** Only these services read the variable (all when absent). */
  services?: readonly string[];
  /** Why the value may not be used in production, or undefined when it may. */
  problem(value: string | undefined): string | undefined;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** The services with a database (the console has none). */
const WITH_DATABASE = ['scheduling', 'sessions', 'notifications', 'reporting'] as const;

/** Why a URL people or services reach in production is unsafe, or undefined when it is fine. */
function publicHttpsProblem(value: string | undefined, required: string): string | undefined {
  if (!value) return `is required: ${required}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (LOOPBACK.test(url.hostname)) return 'is a loopback address (a development default)';
  if (url.protocol !== 'https:') return 'must use https (tokens and cookies would travel in clear text)';
  return undefined;
}

/**
 * The SMS provider token `npm start` and the tests give notifications (signs the local provider's
 * webhooks): published here, so production refuses it.
 */
export const DEV_SMS_AUTH_TOKEN = 'chairside-development-sms-auth-token';

/** The published development secret of the local provider's console client (apps/identity). */
const DEV_CONSOLE_CLIENT_SECRET = 'chairside-console-development-secret';

/** The published development key of reporting's analytics pseudonyms (apps/reporting config). */
export const DEV_ANALYTICS_PSEUDONYM_KEY = 'chairside-development-pseudonym-key-published-in-the-repository';

/**
 * Every development default or public value a service could start with. They are published in
 * this repository (README, docker-compose.yml, the local identity provider), so in production
 * each one would let anyone in or read patients' messages.
 */
export const DEVELOPMENT_VALUES: readonly DevelopmentValue[] = [
  {
    variable: 'AUTH_OIDC_ISSUER',
    problem: (value) => {
      if (!value) return 'is required: the hospital identity provider whose tokens are accepted';
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return 'is not a URL';
      }
      if (LOOPBACK.test(url.hostname)) return 'is a loopback address (the local development identity provider)';
      if (url.protocol !== 'https:') return 'must use https (keys and discovery fetched in clear text can be forged)';
      return undefined;
    },
  },
  {
    variable: 'AUTH_JWT_SECRET',
    problem: (value) =>
      value === undefined
        ? undefined
        : 'is set: shared HS256 secrets are no longer accepted (tokens come from the identity provider)',
  },
  {
    // The service connects as its runtime role (the owner's DATABASE_PASSWORD is for migrations only).
    variable: 'DATABASE_RUNTIME_PASSWORD',
    services: WITH_DATABASE,
    problem: (value) =>
      !value
        ? 'is required'
        : ['chairside', 'postgres', 'chairside-runtime'].includes(value)
          ? 'is a public default password'
          : undefined,
  },
  {
    variable: 'DATABASE_RUNTIME_USER',
    services: WITH_DATABASE,
    problem: (value) =>
      value === 'postgres' ? 'is the superuser: a service connects as its own role (chairside_<service>)' : undefined,
  },
  {
    variable: 'SMS_AUTH_TOKEN',
    services: ['notifications'],
    problem: (value) =>
      !value || value === 'local' || value === DEV_SMS_AUTH_TOKEN
        ? 'is the development SMS token: anyone could forge webhooks (patient replies and delivery status)'
        : undefined,
  },
  {
    // The URL the provider signs: over plain http a signed request could be read and replayed elsewhere.
    variable: 'SMS_WEBHOOK_BASE_URL',
    services: ['notifications'],
    problem: (value) => publicHttpsProblem(value, 'the public https URL the SMS provider calls the webhooks at'),
  },
  {
    variable: 'SMS_ACCOUNT_SID',
    services: ['notifications'],
    problem: (value) => (!value || value === 'ACchairsidelocal' ? 'is the development SMS account' : undefined),
  },
  {
    variable: 'ANALYTICS_PSEUDONYM_KEY',
    services: ['reporting'],
    problem: (value) =>
      !value || value === DEV_ANALYTICS_PSEUDONYM_KEY
        ? 'is the development pseudonym key: anyone could recompute the analytics pseudonyms from patient ids'
        : undefined,
  },
  {
    variable: 'SMTP_TLS',
    services: ['notifications'],
    problem: (value) =>
      value === 'off' ? "is off: patients' names and appointments would cross the network in clear text" : undefined,
  },
  {
    variable: 'NOTIFICATIONS_ADJUSTABLE_CLOCK',
    services: ['notifications'],
    problem: (value) =>
      value === 'true' ? "is on: PUT /test/clock would let an admin fire their organisation's reminders early" : undefined,
  },
  {
    variable: 'PATIENT_LINK_KEY',
    services: ['notifications'],
    problem: (value) =>
      !value || value === 'chairside-development-patient-link-key'
        ? "is the development key of patients' page links: anyone could confirm or cancel an appointment"
        : undefined,
  },
  {
    variable: 'PATIENT_PAGE_URL',
    services: ['notifications'],
    problem: (value) => publicHttpsProblem(value, 'the https address patients open their appointment page at'),
  },
  {
    variable: 'SESSIONS_ADJUSTABLE_CLOCK',
    services: ['sessions'],
    problem: (value) =>
      value === 'true' ? "is on: PUT /test/clock would let an admin make their organisation's sessions overrun early" : undefined,
  },
  {
    variable: 'CONSOLE_CLIENT_SECRET',
    services: ['console'],
    problem: (value) =>
      !value || value === DEV_CONSOLE_CLIENT_SECRET
        ? "is the development console client's secret (published in this repository)"
        : undefined,
  },
  {
    variable: 'CONSOLE_PUBLIC_URL',
    services: ['console'],
    problem: (value) => publicHttpsProblem(value, 'the https origin people open the console at'),
  },
];

/** With NODE_ENV=production, refuses to start on any development value, naming each variable. */
export function assertNoDevelopmentValues(service: string, env: Record<string, string | undefined> = process.env): void {
  if (env.NODE_ENV !== 'production') return;
  const problems = DEVELOPMENT_VALUES.filter((d) => !d.services || d.services.includes(service)).flatMap((d) => {
    const problem = d.problem(env[d.variable]);
    return problem ? [`${d.variable} ${problem} (NODE_ENV=production)`] : [];
  });
  if (problems.length) throw new ConfigError(problems);
}
