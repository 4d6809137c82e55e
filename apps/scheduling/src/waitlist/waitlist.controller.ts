import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  type AuthenticatedUser,
  cappedListQuery,
  cappedPage,
  CurrentUser,
  ProblemException,
  Roles,
  uuidParam,
} from '@chairside/platform';
import { JoinWaitlistUseCase } from './join-waitlist/join-waitlist.use-case.js';
import { WithdrawFromWaitlistUseCase } from './withdraw-from-waitlist/withdraw-from-waitlist.use-case.js';
import { JoinWaitlistDto, WaitlistRequestView } from './dto/waitlist.dto.js';
import { WaitlistRequest } from './waitlist-request.entity.js';
import { waitlistRequestView } from './waitlist-request-view.js';
import { Audited, fromBody, fromRequestBody } from '@chairside/audit';

/** Open waitlist requests a request lists at most, oldest first: more than a center offers freed time to in weeks. */
export const MAX_WAITLIST_LISTED = 200;
export class WaitlistListQueryDto extends cappedListQuery(MAX_WAITLIST_LISTED, 'requests') {}

/** Patients who want a time the schedule does not have yet; freed time is offered to them in turn. */
@ApiTags('waitlist')
@Controller('locations/:locationId/waitlist')
export class WaitlistController {
  constructor(
    private readonly joinWaitlist: JoinWaitlistUseCase,
    private readonly withdrawFromWaitlist: WithdrawFromWaitlistUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post()
  @Audited({
    resource: 'waitlist-request',
    action: 'create',
    resourceId: fromBody('id'),
    patientId: fromRequestBody('patientId'),
  })
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry returns the first answer and adds nothing twice.',
  })
  @ApiCreatedResponse({ type: WaitlistRequestView })
  async join(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Body() body: JoinWaitlistDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WaitlistRequestView> {
    const outcome = await this.joinWaitlist.execute({
      organisationId: user.org,
      locationId,
      patientId: body.patientId,
      ...(body.therapyCode !== undefined ? { therapyCode: body.therapyCode } : {}),
      ...(body.therapyId !== undefined ? { therapyId: body.therapyId } : {}),
      earliest: body.earliest,
      latest: body.latest,
      ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
      ...(body.preferredFrom !== undefined ? { preferredFrom: body.preferredFrom } : {}),
      ...(body.preferredTo !== undefined ? { preferredTo: body.preferredTo } : {}),
      ...(body.preferredWeekdays !== undefined ? { preferredWeekdays: body.preferredWeekdays } : {}),
      ...(idempotencyKey !== undefined
        ? { idempotency: { key: idempotencyKey, scope: `${user.org}:POST /locations/${locationId}/waitlist`, request: body } }
        : {}),
    });
    if (outcome.replayed) {
      res.status(outcome.status).setHeader('Idempotent-Replayed', 'true');
      return outcome.body as WaitlistRequestView;
    }
    return waitlistRequestView(outcome.body);
  }

  @Get()
  @Audited({ resource: 'waitlist', action: 'search', resourceId: 'locationId' })
  @Roles('admin', 'scheduler')
  @ApiOkResponse({
    type: [WaitlistRequestView],
    description: `Requests still waiting or holding an offer, oldest first, at most ${MAX_WAITLIST_LISTED} a request.`,
  })
  async list(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Query() page: WaitlistListQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<WaitlistRequestView[]> {
    await this.assertLocation(locationId, user.org);
    const requests = await this.dataSource.getRepository(WaitlistRequest).find({
      where: { locationId, status: In(['waiting', 'offered']) },
      order: { createdAt: 'ASC', id: 'ASC' },
      ...cappedPage(page, MAX_WAITLIST_LISTED),
    });
    return requests.map(waitlistRequestView);
  }

  @Delete(':requestId')
  @Audited({ resource: 'waitlist-request', action: 'delete', resourceId: 'requestId' })
  @Roles('admin', 'scheduler')
  @ApiOkResponse({ type: WaitlistRequestView })
  async withdraw(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('requestId', uuidParam('requestId')) requestId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<WaitlistRequestView> {
    return waitlistRequestView(await this.withdrawFromWaitlist.execute({ organisationId: user.org, locationId, requestId }));
  }

  private async assertLocation(locationId: string, organisationId: string): Promise<void> {
    const rows = (await this.dataSource.query('SELECT 1 FROM location WHERE id = $1 AND organisation_id = $2', [
      locationId,
      organisationId,
    ])) as unknown[];
    if (!rows.length) throw ProblemException.notFound('Location', locationId);
  }
}
