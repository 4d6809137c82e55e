import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  assertMayActAt,
  type AuthenticatedUser,
  CurrentUser,
  parseIfMatch,
  ProblemException,
  Roles,
  uuidParam,
} from '@chairside/platform';
import { Appointment } from './appointment.entity.js';
import { appointmentView } from './appointment-view.js';
import { BookAppointmentUseCase } from './book-appointment/book-appointment.use-case.js';
import {
  AppointmentView,
  BookAppointmentDto,
  CancelAppointmentDto,
  OrganisationSlotQueryDto,
  RescheduleAppointmentDto,
  SlotQueryDto,
  SlotView,
} from './dto/appointment.dto.js';
import { BookHoldUseCase } from './book-hold/book-hold.use-case.js';
import { ReleaseHoldUseCase } from './release-hold/release-hold.use-case.js';
import { SearchSlotsQuery, type SearchSlotsCriteria } from './search-slots/search-slots.query.js';
import { RescheduleAppointmentUseCase } from './reschedule-appointment/reschedule-appointment.use-case.js';
import { CancelAppointmentUseCase } from './cancel-appointment/cancel-appointment.use-case.js';
import { ConfirmAppointmentUseCase } from './confirm-appointment/confirm-appointment.use-case.js';
import { MarkNoShowUseCase } from './mark-no-show/mark-no-show.use-case.js';
import { Audited, fromBody, fromRequestBody } from '@chairside/audit';

const uuid = uuidParam('locationId');
const appointmentUuid = uuidParam('appointmentId');

function withETag(res: Response, appointment: Appointment): AppointmentView {
  res.setHeader('ETag', `"${appointment.version}"`);
  return appointmentView(appointment);
}

