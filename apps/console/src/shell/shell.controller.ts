import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { CurrentSession, SessionGuard } from '../sign-in/session.guard.js';
import type { ConsoleSession } from '../sign-in/session.store.js';
import { type ShellView, VisibleLocationsQuery } from './visible-locations.query.js';

/** What the web app's shell needs after sign-in: who, which roles and locations, and the CSRF token. */
@Controller('api/session')
@UseGuards(SessionGuard)
export class ShellController {
  constructor(@Inject(VisibleLocationsQuery) private readonly locations: VisibleLocationsQuery) {}

  @Get()
  async current(@CurrentSession() session: ConsoleSession): Promise<ShellView> {
    return {
      user: {
        name: session.user.name,
        username: session.user.username,
        roles: session.user.roles,
        locationGrant: session.user.locations,
      },
      csrfToken: session.csrfToken,
      locations: await this.locations.execute(session),
    };
  }
}
