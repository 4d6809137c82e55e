import { Inject, Injectable } from '@nestjs/common';
import { mayActAt, type LocationGrant, type Role } from '@chairside/domain';
import { ServiceClient } from '../api-proxy/service-client.js';
import type { ConsoleSession } from '../sign-in/session.store.js';

export interface ShellLocation {
  id: string;
  name: string;
  timeZone: string;
}

export interface ShellView {
  user: { name: string; username: string; roles: Role[]; locationGrant: LocationGrant };
  csrfToken: string;
  locations: ShellLocation[];
}

/**
 * The locations the user may see, as the services answer them for the user's own token:
 * scheduling's list, or reporting's directory for roles scheduling does not serve. Always
 * narrowed to the token's grant.
 */
@Injectable()
export class VisibleLocationsQuery {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  async execute(session: ConsoleSession): Promise<ShellLocation[]> {
    const token = session.accessToken;
    const scheduling = await this.services.getJson<Array<{ id: string; name: string; timeZone: string }>>(
      'scheduling',
      '/locations',
      token,
    );
    const found =
      scheduling?.map((l) => ({ id: l.id, name: l.name, timeZone: l.timeZone })) ??
      (
        await this.services.getJson<Array<{ locationId: string; name: string | null; timeZone: string | null }>>(
          'reporting',
          '/reports/locations',
          token,
        )
      )
        // Reporting learns a center's name and zone from scheduling's events; until it has both, the
        // center cannot be shown with its times in its own zone, so the header leaves it out (Reports lists it as not yet open to reports).
        ?.flatMap((l) =>
          l.name !== null && l.timeZone !== null ? [{ id: l.locationId, name: l.name, timeZone: l.timeZone }] : [],
        ) ??
      [];
    return found.filter((l) => mayActAt(session.user.locations, l.id));
  }
}
