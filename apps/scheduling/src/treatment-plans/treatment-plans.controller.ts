import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser, CurrentUser, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { BookTreatmentPlanUseCase } from './book-treatment-plan/book-treatment-plan.use-case.js';
import { CancelTreatmentPlanUseCase } from './cancel-treatment-plan/cancel-treatment-plan.use-case.js';
import { CancelAppointmentDto } from '../appointments/dto/appointment.dto.js';
import { BookTreatmentPlanDto, TreatmentPlanView } from './dto/treatment-plan.dto.js';
import { TreatmentPlan } from './treatment-plan.entity.js';
import { Audited, fromBody, fromRequestBody } from '@chairside/audit';

@ApiTags('treatment plans')
@Controller('locations/:locationId/treatment-plans')
export class TreatmentPlansController {
  constructor(
    private readonly bookPlan: BookTreatmentPlanUseCase,
    private readonly cancelPlan: CancelTreatmentPlanUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post()
  @Audited({ resource: 'treatment-plan', action: 'create', resourceId: fromBody('id'), patientId: fromRequestBody('patientId') })
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  @ApiCreatedResponse({
    type: TreatmentPlanView,
    description: 'Booked as far as possible: `unplaced` lists every dose that could not be placed and why.',
  })
  async book(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Body() body: BookTreatmentPlanDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<TreatmentPlanView> {
    const now = new Date();
    if (body.firstStartsAt.getTime() <= now.getTime())
      throw ProblemException.validation([{ field: 'firstStartsAt', reason: 'must be in the future' }]);
    const { plan, placed, unplaced } = await this.bookPlan.execute({
      organisationId: user.org,
      locationId,
      patientId: body.patientId,
      therapyCode: body.therapyCode,
      doses: body.doses,
      intervalDays: body.intervalDays,
      firstStartsAt: body.firstStartsAt,
      toleranceDays: body.toleranceDays ?? 2,
      now,
      ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
    });
    return {
      id: plan.id,
      locationId,
      patientId: plan.patientId,
      therapyCode: plan.therapyCode,
      doses: plan.doses,
      intervalDays: plan.intervalDays,
      placed,
      unplaced,
    };
  }

  @Get(':planId')
  @Audited({ resource: 'treatment-plan', action: 'read', resourceId: 'planId', patientId: fromBody('patientId') })
  @Roles('admin', 'scheduler')
  @ApiOkResponse({ type: TreatmentPlanView })
  async get(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('planId', uuidParam('planId')) planId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<TreatmentPlanView> {
    const [plan] = await this.dataSource
      .getRepository(TreatmentPlan)
      .createQueryBuilder('p')
      .innerJoin('location', 'l', 'l.id = p.location_id')
      .where('p.id = :planId AND p.location_id = :locationId AND l.organisation_id = :org', { planId, locationId, org: user.org })
      .getMany();
    if (!plan) throw ProblemException.notFound('Treatment plan', planId);
    const doses = (await this.dataSource.query(
      `SELECT id, dose_number, starts_at FROM appointment WHERE treatment_plan_id = $1 AND status NOT IN ('cancelled') ORDER BY dose_number`,
      [planId],
    )) as Array<{ id: string; dose_number: number; starts_at: Date }>;
    return {
      id: plan.id,
      locationId,
      patientId: plan.patientId,
      therapyCode: plan.therapyCode,
      doses: plan.doses,
      intervalDays: plan.intervalDays,
      placed: doses.map((d) => ({ dose: d.dose_number, appointmentId: d.id, startsAt: d.starts_at.toISOString() })),
      unplaced: plan.unplacedDoses,
    };
  }

  @Post(':planId/cancel')
  @Audited({ resource: 'treatment-plan', action: 'update', resourceId: 'planId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiOkResponse({ description: 'The plan, cancelled, and the doses cancelled with it.' })
  async cancel(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('planId', uuidParam('planId')) planId: string,
    @Body() body: CancelAppointmentDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ id: string; patientId: string; status: string; cancelledAppointmentIds: string[] }> {
    const { plan, cancelledAppointmentIds } = await this.cancelPlan.execute({
      organisationId: user.org,
      locationId,
      planId,
      reason: body.reason,
      now: new Date(),
    });
    return { id: plan.id, patientId: plan.patientId, status: plan.status, cancelledAppointmentIds };
  }
}
