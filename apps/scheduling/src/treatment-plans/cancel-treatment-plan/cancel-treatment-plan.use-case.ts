import { Injectable } from '@nestjs/common';
import { type CANCELLATION_REASONS, TreatmentPlanCancelledV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { CancelAppointmentUseCase } from '../../appointments/cancel-appointment/cancel-appointment.use-case.js';
import { lockPlanForChange, type PlanTarget } from '../plan-changes.js';
import { TreatmentPlan } from '../treatment-plan.entity.js';

export interface CancelTreatmentPlanCommand extends PlanTarget {
  reason: (typeof CANCELLATION_REASONS)[number];
  now: Date;
}

/**
 * Stops a treatment plan: every dose still to come (booked, starting after now) is
 * cancelled like any appointment (`appointment.cancelled` each, with the reason, which tells the
 * patient and offers the freed time to the waitlist), in one transaction with the plan's own
 * `treatment-plan.cancelled`; doses already given or under way stay as they are.
 */
@Injectable()
export class CancelTreatmentPlanUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cancelAppointment: CancelAppointmentUseCase,
  ) {}

  execute(command: CancelTreatmentPlanCommand): Promise<{ plan: TreatmentPlan; cancelledAppointmentIds: string[] }> {
    return this.unitOfWork.run(async (tx) => {
      const { plan } = await lockPlanForChange(tx.manager, command, 'cancelled');
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
      plan.version += 1;
      await tx.manager.update(
        TreatmentPlan,
        { id: plan.id },
        {
          status: plan.status,
          cancelledAt: plan.cancelledAt,
          cancellationReason: plan.cancellationReason,
          version: plan.version,
        },
      );
      const cancelledAppointmentIds = doses.map((d) => d.id);
      await tx.publish(
        TreatmentPlanCancelledV1,
        {
          treatmentPlanId: plan.id,
          locationId: plan.locationId,
          patientId: plan.patientId,
          reason: command.reason,
          cancelledAppointmentIds,
          cancelledAt: command.now.toISOString(),
        },
        { aggregateId: plan.id, aggregateSequence: plan.version, locationId: plan.locationId },
      );
      return { plan, cancelledAppointmentIds };
    });
  }
}
