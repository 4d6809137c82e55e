import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Audited, fromBody } from '@chairside/audit';
import { type AuthenticatedUser, CurrentUser, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { type AddedClosure, AddClosureUseCase } from './add-closure/add-closure.use-case.js';
import { AddClosureDto, AddedClosureView, ClosureView } from './dto/closure.dto.js';

/** The most closures one read returns: two years of holidays and part-day closures and more. */
const MAX_LISTED = 500;

/** Holidays and part-day closures of a location: slot search and booking keep out of them. */
@ApiTags('staffing')
@Controller('locations/:locationId/closures')
export class ClosuresController {
  constructor(
    private readonly addClosure: AddClosureUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** A holiday (date only) or part of a day (from, to); appointments in it are flagged for re-planning and listed. */
  @Post()
  @HttpCode(201)
  @Roles('admin', 'charge-nurse')
  @Audited({ resource: 'closure', action: 'create', resourceId: fromBody('id') })
  @ApiCreatedResponse({ type: AddedClosureView })
  add(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Body() body: AddClosureDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AddedClosure> {
    return this.addClosure.execute({
      organisationId: user.org,
      locationId,
      date: body.date,
      ...(body.from !== undefined ? { from: body.from } : {}),
      ...(body.to !== undefined ? { to: body.to } : {}),
      reason: body.reason,
      now: new Date(),
    });
  }

  /** The closures not over yet, in order. */
  @Get()
  @Roles('admin', 'scheduler', 'nurse', 'charge-nurse', 'manager')
  @ApiOkResponse({ type: [ClosureView] })
  async closures(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ClosureView[]> {
    const rows = (await this.dataSource.query(
      `SELECT l.id AS location, k.id, to_char(k.local_date, 'YYYY-MM-DD') AS local_date, k.local_from, k.local_to, k.starts_at, k.ends_at, k.reason
         FROM location l LEFT JOIN location_closure k ON k.location_id = l.id AND k.ends_at > now()
        WHERE l.id = $1 AND l.organisation_id = $2 ORDER BY k.starts_at LIMIT $3`,
      [locationId, user.org, MAX_LISTED],
    )) as Array<{
      location: string;
      id: string | null;
      local_date: string;
      local_from: string | null;
      local_to: string | null;
      starts_at: Date;
      ends_at: Date;
      reason: string;
    }>;
    if (!rows.length) throw ProblemException.notFound('Location', locationId);
    return rows
      .filter((k) => k.id !== null)
      .map((k) => ({
        id: k.id!,
        locationId,
        kind: k.local_from === null ? 'holiday' : 'partial-day',
        date: k.local_date,
        from: k.local_from,
        to: k.local_to,
        startsAt: k.starts_at.toISOString(),
        endsAt: k.ends_at.toISOString(),
        reason: k.reason,
      }));
  }
}
