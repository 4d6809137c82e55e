import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser, CurrentUser, ProblemException, Roles } from '@chairside/platform';
import { findSlots } from '../slot-search/find-slots.js';
import { HOUR } from '../slot-search/center.js';
import { Appointment } from './appointment.entity.js';
import { BookAppointmentUseCase } from './book-appointment/book-appointment.use-case.js';
import { CenterStateRepository } from './center-state.repository.js';
import { AppointmentView, BookAppointmentDto, SlotQueryDto, SlotView } from './dto/appointment.dto.js';
import { treatmentRequest } from './treatment-request.js';

const uuid = new ParseUUIDPipe({ version: '4', exceptionFactory: () => ProblemException.validation([{ field: 'locationId', reason: 'must be a UUID' }]) });

function view(a: Appointment): AppointmentView {
  return { id: a.id, locationId: a.locationId, patientId: a.patientId, therapyCode: a.therapyCode, chairId: a.chairId, nurseId: a.nurseId, startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(), status: a.status, version: a.version };
}

@ApiTags('appointments')
@Controller('locations/:locationId')
export class AppointmentsController {
  constructor(
    private readonly book: BookAppointmentUseCase,
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
      const center = (await this.centers.load(manager, locationId, new Date(query.from.getTime() - margin), new Date(query.to.getTime() + margin)))!;
      const busy = await this.centers.patientBusy(manager, query.patientId, new Date(query.from.getTime() - margin), new Date(query.to.getTime() + margin));
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
  async create(@Param('locationId', uuid) locationId: string, @Body() body: BookAppointmentDto, @CurrentUser() user: AuthenticatedUser): Promise<AppointmentView> {
    const appointment = await this.book.execute({
      organisationId: user.org,
      locationId,
      patientId: body.patientId,
      therapyCode: body.therapyCode,
      startsAt: body.startsAt,
      now: new Date(),
      ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
      ...(body.chairId ? { chairId: body.chairId } : {}),
      ...(body.nurseId ? { nurseId: body.nurseId } : {}),
    });
    return view(appointment);
  }
}
