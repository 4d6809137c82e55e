import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Audited, fromBody } from '@chairside/audit';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  answerOnce,
  type AuthenticatedUser,
  cappedListQuery,
  cappedPage,
  CurrentUser,
  idempotencyOf,
  parseIfMatch,
  Roles,
  uuidParam,
} from '@chairside/platform';
import {
  CancelChairOutageDto,
  CancelledOutageView,
  ChairOutageView,
  ChangeChairOutageDto,
  ChangedOutageView,
  ScheduleChairOutageDto,
} from './dto/outage.dto.js';
import { ChangeChairOutageUseCase } from './change-chair-outage/change-chair-outage.use-case.js';
import { type CancelledOutage, CancelChairOutageUseCase } from './cancel-chair-outage/cancel-chair-outage.use-case.js';
import { ScheduleChairOutageUseCase } from './schedule-chair-outage/schedule-chair-outage.use-case.js';

const uuid = uuidParam('locationId');

/** A chair's coming outages a request lists at most: a chair is out a few times a year. */
export const MAX_OUTAGES_LISTED = 100;
export class OutagesListQueryDto extends cappedListQuery(MAX_OUTAGES_LISTED, 'outages') {}

/** Periods when a chair cannot take patients (repair, deep cleaning): slot search leaves them out. */
@ApiTags('locations')
@Controller('locations/:locationId/chairs/:chairId/outages')
export class OutagesController {
  constructor(
    private readonly scheduleChairOutage: ScheduleChairOutageUseCase,
    private readonly cancelChairOutage: CancelChairOutageUseCase,
    private readonly changeChairOutage: ChangeChairOutageUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The charge nurse of the location may, as she may edit and cancel it: she is the one who finds the broken pump. */
  @Post()
  @HttpCode(201)
  @Roles('admin', 'charge-nurse')
  @Audited({ resource: 'chair-outage', action: 'create', resourceId: fromBody('id') })
  @ApiCreatedResponse({
    type: ChairOutageView,
    description:
      'The chair takes no new bookings in that period. Appointments still to come on it then stay booked, are flagged at risk, handed to the re-plan and listed.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retrying with the same key returns the first response and schedules nothing twice.',
  })
  async scheduleOutage(
    @Param('locationId', uuid) locationId: string,
    @Param('chairId', uuidParam('chairId')) chairId: string,
    @Body() body: ScheduleChairOutageDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChairOutageView> {
    const outcome = await this.scheduleChairOutage.execute({
      organisationId: user.org,
      locationId,
      chairId,
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      reason: body.reason,
      now: new Date(),
      ...idempotencyOf(idempotencyKey, user.org, `POST /locations/${locationId}/chairs/${chairId}/outages`, body),
    });
    return answerOnce(outcome, res, (outage) => outage);
  }

  /** A new period or reason; appointments the new period newly covers are flagged for re-planning and listed. */
  @Patch(':outageId')
  @Roles('admin', 'charge-nurse')
  @Audited({ resource: 'chair-outage', action: 'update', resourceId: 'outageId' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag of the outage version you are changing; 409 if it has moved on.',
  })
  @ApiOkResponse({ type: ChangedOutageView })
  async changeOutage(
    @Param('locationId', uuid) locationId: string,
    @Param('chairId', uuidParam('chairId')) chairId: string,
    @Param('outageId', uuidParam('outageId')) outageId: string,
    @Body() body: ChangeChairOutageDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChangedOutageView> {
    const expectedVersion = parseIfMatch(ifMatch);
    const changed = await this.changeChairOutage.execute({
      organisationId: user.org,
      locationId,
      chairId,
      outageId,
      ...(body.startsAt !== undefined ? { startsAt: body.startsAt } : {}),
      ...(body.endsAt !== undefined ? { endsAt: body.endsAt } : {}),
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      now: new Date(),
    });
    res.setHeader('ETag', `"${changed.version}"`);
    return changed;
  }

  @Delete(':outageId')
  @Roles('admin', 'charge-nurse')
  @Audited({ resource: 'chair-outage', action: 'delete', resourceId: 'outageId' })
  @ApiOkResponse({
    type: CancelledOutageView,
    description: 'The outage, marked cancelled: the chair takes bookings in that period again.',
  })
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
  @ApiOkResponse({
    type: [ChairOutageView],
    description: `The chair's outages not yet over, soonest first, at most ${MAX_OUTAGES_LISTED} a request.`,
  })
  async outages(
    @Param('locationId', uuid) locationId: string,
    @Param('chairId', uuidParam('chairId')) chairId: string,
    @Query() query: OutagesListQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Array<Omit<ChairOutageView, 'affectedAppointmentIds' | 'affectedAppointments'>>> {
    const page = cappedPage(query, MAX_OUTAGES_LISTED);
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.starts_at, o.ends_at, o.reason, o.version FROM chair_outage o JOIN chair c ON c.id = o.chair_id JOIN location l ON l.id = c.location_id
        WHERE o.chair_id = $1 AND c.location_id = $2 AND l.organisation_id = $3 AND o.cancelled_at IS NULL AND o.ends_at > now()
        ORDER BY o.starts_at, o.id LIMIT $4 OFFSET $5`,
      [chairId, locationId, user.org, page.take, page.skip],
    )) as Array<{ id: string; starts_at: Date; ends_at: Date; reason: string; version: number }>;
    return rows.map((o) => ({
      id: o.id,
      chairId,
      startsAt: o.starts_at.toISOString(),
      endsAt: o.ends_at.toISOString(),
      reason: o.reason,
      version: o.version,
    }));
  }
}
