import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, parseIfMatch, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { Audited, fromBody, fromRequestBody } from '@chairside/audit';
import { BookTreatmentPlanUseCase, bookedPlanView } from './book-treatment-plan/book-treatment-plan.use-case.js';
import { CancelTreatmentPlanUseCase } from './cancel-treatment-plan/cancel-treatment-plan.use-case.js';
import { RescheduleTreatmentPlanUseCase } from './reschedule-treatment-plan/reschedule-treatment-plan.use-case.js';
import { TreatmentPlanQuery } from './treatment-plan.query.js';
import { CancelAppointmentDto } from '../appointments/dto/appointment.dto.js';
import {
  BookTreatmentPlanDto,
  CancelledTreatmentPlanView,
  RescheduleTreatmentPlanDto,
  TreatmentPlanView,
} from './dto/treatment-plan.dto.js';

const locationUuid = uuidParam('locationId');
const planUuid = uuidParam('planId');

function versionFrom(ifMatch: string | undefined): { expectedVersion?: number } {
  const expectedVersion = parseIfMatch(ifMatch);
  return expectedVersion === undefined ? {} : { expectedVersion };
}

function withETag(res: Response, view: TreatmentPlanView): TreatmentPlanView {
  res.setHeader('ETag', `"${view.version}"`);
  return view;
}

@ApiTags('treatment plans')
@Controller('locations/:locationId/treatment-plans')
export class TreatmentPlansController {
  constructor(
    private readonly bookPlan: BookTreatmentPlanUseCase,
    private readonly cancelPlan: CancelTreatmentPlanUseCase,
    private readonly reschedulePlan: RescheduleTreatmentPlanUseCase,
    private readonly plans: TreatmentPlanQuery,
  ) {}

  @Post()
  @Audited({ resource: 'treatment-plan', action: 'create', resourceId: fromBody('id'), patientId: fromRequestBody('patientId') })
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retrying with the same key returns the first response and books nothing twice.',
  })
  @ApiCreatedResponse({
    type: TreatmentPlanView,
    description: 'Booked as far as possible: `unplaced` lists every dose that could not be placed and why.',
  })
  async book(
    @Param('locationId', locationUuid) locationId: string,
    @Body() body: BookTreatmentPlanDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TreatmentPlanView> {
    const now = new Date();
    if (body.firstStartsAt.getTime() <= now.getTime())
      throw ProblemException.validation([{ field: 'firstStartsAt', reason: 'must be in the future' }]);
    const outcome = await this.bookPlan.execute({
      organisationId: user.org,
      locationId,
      patientId: body.patientId,
      ...(body.therapyCode !== undefined ? { therapyCode: body.therapyCode } : {}),
      ...(body.therapyId !== undefined ? { therapyId: body.therapyId } : {}),
      doses: body.doses,
      intervalDays: body.intervalDays,
      firstStartsAt: body.firstStartsAt,
      toleranceDays: body.toleranceDays ?? 2,
      now,
      ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
      ...(idempotencyKey !== undefined
        ? {
            idempotency: {
              key: idempotencyKey,
              scope: `${user.org}:POST /locations/${locationId}/treatment-plans`,
              request: body,
            },
          }
        : {}),
    });
    if (outcome.replayed) {
      res.status(outcome.status).setHeader('Idempotent-Replayed', 'true');
      return withETag(res, outcome.body as TreatmentPlanView);
    }
    return withETag(res, bookedPlanView(outcome.body));
  }

  @Get(':planId')
  @Audited({ resource: 'treatment-plan', action: 'read', resourceId: 'planId', patientId: fromBody('patientId') })
  @Roles('admin', 'scheduler')
  @ApiOkResponse({ type: TreatmentPlanView, description: 'The plan and every dose with its state; the ETag is its version.' })
  async get(
    @Param('locationId', locationUuid) locationId: string,
    @Param('planId', planUuid) planId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TreatmentPlanView> {
    return withETag(res, await this.plans.view(user.org, locationId, planId));
  }

  @Post(':planId/cancel')
  @Audited({ resource: 'treatment-plan', action: 'update', resourceId: 'planId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: CancelledTreatmentPlanView, description: 'The plan, cancelled, and the doses cancelled with it.' })
  async cancel(
    @Param('locationId', locationUuid) locationId: string,
    @Param('planId', planUuid) planId: string,
    @Body() body: CancelAppointmentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CancelledTreatmentPlanView> {
    const { plan, cancelledAppointmentIds } = await this.cancelPlan.execute({
      organisationId: user.org,
      locationId,
      planId,
      reason: body.reason,
      now: new Date(),
      ...versionFrom(ifMatch),
    });
    res.setHeader('ETag', `"${plan.version}"`);
    return { id: plan.id, patientId: plan.patientId, status: plan.status, version: plan.version, cancelledAppointmentIds };
  }

  @Post(':planId/reschedule')
  @Audited({ resource: 'treatment-plan', action: 'update', resourceId: 'planId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({
    type: TreatmentPlanView,
    description:
      'Every remaining dose moved (or placed) to the new series, or none: a 409 `dose-unavailable` names the dose that cannot go.',
  })
  async reschedule(
    @Param('locationId', locationUuid) locationId: string,
    @Param('planId', planUuid) planId: string,
    @Body() body: RescheduleTreatmentPlanDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TreatmentPlanView> {
    await this.reschedulePlan.execute({
      organisationId: user.org,
      locationId,
      planId,
      firstStartsAt: body.firstStartsAt,
      ...(body.intervalDays !== undefined ? { intervalDays: body.intervalDays } : {}),
      now: new Date(),
      ...versionFrom(ifMatch),
    });
    return withETag(res, await this.plans.view(user.org, locationId, planId));
  }
}
