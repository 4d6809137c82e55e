import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProblemException } from '@chairside/platform';
import type { TreatmentPlanView } from './dto/treatment-plan.dto.js';
import { TreatmentPlan } from './treatment-plan.entity.js';
import { type DoseAppointment, treatmentPlanView } from './treatment-plan-view.js';

/** A plan at one of the organisation's locations, with each dose's latest appointment (at most `doses` rows, ≤ 52). */
@Injectable()
export class TreatmentPlanQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async view(organisationId: string, locationId: string, planId: string): Promise<TreatmentPlanView> {
    const [plan] = await this.dataSource
      .getRepository(TreatmentPlan)
      .createQueryBuilder('p')
      .innerJoin('location', 'l', 'l.id = p.location_id')
      .where('p.id = :planId AND p.location_id = :locationId AND l.organisation_id = :org', {
        planId,
        locationId,
        org: organisationId,
      })
      .getMany();
    if (!plan) throw ProblemException.notFound('Treatment plan', planId);
    const doses = (await this.dataSource.query(
      `SELECT DISTINCT ON (dose_number) id, dose_number, status, starts_at, confirmed_at, version FROM appointment
        WHERE treatment_plan_id = $1 ORDER BY dose_number, created_at DESC`,
      [planId],
    )) as DoseAppointment[];
    return treatmentPlanView(plan, doses);
  }
}
