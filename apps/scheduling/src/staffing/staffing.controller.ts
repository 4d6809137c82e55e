import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Audited } from '@chairside/audit';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  answerOnce,
  type AuthenticatedUser,
  cappedListQuery,
  cappedPage,
  CurrentUser,
  idempotencyOf,
  parseIfMatch,
  ProblemException,
  Roles,
  uuidParam,
} from '@chairside/platform';
import { Location } from '../locations/location.entity.js';
import { type AddedShift, AddShiftUseCase, shiftView } from './add-shift/add-shift.use-case.js';
import {
  AddedShiftView,
  AddShiftDto,
  ChangedShiftView,
  ListedNurseView,
  LocationShiftsView,
  NurseView,
  RegisterNurseDto,
  RemovedShiftView,
  RemoveShiftDto,
  ShiftsQueryDto,
  UpdatedNurseView,
  UpdateNurseDto,
} from './dto/staffing.dto.js';
import { UpdateNurseUseCase } from './update-nurse/update-nurse.use-case.js';
import { type LocationShifts, ShiftsQuery } from './shifts/shifts.query.js';
import { type ChangedShift, ChangeShiftUseCase } from './change-shift/change-shift.use-case.js';
import { type RemovedShift, RemoveShiftUseCase } from './remove-shift/remove-shift.use-case.js';
import { Nurse } from './nurse.entity.js';
import { type RegisteredNurse, RegisterNurseUseCase } from './register-nurse/register-nurse.use-case.js';

/** A location's nurses a request lists at most: a large center has a few dozen. */
export const MAX_NURSES_LISTED = 200;
export class NursesListQueryDto extends cappedListQuery(MAX_NURSES_LISTED, 'nurses') {}

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Retrying with the same key returns the first response and creates nothing twice.',
};

/**
 * Nurses and their shifts: the center's capacity. Each change is published, so the day board
 * knows the nurses and reporting knows who worked.
 */
@ApiTags('staffing')
@Controller('locations/:locationId')
export class StaffingController {
  constructor(
    private readonly registerNurseAt: RegisterNurseUseCase,
    private readonly addShiftFor: AddShiftUseCase,
    private readonly changeShiftOf: ChangeShiftUseCase,
    private readonly removeShiftOf: RemoveShiftUseCase,
    private readonly shiftsOf: ShiftsQuery,
    private readonly updateNurseAt: UpdateNurseUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The location's nurses, by name: who can be given shifts (at most MAX_NURSES_LISTED a request). */
  @Get('nurses')
  // The charge nurse too: she changes nurses' limits and shifts on Setup (below), by name.
  @Roles('admin', 'scheduler', 'charge-nurse', 'nurse')
  @ApiOkResponse({ type: [ListedNurseView] })
  async nurses(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Query() page: NursesListQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    const located = await this.dataSource.getRepository(Location).existsBy({ id: locationId, organisationId: user.org });
    if (!located) throw ProblemException.notFound('Location', locationId);
    const nurses = await this.dataSource
      .getRepository(Nurse)
      .find({ where: { locationId }, order: { displayName: 'ASC', id: 'ASC' }, ...cappedPage(page, MAX_NURSES_LISTED) });
    return nurses.map((n) => ({
      id: n.id,
      nurseId: n.id,
      locationId,
      displayName: n.displayName,
      certifications: n.certifications,
      capacity: n.capacity,
      startWindowMinutes: n.startWindowMinutes,
      version: n.version,
    }));
  }

  /** Her capacity, start window or certifications; her coming appointments that no longer fit are flagged for re-planning and listed. */
  @Patch('nurses/:nurseId')
  @Roles('admin', 'charge-nurse')
  @Audited({ resource: 'nurse', action: 'update', resourceId: 'nurseId' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version you are changing; 409 if it has moved on.' })
  @ApiOkResponse({ type: UpdatedNurseView })
  async updateNurse(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('nurseId', uuidParam('nurseId')) nurseId: string,
    @Body() body: UpdateNurseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UpdatedNurseView> {
    const expectedVersion = parseIfMatch(ifMatch);
    const nurse = await this.updateNurseAt.execute({
      organisationId: user.org,
      locationId,
      nurseId,
      ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
      ...(body.startWindowMinutes !== undefined ? { startWindowMinutes: body.startWindowMinutes } : {}),
      ...(body.certifications !== undefined ? { certifications: body.certifications } : {}),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      now: new Date(),
    });
    res.setHeader('ETag', `"${nurse.version}"`);
    return nurse;
  }

  @Post('nurses')
  @HttpCode(201)
  @Roles('admin')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: NurseView })
  async registerNurse(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Body() body: RegisterNurseDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegisteredNurse> {
    const outcome = await this.registerNurseAt.execute({
      organisationId: user.org,
      locationId,
      displayName: body.displayName,
      certifications: body.certifications,
      ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
      ...(body.startWindowMinutes !== undefined ? { startWindowMinutes: body.startWindowMinutes } : {}),
      ...idempotencyOf(idempotencyKey, user.org, `POST /locations/${locationId}/nurses`, body),
    });
    return answerOnce(outcome, res, (nurse) => nurse);
  }

  /** The shifts of some local days: what a sick call or a changed shift is chosen from. */
  @Get('shifts')
  @Roles('admin', 'scheduler', 'charge-nurse')
  @ApiOkResponse({ type: LocationShiftsView })
  shifts(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Query() query: ShiftsQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<LocationShifts> {
    return this.shiftsOf.execute(user.org, locationId, query.from, query.days ?? 1);
  }

  @Post('nurses/:nurseId/shifts')
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: AddedShiftView })
  async addShift(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('nurseId', uuidParam('nurseId')) nurseId: string,
    @Body() body: AddShiftDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AddedShift> {
    const outcome = await this.addShiftFor.execute({
      organisationId: user.org,
      locationId,
      nurseId,
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      ...(body.breaks !== undefined ? { breaks: body.breaks } : {}),
      ...idempotencyOf(idempotencyKey, user.org, `POST /locations/${locationId}/nurses/${nurseId}/shifts`, body),
    });
    return answerOnce(outcome, res, shiftView);
  }

  /** New times or breaks for a shift (full new state); her appointments that no longer fit are flagged and listed. */
  @Put('nurses/:nurseId/shifts/:shiftId')
  @Roles('admin', 'scheduler', 'charge-nurse')
  @ApiOkResponse({ type: ChangedShiftView })
  changeShift(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('nurseId', uuidParam('nurseId')) nurseId: string,
    @Param('shiftId', uuidParam('shiftId')) shiftId: string,
    @Body() body: AddShiftDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ChangedShift> {
    return this.changeShiftOf.execute({
      organisationId: user.org,
      locationId,
      nurseId,
      shiftId,
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      ...(body.breaks !== undefined ? { breaks: body.breaks } : {}),
      now: new Date(),
    });
  }

  /** A sick call: the shift goes, and her appointments in it are flagged for re-planning and listed. */
  @Delete('nurses/:nurseId/shifts/:shiftId')
  @Roles('admin', 'scheduler', 'charge-nurse')
  @ApiOkResponse({ type: RemovedShiftView })
  removeShift(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('nurseId', uuidParam('nurseId')) nurseId: string,
    @Param('shiftId', uuidParam('shiftId')) shiftId: string,
    @Body() body: RemoveShiftDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<RemovedShift> {
    return this.removeShiftOf.execute({
      organisationId: user.org,
      locationId,
      nurseId,
      shiftId,
      reason: body.reason,
      now: new Date(),
    });
  }
}
