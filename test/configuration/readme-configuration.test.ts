import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { ServiceName } from '@chairside/contracts';
import { schedulingConfigSchema } from '../../apps/scheduling/src/config/scheduling.config.js';
import { sessionsConfigSchema } from '../../apps/sessions/src/config/sessions.config.js';
import { notificationsConfigSchema } from '../../apps/notifications/src/config/notifications.config.js';
import { reportingConfigSchema } from '../../apps/reporting/src/config/reporting.config.js';
import { simulatorConfigSchema } from '../../apps/simulator/src/config/simulator.config.js';
import { identityConfigSchema } from '../../apps/identity/src/config/identity.config.js';
import { consoleConfigSchema } from '../../apps/console/src/config/console.config.js';

// The README's configuration table is written by hand; this keeps it true to the schemas the
// services validate at boot: same variables, same defaults.

const SCHEMAS: Record<ServiceName, z.ZodObject> = {
  scheduling: schedulingConfigSchema,
  sessions: sessionsConfigSchema,
  notifications: notificationsConfigSchema,
  reporting: reportingConfigSchema,
};

/** Development tools with their own schemas: documented in the same table, checked the same way. */
const TOOL_SCHEMAS: Record<string, z.ZodObject> = {
  simulator: simulatorConfigSchema,
  identity: identityConfigSchema,
  console: consoleConfigSchema,
};

/** Read by scripts (infra/dev, infra/keycloak), not by a service or tool. */
const SCRIPT_VARIABLES = new Set([
  '<SERVICE>_DATABASE_NAME',
  'EMBEDDED_POSTGRES_PORT',
  'EMBEDDED_POSTGRES_DIR',
  'KAFKA_HOME_DIR',
  'KAFKA_PORT',
  'KAFKA_CONTROLLER_PORT',
  'KAFKA_LIBS_DIR',
  'KAFKA_STATE_DIR',
  'KAFKA_HEAP_OPTS',
  'KAFKA_SECURE_PORT',
  'KAFKA_SECURE_CONTROLLER_PORT',
  'KEYCLOAK_HOME_DIR',
  'KEYCLOAK_PORT',
  'KEYCLOAK_HEAP',
  'CHROMIUM_PATH',
]);

interface Documented {
  name: string;
  /** The literal default (`x` in the table), null for "none", undefined for prose (not compared). */
  default: string | null | undefined;
}

function documentedVariables(): Documented[] {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  const section = readme.split('\n## Configuration\n')[1]?.split('\n## ')[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) => {
    const [names = '', defaults = ''] = row.split(' | ').map((cell) => cell.replace(/^\| /, ''));
    const variables = [...names.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const cells = variables.length === 1 ? [defaults] : defaults.split(', ');
    return variables.map((name, i) => {
      const cell = (cells[i] ?? '').trim();
      const literal = /^`([^`]*)`$/.exec(cell);
      return { name, default: literal ? literal[1]! : cell.startsWith('none') ? null : undefined };
    });
  });
}

/** What the schema gives a variable that is not set: its default, null when optional or required. */
function schemaDefault(schema: z.ZodObject, name: string): string | null {
  const field = schema.shape[name] as z.ZodType;
  const parsed = field.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return null;
  if (Array.isArray(parsed.data)) return parsed.data.join(',');
  // A map parsed from a list (AUTH_ROLE_MAP): empty is "none".
  if (typeof parsed.data === 'object' && parsed.data !== null)
    return Object.keys(parsed.data).length ? JSON.stringify(parsed.data) : null;
  return String(parsed.data);
}

describe('README configuration table', () => {
  const documented = documentedVariables();
  const sharedWithServices = new Set(Object.values(SCHEMAS).flatMap((schema) => Object.keys(schema.shape)));

  it('is found and parsed', () => {
    expect(documented.length).toBeGreaterThan(40);
  });

  it.each(Object.entries({ ...SCHEMAS, ...TOOL_SCHEMAS }))(
    'documents every variable %s reads, with its default',
    (service, schema) => {
      const byName = new Map(documented.map((d) => [d.name, d]));
      const problems: string[] = [];
      for (const name of Object.keys(schema.shape)) {
        const entry = byName.get(name);
        if (!entry) {
          problems.push(`${name} is not in the README`);
          continue;
        }
        // The table gives the services' default; a tool may default a shared variable otherwise
        // (the simulator's AUTH_OIDC_ISSUER is the local provider).
        if (entry.default === undefined || (service in TOOL_SCHEMAS && sharedWithServices.has(name))) continue;
        const expected = entry.default?.replace('<service>', service) ?? null;
        const actual = schemaDefault(schema, name);
        if (actual !== expected) problems.push(`${name}: README says ${expected ?? 'none'}, the schema ${actual ?? 'none'}`);
      }
      expect(problems).toEqual([]);
    },
  );

  it('lists no variable that no service or script reads', () => {
    const read = new Set(Object.values({ ...SCHEMAS, ...TOOL_SCHEMAS }).flatMap((schema) => Object.keys(schema.shape)));
    const unknown = documented.map((d) => d.name).filter((name) => !read.has(name) && !SCRIPT_VARIABLES.has(name));
    expect(unknown).toEqual([]);
  });
});
