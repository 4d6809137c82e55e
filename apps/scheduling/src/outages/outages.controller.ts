import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser, CurrentUser, Roles, uuidParam } from '@chairside/platform';
import { CancelChairOutageDto, ChairOutageView, ScheduleChairOutageDto } from './dto/outage.dto.js';
import { type CancelledOutage, CancelChairOutageUseCase } from './cancel-chair-outage/cancel-chair-outage.use-case.js';
import { ScheduleChairOutageUseCase } from './schedule-chair-outage/schedule-chair-outage.use-case.js';

const uuid = uuidParam('locationId');

/** Periods when a chair cannot take patients (repair, deep cleaning): slot search leaves them out. */
@ApiTags('locations')
@Controller('locations/:locationId/chairs/:chairId/outages')
export class OutagesController {
  constructor(
    private readonly scheduleChairOutage: ScheduleChairOutageUseCase,
    private readonly cancelChairOutage: CancelChairOutageUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({
    type: ChairOutageView,
    description: 'The chair takes no new bookings in that period. Appointments already on it are listed, not moved.',
  })
  scheduleOutage(
    @Param('locationId', uuid) locationId: string,
    @Param('chairId', uuidParam('chairId')) chairId: string,
    @Body() body: ScheduleChairOutageDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ChairOutageView> {
    return this.scheduleChairOutage.execute({
      organisationId: user.org,
      locationId,
      chairId,
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      reason: body.reason,
    });
  }

  @Delete(':outageId')
  @Roles('admin', 'charge-nurse')
  @ApiOkResponse({ description: 'The outage, marked cancelled: the chair takes bookings in that period again.' })
  cancelOutage(
    @Param('locationId', uuid) locationId: string,
    @Param('chairId', uuidParam('chairId')) chairId: string,
    @Param('outageId', uuidParam('outageId')) outageId: string,
    @Body() body: CancelChairOutageDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CancelledOutage> {
    return this.cancelChairOutage.execute({
      organisationId: user.org,
      locationId,
      chairId,
      outageId,
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      now: new Date(),
    });
  }

  @Get()
  @Roles('admin', 'scheduler', 'nurse', 'charge-nurse')
  @ApiOkResponse({ type: [ChairOutageView] })
  async outages(
    @Param('locationId', uuid) locationId: string,
    @Param('chairId', uuidParam('chairId')) chairId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Array<Omit<ChairOutageView, 'affectedAppointmentIds'>>> {
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.starts_at, o.ends_at, o.reason FROM chair_outage o JOIN chair c ON c.id = o.chair_id JOIN location l ON l.id = c.location_id
        WHERE o.chair_id = $1 AND c.location_id = $2 AND l.organisation_id = $3 AND o.cancelled_at IS NULL AND o.ends_at > now() ORDER BY o.starts_at`,
      [chairId, locationId, user.org],
    )) as Array<{ id: string; starts_at: Date; ends_at: Date; reason: string }>;
    return rows.map((o) => ({
      id: o.id,
      chairId,
      startsAt: o.starts_at.toISOString(),
      endsAt: o.ends_at.toISOString(),
      reason: o.reason,
    }));
  }
}
