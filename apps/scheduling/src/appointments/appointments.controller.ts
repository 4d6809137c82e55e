import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser, CurrentUser, parseIfMatch, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { findSlots } from '../slot-search/find-slots.js';
import { HOUR } from '../slot-search/center.js';
import { Appointment } from './appointment.entity.js';
import { appointmentView } from './appointment-view.js';
import { BookAppointmentUseCase } from './book-appointment/book-appointment.use-case.js';
import { CenterStateRepository } from './center-state.repository.js';
import { AppointmentView, BookAppointmentDto, CancelAppointmentDto, RescheduleAppointmentDto, SlotQueryDto, SlotView } from './dto/appointment.dto.js';
import { RescheduleAppointmentUseCase } from './change-appointment/reschedule-appointment.use-case.js';
import { CancelAppointmentUseCase } from './change-appointment/cancel-appointment.use-case.js';
import { ConfirmAppointmentUseCase } from './change-appointment/confirm-appointment.use-case.js';
import { MarkNoShowUseCase } from './change-appointment/mark-no-show.use-case.js';
import { treatmentRequest } from './treatment-request.js';

const uuid = uuidParam('locationId');
const appointmentUuid = uuidParam('appointmentId');

function withETag(res: Response, appointment: Appointment): AppointmentView {
  res.setHeader('ETag', `"${appointment.version}"`);
  return appointmentView(appointment);
}

function versionFrom(ifMatch: string | undefined): { expectedVersion?: number } {
  const expectedVersion = parseIfMatch(ifMatch);
  return expectedVersion === undefined ? {} : { expectedVersion };
}

@ApiTags('appointments')
@Controller('locations/:locationId')
export class AppointmentsController {
  constructor(
    private readonly book: BookAppointmentUseCase,
    private readonly cancelAppointment: CancelAppointmentUseCase,
    private readonly confirmAppointment: ConfirmAppointmentUseCase,
    private readonly markNoShow: MarkNoShowUseCase,
    private readonly rescheduleAppointment: RescheduleAppointmentUseCase,
    private readonly centers: CenterStateRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('slots')
  @Roles('admin', 'scheduler')
  @ApiOkResponse({ type: [SlotView] })
  async slots(@Param('locationId', uuid) locationId: string, @Query() query: SlotQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<SlotView[]> {
    if (query.to <= query.from) throw ProblemException.validation([{ field: 'to', reason: 'must be after from' }]);
    if (query.to.getTime() - query.from.getTime() > 31 * 24 * HOUR) throw ProblemException.validation([{ field: 'to', reason: 'must be at most 31 days after from' }]);
    const request = treatmentRequest(query.patientId, query.therapyCode, query.durationMinutes);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const known = (await manager.query(`SELECT 1 FROM location WHERE id = $1 AND organisation_id = $2`, [locationId, user.org])) as unknown[];
      if (!known.length) throw ProblemException.notFound('Location', locationId);
      const margin = 24 * HOUR;
      const center = (await this.centers.load(manager, locationId, new Date(query.from.getTime() - margin), new Date(query.to.getTime() + margin), query.patientId))!;
      const busy = center.patientBusy;
      const slots = findSlots(center, request, {
        from: query.from.getTime(),
        to: query.to.getTime(),
        now: Date.now(),
        limit: query.limit ?? 20,
        ...(query.preferredFrom && query.preferredTo ? { preferredLocal: { from: query.preferredFrom, to: query.preferredTo } } : {}),
      }, busy);
      return slots.map((s) => ({
        start: new Date(s.start).toISOString(),
        end: new Date(s.end).toISOString(),
        localStart: DateTime.fromMillis(s.start, { zone: center.calendar.timeZone }).toISO({ suppressMilliseconds: true })!,
        chairId: s.chairId,
        nurseId: s.nurseId,
        score: Math.round(s.score.total * 1000) / 1000,
      }));
    });
  }

  @Post('appointments')
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  @ApiCreatedResponse({ type: AppointmentView })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key returns the first response and books nothing twice.' })
  async create(
    @Param('locationId', uuid) locationId: string,
    @Body() body: BookAppointmentDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    const outcome = await this.book.execute({
      organisationId: user.org,
      locationId,
      patientId: body.patientId,
      therapyCode: body.therapyCode,
      startsAt: body.startsAt,
      now: new Date(),
      ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
      ...(body.chairId ? { chairId: body.chairId } : {}),
      ...(body.nurseId ? { nurseId: body.nurseId } : {}),
      ...(idempotencyKey !== undefined ? { idempotency: { key: idempotencyKey, scope: `${user.org}:POST /locations/${locationId}/appointments`, request: body } } : {}),
    });
    if (outcome.replayed) {
      const replay = outcome.body as AppointmentView;
      res.status(outcome.status).setHeader('Idempotent-Replayed', 'true');
      res.setHeader('ETag', `"${replay.version}"`);
      return replay;
    }
    return withETag(res, outcome.body);
  }

  @Get('appointments/:appointmentId')
  @Roles('admin', 'scheduler', 'nurse')
  @ApiOkResponse({ type: AppointmentView })
  async get(@Param('locationId', uuid) locationId: string, @Param('appointmentId', appointmentUuid) appointmentId: string, @Res({ passthrough: true }) res: Response): Promise<AppointmentView> {
    const appointment = await this.dataSource.getRepository(Appointment).findOneBy({ id: appointmentId, locationId });
    if (!appointment) throw ProblemException.notFound('Appointment', appointmentId);
    return withETag(res, appointment);
  }

  @Post('appointments/:appointmentId/cancel')
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppointmentView })
  async cancel(@Param('locationId', uuid) locationId: string, @Param('appointmentId', appointmentUuid) appointmentId: string, @Body() body: CancelAppointmentDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) res: Response): Promise<AppointmentView> {
    return withETag(res, await this.cancelAppointment.execute({ locationId, appointmentId, reason: body.reason, now: new Date(), ...versionFrom(ifMatch) }));
  }

  @Post('appointments/:appointmentId/reschedule')
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppointmentView })
  async reschedule(@Param('locationId', uuid) locationId: string, @Param('appointmentId', appointmentUuid) appointmentId: string, @Body() body: RescheduleAppointmentDto, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) res: Response): Promise<AppointmentView> {
    const appointment = await this.rescheduleAppointment.execute({
      locationId,
      appointmentId,
      startsAt: body.startsAt,
      now: new Date(),
      ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
      ...(body.chairId ? { chairId: body.chairId } : {}),
      ...(body.nurseId ? { nurseId: body.nurseId } : {}),
      ...versionFrom(ifMatch),
    });
    return withETag(res, appointment);
  }

  @Post('appointments/:appointmentId/confirm')
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppointmentView })
  async confirm(@Param('locationId', uuid) locationId: string, @Param('appointmentId', appointmentUuid) appointmentId: string, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) res: Response): Promise<AppointmentView> {
    return withETag(res, await this.confirmAppointment.execute({ locationId, appointmentId, via: 'staff', now: new Date(), ...versionFrom(ifMatch) }));
  }

  @Post('appointments/:appointmentId/no-show')
  @HttpCode(200)
  @Roles('admin', 'scheduler', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppointmentView })
  async noShow(@Param('locationId', uuid) locationId: string, @Param('appointmentId', appointmentUuid) appointmentId: string, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) res: Response): Promise<AppointmentView> {
    return withETag(res, await this.markNoShow.execute({ locationId, appointmentId, now: new Date(), ...versionFrom(ifMatch) }));
  }
}
