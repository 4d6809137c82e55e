import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ROLES } from '@chairside/domain';
import { DEV_ORGANISATION_ID } from '@chairside/platform';

const userSchema = z.object({
  username: z.string().min(1),
  name: z.string().min(1),
  password: z.string().min(1).optional(),
  roles: z.array(z.enum(ROLES)).min(1),
  organisation: z.string().default(DEV_ORGANISATION_ID),
  /** '*' or location ids; `name:<location name>` is looked up in scheduling at sign-in (demo ids are generated). */
  locations: z.union([z.literal('*'), z.array(z.string().min(1))]),
});
const usersFileSchema = z.object({ password: z.string().min(1), users: z.array(userSchema).min(1) });

export type DemoUser = z.output<typeof userSchema>;

export class DemoUsers {
  private readonly byName: Map<string, DemoUser>;
  private readonly locationIds = new Map<string, string>();

  constructor(
    private readonly file: z.output<typeof usersFileSchema>,
    private readonly schedulingUrl: string,
    /** A short-lived admin token of the provider's own, to read location names (development only). */
    private readonly ownToken: (organisation: string) => string,
  ) {
    this.byName = new Map(file.users.map((u) => [u.username, u]));
  }

  static load(path: string, schedulingUrl: string, ownToken: (organisation: string) => string): DemoUsers {
    return new DemoUsers(usersFileSchema.parse(JSON.parse(readFileSync(path, 'utf8'))), schedulingUrl, ownToken);
  }

  get all(): readonly DemoUser[] {
    return this.file.users;
  }

  get demoPassword(): string {
    return this.file.password;
  }

  find(username: string): DemoUser | undefined {
    return this.byName.get(username);
  }

  /** The user when the password matches (constant-time enough for a development provider). */
  authenticate(username: string, password: string): DemoUser | undefined {
    const user = this.byName.get(username);
    return user && password === (user.password ?? this.file.password) ? user : undefined;
  }

  /** Location ids the user may act on; a name that cannot be found grants nothing (fail closed). */
  async locationsOf(user: DemoUser): Promise<'*' | string[]> {
    if (user.locations === '*') return '*';
    const ids: string[] = [];
    for (const entry of user.locations) {
      if (!entry.startsWith('name:')) ids.push(entry);
      else {
        const id = await this.locationNamed(entry.slice('name:'.length), user.organisation);
        if (id) ids.push(id);
      }
    }
    return ids;
  }

  private async locationNamed(name: string, organisation: string): Promise<string | undefined> {
    const known = this.locationIds.get(name);
    if (known) return known;
    try {
      const response = await fetch(`${this.schedulingUrl}/locations`, {
        headers: { authorization: `Bearer ${this.ownToken(organisation)}` },
        signal: AbortSignal.timeout(3_000),
      });
      if (!response.ok) return undefined;
      const found = ((await response.json()) as Array<{ id: string; name: string }>).find((l) => l.name === name);
      if (found) this.locationIds.set(name, found.id);
      return found?.id;
    } catch {
      return undefined;
    }
  }
}
