import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { mayActAt } from '@chairside/domain';
import { localDateProblem, ProblemException, uuidParam } from '@chairside/platform';
import { CurrentSession, SessionGuard } from '../sign-in/session.guard.js';
import { LIVE_ROLES } from '../live-updates/live-streams.js';
import type { ConsoleSession } from '../sign-in/session.store.js';
import { type ComposedDayBoard, DayBoardQuery } from './day-board.query.js';

@Controller('api/board')
@UseGuards(SessionGuard)
export class DayBoardController {
  constructor(@Inject(DayBoardQuery) private readonly board: DayBoardQuery) {}

  @Get(':locationId')
  read(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Query('date') date: unknown,
    @CurrentSession() session: ConsoleSession,
  ): Promise<ComposedDayBoard> {
    // A real calendar date in 1900–2200 (the platform's edge bounds), checked before anything is
    // forwarded: the shape alone let 2026-02-30 and 9999-12-31 through to three service calls.
    const dateProblem = date === undefined ? undefined : localDateProblem(date);
    if (dateProblem !== undefined) throw ProblemException.validation([{ field: 'date', reason: dateProblem }]);
    // The services refuse these too (and audit the refusal): a role that does not work the board,
    // or a location outside the grant, is not asked for at all (as when a browser reads early the
    // board its previous user worked; early-board.ts).
    if (!session.user.roles.some((role) => LIVE_ROLES.includes(role)))
      throw ProblemException.forbidden('The day board is for the roles that work it.');
    if (!mayActAt(session.user.locations, locationId))
      throw ProblemException.forbidden(`You may not see the board of location ${locationId}.`);
    return this.board.execute(session, locationId, date as string | undefined);
  }
}
