import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO_USERS = fileURLToPath(new URL('../../identity/demo-users.json', import.meta.url));

/** The demo users' password, as the identity provider's demo file has it (every console test signs in with it). */
export const DEMO_PASSWORD = (JSON.parse(readFileSync(DEMO_USERS, 'utf8')) as { password: string }).password;

/** Where the console's tests write the screenshots docs/console.md shows. */
export const SCREENSHOTS = fileURLToPath(new URL('../../../docs/console/', import.meta.url));

export interface ExtraUser {
  username: string;
  name: string;
  roles: string[];
  /** Grants as the identity provider reads them, e.g. `name:<center name>`. */
  locations: string[];
}

/**
 * The demo users plus the test's own least-privileged ones, written to a temporary users file for
 * the identity provider (the demo users' password signs them in too). Returns the file's path.
 */
export function demoUsersFileWith(runId: string, extra: ExtraUser[]): string {
  const demo = JSON.parse(readFileSync(DEMO_USERS, 'utf8')) as { password: string; users: unknown[] };
  const usersFile = join(tmpdir(), `${runId}-users.json`);
  writeFileSync(usersFile, JSON.stringify({ ...demo, users: [...demo.users, ...extra] }));
  return usersFile;
}
