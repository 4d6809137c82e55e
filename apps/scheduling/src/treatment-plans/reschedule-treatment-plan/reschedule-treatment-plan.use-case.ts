import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { TreatmentPlanRescheduledV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { BookAppointmentUseCase } from '../../appointments/book-appointment/book-appointment.use-case.js';
import { RescheduleAppointmentUseCase } from '../../appointments/reschedule-appointment/reschedule-appointment.use-case.js';
import { tryPlacement } from '../../appointments/place-treatment.js';
import { lockPlanForChange, type PlanTarget } from '../plan-changes.js';
import { TreatmentPlan } from '../treatment-plan.entity.js';

export interface RescheduleTreatmentPlanCommand extends PlanTarget {
  /** Where the first remaining dose goes; the others follow at the interval, same local wall-clock time. */
  firstStartsAt: Date;
  /** Days between the remaining doses; the plan's own interval when absent. */
  intervalDays?: number;
  now: Date;
}

/** A dose still to be given: booked (moved in place) or never placed (booked now). */
interface RemainingDose {
  dose: number;
  appointmentId: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  target: Date;
}

export interface RescheduledPlan {
  plan: TreatmentPlan;
  moved: Array<{ dose: number; appointmentId: string; previousStartsAt: string; startsAt: string }>;
  placed: Array<{ dose: number; appointmentId: string; startsAt: string }>;
}

/**
 * Moves a plan's remaining doses to a new series: every dose booked for later than now (moved in
 * place, `appointment.rescheduled` each, which tells the patient) and every dose that was never
 * placed (booked, `appointment.booked`). All or nothing: if any dose cannot go to its new time,
 * nothing changes and the 409 names that dose, its time and why. Doses given, under way, missed
 * or cancelled stay as they are.
 */
@Injectable()
export class RescheduleTreatmentPlanUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly reschedule: RescheduleAppointmentUseCase,
    private readonly book: BookAppointmentUseCase,
  ) {}

  execute(command: RescheduleTreatmentPlanCommand): Promise<RescheduledPlan> {
    if (command.firstStartsAt.getTime() <= command.now.getTime())
      throw ProblemException.validation([{ field: 'firstStartsAt', reason: 'must be in the future' }]);
    return this.unitOfWork.run(async (tx) => {
      const { plan, timeZone } = await lockPlanForChange(tx.manager, command, 'rescheduled');
      const intervalDays = command.intervalDays ?? plan.intervalDays;
      const remaining = await this.remainingDoses(tx, plan, command, timeZone, intervalDays);
      if (!remaining.length)
        throw ProblemException.conflict('invalid-transition', 'The treatment plan has no remaining doses to reschedule.', {
          currentStatus: plan.status,
        });

      // A dose moved later may land where a later dose of the same plan still is (the patient
      // cannot be in two places): moving the last first avoids it, and the first first when
      // moving earlier. A dose refused while a sibling still sat on its new time is tried again
      // once the others have moved; a dose refused for a reason of its own refuses the plan at
      // once, named. Each pass moves at least one dose, so at most `doses` passes.
      const later = remaining[0]!.startsAt === null || remaining[0]!.target.getTime() >= remaining[0]!.startsAt.getTime();
      let pending = later ? [...remaining].reverse() : [...remaining];
      const moved: RescheduledPlan['moved'] = [];
      const placed: RescheduledPlan['placed'] = [];
      while (pending.length) {
        const refused: Array<{ dose: RemainingDose; problem: ProblemException; waiting: boolean }> = [];
        const notMoved = new Set(pending);
        for (const dose of pending) {
          const outcome = await tryPlacement(tx.manager, () => this.place(tx, plan, command, dose));
          if (outcome instanceof ProblemException) {
            if (outcome.problem.status !== 409) throw outcome;
            refused.push({ dose, problem: outcome, waiting: blockedBySibling(dose, [...notMoved]) });
            continue;
          }
          notMoved.delete(dose);
          if (dose.appointmentId)
            moved.push({
              dose: dose.dose,
              appointmentId: outcome.id,
              previousStartsAt: dose.startsAt!.toISOString(),
              startsAt: outcome.startsAt.toISOString(),
            });
          else placed.push({ dose: dose.dose, appointmentId: outcome.id, startsAt: outcome.startsAt.toISOString() });
        }
        refused.sort((a, b) => a.dose.dose - b.dose.dose);
        const own = refused.find((r) => !r.waiting);
        if (own || (refused.length && refused.length === pending.length)) {
          const { dose, problem } = own ?? refused[0]!;
          throw ProblemException.conflict(
            'dose-unavailable',
            `Dose ${dose.dose} cannot go to ${dose.target.toISOString()}: ${problem.problem.detail ?? problem.problem.title} Nothing was rescheduled.`,
            {
              dose: dose.dose,
              startsAt: dose.target.toISOString(),
              reason: (problem.problem as { reason?: unknown }).reason ?? 'conflict',
            },
          );
        }
        pending = refused.map((r) => r.dose);
      }

      const placedDoses = new Set(placed.map((p) => p.dose));
      plan.unplacedDoses = plan.unplacedDoses.filter((u) => !placedDoses.has(u.dose));
      plan.intervalDays = intervalDays;
      plan.version += 1;
      await tx.manager.update(
        TreatmentPlan,
        { id: plan.id },
        { unplacedDoses: plan.unplacedDoses, intervalDays: plan.intervalDays, version: plan.version },
      );
      const byDose = (a: { dose: number }, b: { dose: number }) => a.dose - b.dose;
      moved.sort(byDose);
      placed.sort(byDose);
      await tx.publish(
        TreatmentPlanRescheduledV1,
        {
          treatmentPlanId: plan.id,
          locationId: plan.locationId,
          patientId: plan.patientId,
          intervalDays,
          moved,
          placed,
          rescheduledAt: command.now.toISOString(),
        },
        { aggregateId: plan.id, aggregateSequence: plan.version, locationId: plan.locationId },
      );
      return { plan, moved, placed };
    });
  }

  /** The doses still to come, in order, each with its new time (same local wall-clock time every interval, DST or not). */
  private async remainingDoses(
    tx: Transaction,
    plan: TreatmentPlan,
    command: RescheduleTreatmentPlanCommand,
    timeZone: string,
    intervalDays: number,
  ): Promise<RemainingDose[]> {
    const rows = (await tx.manager.query(
      `SELECT DISTINCT ON (dose_number) id, dose_number, status, starts_at, ends_at FROM appointment
        WHERE treatment_plan_id = $1 ORDER BY dose_number, created_at DESC`,
      [plan.id],
    )) as Array<{ id: string; dose_number: number; status: string; starts_at: Date; ends_at: Date }>;
    const booked = rows.filter((r) => r.status === 'booked' && r.starts_at.getTime() > command.now.getTime());
    const withAppointment = new Set(rows.map((r) => r.dose_number));
    const never = plan.unplacedDoses.filter((u) => !withAppointment.has(u.dose));
    const doses = [
      ...booked.map((r) => ({ dose: r.dose_number, appointmentId: r.id, startsAt: r.starts_at, endsAt: r.ends_at })),
      ...never.map((u) => ({ dose: u.dose, appointmentId: null, startsAt: null, endsAt: null })),
    ].sort((a, b) => a.dose - b.dose);
    const first = DateTime.fromJSDate(command.firstStartsAt, { zone: timeZone });
    return doses.map((d, k) => ({
      ...d,
      target: first
        .plus({ days: k * intervalDays })
        .toUTC()
        .toJSDate(),
    }));
  }

  private place(tx: Transaction, plan: TreatmentPlan, command: RescheduleTreatmentPlanCommand, dose: RemainingDose) {
    if (dose.appointmentId)
      return this.reschedule.inTransaction(tx, {
        organisationId: command.organisationId,
        locationId: plan.locationId,
        appointmentId: dose.appointmentId,
        startsAt: dose.target,
        now: command.now,
      });
    return this.book.inTransaction(tx, {
      organisationId: command.organisationId,
      locationId: plan.locationId,
      patientId: plan.patientId,
      therapyCode: plan.therapyCode,
      ...(plan.therapyId ? { therapyId: plan.therapyId } : {}),
      durationMinutes: plan.durationMinutes,
      startsAt: dose.target,
      now: command.now,
      dose: { treatmentPlanId: plan.id, doseNumber: dose.dose },
    });
  }
}

/** Whether a dose's new time overlaps where another dose of the plan, not yet moved, still is. */
function blockedBySibling(dose: RemainingDose, pending: RemainingDose[]): boolean {
  return pending.some(
    (other) =>
      other !== dose &&
      other.startsAt !== null &&
      other.endsAt !== null &&
      dose.target.getTime() < other.endsAt.getTime() &&
      other.startsAt.getTime() < dose.target.getTime() + (other.endsAt.getTime() - other.startsAt.getTime()),
  );
}