function searchCriteria(user: AuthenticatedUser, locationIds: string[], query: SlotQueryDto): SearchSlotsCriteria {
  return {
    organisationId: user.org,
    locationIds,
    patientId: query.patientId,
    ...(query.therapyCode !== undefined ? { therapyCode: query.therapyCode } : {}),
    ...(query.therapyId !== undefined ? { therapyId: query.therapyId } : {}),
    from: query.from,
    to: query.to,
    limit: query.limit ?? 20,
    now: new Date(),
    ...(query.durationMinutes !== undefined ? { durationMinutes: query.durationMinutes } : {}),
    ...(query.preferredFrom !== undefined || query.preferredTo !== undefined
      ? { preferredLocal: { from: query.preferredFrom!, to: query.preferredTo! } }
      : {}),
  };
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
    private readonly bookHold: BookHoldUseCase,
    private readonly releaseHold: ReleaseHoldUseCase,
    private readonly searchSlots: SearchSlotsQuery,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('slots')
  @Roles('admin', 'scheduler')
  @ApiOkResponse({ type: [SlotView] })
  slots(
    @Param('locationId', uuid) locationId: string,
    @Query() query: SlotQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SlotView[]> {
    return this.searchSlots.execute(searchCriteria(user, [locationId], query));
  }

  @Post('appointments')
  @Audited({ resource: 'appointment', action: 'create', resourceId: fromBody('id'), patientId: fromRequestBody('patientId') })
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  @ApiCreatedResponse({ type: AppointmentView })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retrying with the same key returns the first response and books nothing twice.',
  })
  async create(
    @Param('locationId', uuid) locationId: string,
    @Body() body: BookAppointmentDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    if (body.overbookReason !== undefined) {
      if (!user.roles.includes('admin')) throw ProblemException.forbidden('Only an admin may overbook.');
      if (!body.chairId || !body.nurseId)
        throw ProblemException.validation([
          { field: body.chairId ? 'nurseId' : 'chairId', reason: 'an overbooking names the chair and the nurse' },
        ]);
    }
    const outcome = await this.book.execute({
      organisationId: user.org,
      ...(body.holdMinutes !== undefined ? { holdMinutes: body.holdMinutes } : {}),
      ...(body.overbookReason !== undefined ? { overbook: { actorId: user.sub, reason: body.overbookReason } } : {}),
      locationId,
      patientId: body.patientId,
      ...(body.therapyCode !== undefined ? { therapyCode: body.therapyCode } : {}),
      ...(body.therapyId !== undefined ? { therapyId: body.therapyId } : {}),
      startsAt: body.startsAt,
      now: new Date(),
      ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
      ...(body.chairId ? { chairId: body.chairId } : {}),
      ...(body.nurseId ? { nurseId: body.nurseId } : {}),
      ...(idempotencyKey !== undefined
        ? { idempotency: { key: idempotencyKey, scope: `${user.org}:POST /locations/${locationId}/appointments`, request: body } }
        : {}),
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
  @Audited({ resource: 'appointment', action: 'read', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  // The charge nurse too: Today's panel reads the appointment before she moves a patient.
  @Roles('admin', 'scheduler', 'charge-nurse', 'nurse')
  @ApiOkResponse({ type: AppointmentView })
  async get(
    @Param('locationId', uuid) locationId: string,
    @Param('appointmentId', appointmentUuid) appointmentId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    const [appointment] = await this.dataSource
      .getRepository(Appointment)
      .createQueryBuilder('a')
      .innerJoin('location', 'l', 'l.id = a.location_id')
      .where('a.id = :appointmentId AND a.location_id = :locationId AND l.organisation_id = :org', {
        appointmentId,
        locationId,
        org: user.org,
      })
      .getMany();
    if (!appointment) throw ProblemException.notFound('Appointment', appointmentId);
    return withETag(res, appointment);
  }

  @Post('appointments/:appointmentId/cancel')
  @Audited({ resource: 'appointment', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppointmentView })
  async cancel(
    @Param('locationId', uuid) locationId: string,
    @Param('appointmentId', appointmentUuid) appointmentId: string,
    @Body() body: CancelAppointmentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    return withETag(
      res,
      await this.cancelAppointment.execute({
        organisationId: user.org,
        locationId,
        appointmentId,
        reason: body.reason,
        now: new Date(),
        ...versionFrom(ifMatch),
      }),
    );
  }

  @Post('appointments/:appointmentId/reschedule')
  @Audited({ resource: 'appointment', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppointmentView })
  async reschedule(
    @Param('locationId', uuid) locationId: string,
    @Param('appointmentId', appointmentUuid) appointmentId: string,
    @Body() body: RescheduleAppointmentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    const appointment = await this.rescheduleAppointment.execute({
      organisationId: user.org,
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
  @Audited({ resource: 'appointment', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppointmentView })
  async confirm(
    @Param('locationId', uuid) locationId: string,
    @Param('appointmentId', appointmentUuid) appointmentId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    return withETag(
      res,
      await this.confirmAppointment.execute({
        organisationId: user.org,
        locationId,
        appointmentId,
        via: 'staff',
        now: new Date(),
        ...versionFrom(ifMatch),
      }),
    );
  }

  @Post('appointments/:appointmentId/no-show')
  @Audited({ resource: 'appointment', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'scheduler', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppointmentView })
  async noShow(
    @Param('locationId', uuid) locationId: string,
    @Param('appointmentId', appointmentUuid) appointmentId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    return withETag(
      res,
      await this.markNoShow.execute({
        organisationId: user.org,
        locationId,
        appointmentId,
        now: new Date(),
        ...versionFrom(ifMatch),
      }),
    );
  }

  @Post('appointments/:appointmentId/book')
  @Audited({ resource: 'appointment', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({
    type: AppointmentView,
    description: 'A held slot becomes a booking (proposed → booked); 409 if the hold lapsed.',
  })
  async bookHeld(
    @Param('locationId', uuid) locationId: string,
    @Param('appointmentId', appointmentUuid) appointmentId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    return withETag(
      res,
      await this.bookHold.execute({
        organisationId: user.org,
        locationId,
        appointmentId,
        now: new Date(),
        ...versionFrom(ifMatch),
      }),
    );
  }

  @Post('appointments/:appointmentId/release')
  @Audited({ resource: 'appointment', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: AppointmentView, description: 'Gives up a hold without booking it; its time is free again.' })
  async release(
    @Param('locationId', uuid) locationId: string,
    @Param('appointmentId', appointmentUuid) appointmentId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppointmentView> {
    return withETag(
      res,
      await this.releaseHold.execute({
        organisationId: user.org,
        locationId,
        appointmentId,
        now: new Date(),
        ...versionFrom(ifMatch),
      }),
    );
  }
}

/** Slot search across several of the organisation's locations at once. */
@ApiTags('appointments')
@Controller('slots')
export class OrganisationSlotsController {
  constructor(private readonly searchSlots: SearchSlotsQuery) {}

  @Get()
  @Roles('admin', 'scheduler')
  @ApiOkResponse({ type: [SlotView], description: 'The best slots across the given locations, best first.' })
  slots(@Query() query: OrganisationSlotQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<SlotView[]> {
    for (const id of query.locationIds) assertMayActAt(user, id);
    return this.searchSlots.execute(searchCriteria(user, query.locationIds, query));
  }
}
