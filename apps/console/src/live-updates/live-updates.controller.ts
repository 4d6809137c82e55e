import { Controller, Get, Inject, Param, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { uuidParam } from '@chairside/platform';
import { CurrentSession, SessionGuard } from '../sign-in/session.guard.js';
import type { ConsoleSession } from '../sign-in/session.store.js';
import { LiveStreams } from './live-streams.js';

/** Live updates of a location's day (server-sent events): the board reads itself again when told, never by polling. */
@Controller('api/live')
@UseGuards(SessionGuard)
export class LiveUpdatesController {
  constructor(@Inject(LiveStreams) private readonly streams: LiveStreams) {}

  @Get(':locationId')
  follow(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @CurrentSession() session: ConsoleSession,
    @Res() res: Response,
  ): Promise<void> {
    return this.streams.follow(session, locationId, res);
  }
}
