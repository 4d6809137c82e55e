import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { Audited, fromRequestBody } from '@chairside/audit';
import { type AppliedReplan, ApplyReplansUseCase } from './apply-replans/apply-replans.use-case.js';
import { ApplyReplansDto, MovePatientDto, ReplanDayQueryDto } from './dto/replan.dto.js';
import { type MovedPatient, MoveSeatedPatientUseCase } from './move-seated-patient/move-seated-patient.use-case.js';
import { type ReplanDay, ReplansQuery } from './replans.query.js';

const locationUuid = uuidParam('locationId');

/** The floor's way out of an overrun or a sick call: the proposed moves of a day, and applying them. */
@ApiTags('replans')
@Controller('locations/:locationId/replans')
export class ReplansController {
  constructor(
    private readonly replans: ReplansQuery,
    private readonly apply: ApplyReplansUseCase,
    private readonly moveSeated: MoveSeatedPatientUseCase,
  ) {}

  @Get()
  @Audited({ resource: 'replans', action: 'read', resourceId: 'locationId' })
  @Roles('admin', 'scheduler', 'charge-nurse')
  @ApiOkResponse({ description: "The day's open re-plan proposals, in the order to apply them." })
  day(
    @Param('locationId', locationUuid) locationId: string,
    @Query() query: ReplanDayQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ReplanDay> {
    return this.replans.day(user.org, locationId, query.date);
  }

  /** Applies proposals together (all or nothing); 409 replan-stale when one changed since it was listed. */
  @Post('apply')
  @Audited({ resource: 'replans', action: 'update', resourceId: 'locationId' })
  @HttpCode(200)
  @Roles('admin', 'charge-nurse')
  @ApiOkResponse({ description: 'The appointments as moved.' })
  async applyProposals(
    @Param('locationId', locationUuid) locationId: string,
    @Body() body: ApplyReplansDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ applied: AppliedReplan[] }> {
    const ids = body.proposals.map((p) => p.proposalId);
    const twice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (twice >= 0) throw ProblemException.validation([{ field: `proposals.${twice}.proposalId`, reason: 'is listed twice' }]);
    const applied = await this.apply.execute({
      organisationId: user.org,
      locationId,
      proposals: body.proposals,
      actorId: user.sub,
      now: new Date(),
    });
    return { applied };
  }

  /**
   * Moves a patient who is already here (checked in or seated) to another chair or nurse, at the
   * appointment's own time: the same operation as applying a re-plan. 409 slot-unavailable when the
   * chair or nurse is taken for the stay, version-mismatch when the appointment changed since it was seen.
   */
  @Post('move-patient')
  @Audited({ resource: 'appointment', action: 'update', resourceId: fromRequestBody('appointmentId') })
  @HttpCode(200)
  @Roles('admin', 'charge-nurse')
  @ApiOkResponse({ description: 'The appointment as moved.' })
  movePatient(
    @Param('locationId', locationUuid) locationId: string,
    @Body() body: MovePatientDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<MovedPatient> {
    return this.moveSeated.execute({
      organisationId: user.org,
      locationId,
      appointmentId: body.appointmentId,
      ...(body.appointmentVersion !== undefined ? { expectedVersion: body.appointmentVersion } : {}),
      ...(body.chairId ? { chairId: body.chairId } : {}),
      ...(body.nurseId ? { nurseId: body.nurseId } : {}),
      now: new Date(),
    });
  }
}
