import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { assertMayActAt, type AuthenticatedUser, CurrentUser, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { Audited, fromBody } from '@chairside/audit';
import { PageQueryDto } from '../work-queues/dto/work-queue.dto.js';
import { type AddNoteCommand, AddNoteUseCase, type NoteView, noteView } from './add-note/add-note.use-case.js';
import { AddNoteDto, AddPatientNoteDto } from './dto/note.dto.js';
import { type NotePage, NotesQuery } from './notes.query.js';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'A retry returns the first answer.' };

/** Schedulers' notes on a patient or an appointment. */
@ApiTags('notes')
@Controller()
export class NotesController {
  constructor(
    private readonly addNote: AddNoteUseCase,
    private readonly notes: NotesQuery,
  ) {}

  @Post('patients/:patientId/notes')
  @Audited({ resource: 'note', action: 'create', resourceId: fromBody('id'), patientId: 'patientId' })
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  @ApiHeader(IDEMPOTENCY_HEADER)
  async onPatient(
    @Param('patientId', uuidParam('patientId')) patientId: string,
    @Body() body: AddPatientNoteDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NoteView> {
    const locationId = body.locationId ?? (user.locations !== '*' && user.locations.length === 1 ? user.locations[0] : undefined);
    if (!locationId)
      throw ProblemException.validation([{ field: 'locationId', reason: 'name the location the note is written at' }]);
    assertMayActAt(user, locationId);
    return this.add(
      { on: 'patient', patientId, locationId, ...this.common(user, body.body) },
      `POST /patients/${patientId}/notes`,
      body,
      idempotencyKey,
      res,
    );
  }

  @Get('patients/:patientId/notes')
  @Audited({ resource: 'note', action: 'search', patientId: 'patientId' })
  @Roles('admin', 'scheduler')
  ofPatient(
    @Param('patientId', uuidParam('patientId')) patientId: string,
    @Query() page: PageQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<NotePage> {
    return this.notes.ofPatient({
      organisationId: user.org,
      locations: user.locations,
      patientId,
      limit: page.limit ?? 50,
      offset: page.offset ?? 0,
    });
  }

  @Post('locations/:locationId/appointments/:appointmentId/notes')
  @Audited({ resource: 'note', action: 'create', resourceId: fromBody('id'), patientId: fromBody('patientId') })
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  @ApiHeader(IDEMPOTENCY_HEADER)
  onAppointment(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('appointmentId', uuidParam('appointmentId')) appointmentId: string,
    @Body() body: AddNoteDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NoteView> {
    return this.add(
      { on: 'appointment', appointmentId, locationId, ...this.common(user, body.body) },
      `POST /locations/${locationId}/appointments/${appointmentId}/notes`,
      body,
      idempotencyKey,
      res,
    );
  }

  @Get('locations/:locationId/appointments/:appointmentId/notes')
  @Audited({ resource: 'note', action: 'search', resourceId: 'appointmentId' })
  @Roles('admin', 'scheduler', 'charge-nurse', 'nurse')
  ofAppointment(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('appointmentId', uuidParam('appointmentId')) appointmentId: string,
    @Query() page: PageQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<NotePage> {
    return this.notes.ofAppointment({
      organisationId: user.org,
      locationId,
      appointmentId,
      limit: page.limit ?? 50,
      offset: page.offset ?? 0,
    });
  }

  private common(user: AuthenticatedUser, body: string) {
    return { organisationId: user.org, locations: user.locations, authorId: user.sub, body };
  }

  private async add(
    command: AddNoteCommand,
    route: string,
    body: unknown,
    key: string | undefined,
    res: Response,
  ): Promise<NoteView> {
    const outcome = await this.addNote.execute({
      ...command,
      ...(key !== undefined ? { idempotency: { key, scope: `${command.organisationId}:${route}`, request: body } } : {}),
    });
    if (outcome.replayed) {
      res.status(outcome.status).setHeader('Idempotent-Replayed', 'true');
      return outcome.body as NoteView;
    }
    return noteView(outcome.body);
  }
}
