import { Injectable } from '@nestjs/common';
import type { CANCELLATION_REASONS } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { CancelAppointmentUseCase } from '../../appointments/cancel-appointment/cancel-appointment.use-case.js';
import { TreatmentPlan } from '../treatment-plan.entity.js';

export interface CancelTreatmentPlanCommand {
  organisationId: string;
  locationId: string;
  planId: string;
  reason: (typeof CANCELLATION_REASONS)[number];
  now: Date;
}

/**
 * Stops a treatment plan: every dose still to come (booked, starting after now) is cancelled like
 * any appointment (`appointment.cancelled` each, with the reason), in one transaction; doses
 * already given or under way stay as they are.
 */
@Injectable()
export class CancelTreatmentPlanUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cancelAppointment: CancelAppointmentUseCase,
  ) {}

  execute(command: CancelTreatmentPlanCommand): Promise<{ plan: TreatmentPlan; cancelledAppointmentIds: string[] }> {
    return this.unitOfWork.run(async (tx) => {
      const [found] = (await tx.manager.query(
        `SELECT p.id FROM treatment_plan p JOIN location l ON l.id = p.location_id
          WHERE p.id = $1 AND p.location_id = $2 AND l.organisation_id = $3 FOR UPDATE OF p`,
        [command.planId, command.locationId, command.organisationId],
      )) as unknown[];
      if (!found) throw ProblemException.notFound('Treatment plan', command.planId);
      const plan = (await tx.manager.findOneBy(TreatmentPlan, { id: command.planId }))!;
      if (plan.status === 'cancelled')
        throw ProblemException.conflict('invalid-transition', 'The treatment plan is already cancelled.', {
          currentStatus: plan.status,
          allowedFrom: ['active'],
        });
      const doses = (await tx.manager.query(
        `SELECT id FROM appointment WHERE treatment_plan_id = $1 AND status = 'booked' AND starts_at > $2 ORDER BY dose_number`,
        [plan.id, command.now],
      )) as Array<{ id: string }>;
      for (const dose of doses)
        await this.cancelAppointment.inTransaction(tx, {
          organisationId: command.organisationId,
          locationId: command.locationId,
          appointmentId: dose.id,
          reason: command.reason,
          now: command.now,
        });
      plan.status = 'cancelled';
      plan.cancelledAt = command.now;
      plan.cancellationReason = command.reason;
      await tx.manager.update(
        TreatmentPlan,
        { id: plan.id },
        { status: plan.status, cancelledAt: plan.cancelledAt, cancellationReason: plan.cancellationReason },
      );
      return { plan, cancelledAppointmentIds: doses.map((d) => d.id) };
    });
  }
}
