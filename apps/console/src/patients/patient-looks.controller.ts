import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ProblemException, uuidParam } from '@chairside/platform';
import { CurrentSession, SessionGuard } from '../sign-in/session.guard.js';
import type { ConsoleSession } from '../sign-in/session.store.js';
import { type PatientLooksPage, PatientLooksQuery } from './patient-looks.query.js';

@Controller('api/patients')
@UseGuards(SessionGuard)
export class PatientLooksController {
  constructor(@Inject(PatientLooksQuery) private readonly looks: PatientLooksQuery) {}

  /** Who looked at this patient, from every service's audit trail, newest first; `cursor` is the previous page's `next`. */
  @Get(':patientId/looks')
  read(
    @Param('patientId', uuidParam('patientId')) patientId: string,
    @Query('cursor') cursor: unknown,
    @CurrentSession() session: ConsoleSession,
  ): Promise<PatientLooksPage> {
    if (cursor !== undefined && typeof cursor !== 'string')
      throw ProblemException.validation([{ field: 'cursor', reason: 'must be given once, as the `next` of a previous page' }]);
    return this.looks.execute(session, patientId, cursor);
  }
}
