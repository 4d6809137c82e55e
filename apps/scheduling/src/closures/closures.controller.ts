import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Audited, fromBody } from '@chairside/audit';
import {
  answerOnce,
  type AuthenticatedUser,
  CurrentUser,
  idempotencyOf,
  parseIfMatch,
  ProblemException,
  Roles,
  uuidParam,
} from '@chairside/platform';
import { type AddedClosure, AddClosureUseCase } from './add-closure/add-closure.use-case.js';
import { type ChangedClosure, ChangeClosureUseCase } from './change-closure/change-closure.use-case.js';
import { type RemovedClosure, RemoveClosureUseCase } from './remove-closure/remove-closure.use-case.js';
import {
  AddClosureDto,
  AddedClosureView,
  ChangeClosureDto,
  ChangedClosureView,
  ClosureView,
  RemovedClosureView,
} from './dto/closure.dto.js';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The closure version you are changing (its ETag or `version`); 409 if it has moved on.',
} as const;

/** The most closures one read returns: two years of holidays and part-day closures and more. */
const MAX_LISTED = 500;

/** Holidays and part-day closures of a location: slot search and booking keep out of them. */
@ApiTags('staffing')
@Controller('locations/:locationId/closures')
export class ClosuresController {
  constructor(
    private readonly addClosure: AddClosureUseCase,
    private readonly changeClosure: ChangeClosureUseCase,
    private readonly removeClosure: RemoveClosureUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** A holiday (date only) or part of a day (from, to); appointments in it are flagged for re-planning and listed. */
  @Post()
  @HttpCode(201)
  @Roles('admin', 'charge-nurse')
  @Audited({ resource: 'closure', action: 'create', resourceId: fromBody('id') })
  @ApiCreatedResponse({ type: AddedClosureView })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retrying with the same key returns the first response and adds nothing twice.',
  })
  async add(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Body() body: AddClosureDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AddedClosure> {
    const outcome = await this.addClosure.execute({
      organisationId: user.org,
      locationId,
      date: body.date,
      ...(body.from !== undefined ? { from: body.from } : {}),
      ...(body.to !== undefined ? { to: body.to } : {}),
      reason: body.reason,
      now: new Date(),
      ...idempotencyOf(idempotencyKey, user.org, `POST /locations/${locationId}/closures`, body),
    });
    const added = answerOnce(outcome, res, (closure) => closure);
    res.setHeader('ETag', `"${added.version}"`);
    return added;
  }

  /** A new date, times or reason; appointments the new time newly covers are flagged for re-planning and listed. */
  @Patch(':closureId')
  @Roles('admin', 'charge-nurse')
  @Audited({ resource: 'closure', action: 'update', resourceId: 'closureId' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ChangedClosureView })
  async change(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('closureId', uuidParam('closureId')) closureId: string,
    @Body() body: ChangeClosureDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChangedClosure> {
    const expectedVersion = parseIfMatch(ifMatch);
    const changed = await this.changeClosure.execute({
      organisationId: user.org,
      locationId,
      closureId,
      ...(body.date !== undefined ? { date: body.date } : {}),
      ...(body.from !== undefined ? { from: body.from } : {}),
      ...(body.to !== undefined ? { to: body.to } : {}),
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      now: new Date(),
    });
    res.setHeader('ETag', `"${changed.version}"`);
    return changed;
  }

  /** The center opens in that time after all: the closure goes and its time takes bookings again. */
  @Delete(':closureId')
  @Roles('admin', 'charge-nurse')
  @Audited({ resource: 'closure', action: 'delete', resourceId: 'closureId' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: RemovedClosureView })
  remove(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('closureId', uuidParam('closureId')) closureId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<RemovedClosure> {
    const expectedVersion = parseIfMatch(ifMatch);
    return this.removeClosure.execute({
      organisationId: user.org,
      locationId,
      closureId,
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
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
      `SELECT l.id AS location, k.id, to_char(k.local_date, 'YYYY-MM-DD') AS local_date, k.local_from, k.local_to, k.starts_at, k.ends_at, k.reason, k.version
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
      version: number;
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
        version: k.version,
      }));
  }
}
