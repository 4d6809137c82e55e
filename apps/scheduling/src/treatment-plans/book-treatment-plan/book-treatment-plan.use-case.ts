import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { TreatmentPlanBookedV1 } from '@chairside/contracts';
import type { TherapyCode } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { createdOnce, type IdempotencyRequest, type IdempotentOutcome, ProblemException } from '@chairside/platform';
import { BookAppointmentUseCase, chosenTherapy } from '../../appointments/book-appointment/book-appointment.use-case.js';
import { placementTherapy } from '../../catalog/organisation-therapies.js';
import { treatmentPlanView } from '../treatment-plan-view.js';
import { CenterStateRepository } from '../../appointments/center-state.repository.js';
import { tryPlacement } from '../../appointments/place-treatment.js';
import { treatmentRequest } from '../../appointments/treatment-request.js';
import { HOUR } from '@chairside/domain';
import { findSlots } from '../../slot-search/find-slots.js';
import { TreatmentPlan } from '../treatment-plan.entity.js';

export interface BookTreatmentPlanCommand {
  organisationId: string;
  locationId: string;
  patientId: string;
  /** One of the nine; optional with therapyId (then the built-in it is counted as). */
  therapyCode?: TherapyCode;
  /** A therapy the organisation defined: every dose is placed with its values. */
  therapyId?: string;
  durationMinutes?: number;
  doses: number;
  intervalDays: number;
  firstStartsAt: Date;
  /** A dose may move this many days either side of its target when the target time is taken. */
  toleranceDays: number;
  now: Date;
  /** With an Idempotency-Key, a retry returns the first response and books nothing twice. */
  idempotency?: IdempotencyRequest;
}

export interface BookedPlan {
  plan: TreatmentPlan;
  placed: PlacedDose[];
  unplaced: UnplacedDose[];
}

/** The response of a booking, also what a retry with the same Idempotency-Key replays. */
export function bookedPlanView(b: BookedPlan) {
  return treatmentPlanView(
    b.plan,
    b.placed.map((p) => ({
      id: p.appointmentId,
      dose_number: p.dose,
      status: 'booked',
      starts_at: new Date(p.startsAt),
      confirmed_at: null,
      version: 1,
    })),
  );
}

export interface PlacedDose {
  dose: number;
  appointmentId: string;
  startsAt: string;
}

export interface UnplacedDose {
  dose: number;
  targetStartsAt: string;
  reason: string;
}

/**
 * Books a series: each dose at its target local time (same wall-clock time every interval, DST
 * or not), or else the best slot within the tolerance. A dose that fits nowhere is reported with
 * why, and the rest of the plan still books: a plan never fails whole and silently.
 */
@Injectable()
export class BookTreatmentPlanUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly book: BookAppointmentUseCase,
    private readonly centers: CenterStateRepository,
  ) {}

  execute(command: BookTreatmentPlanCommand): Promise<IdempotentOutcome<BookedPlan>> {
    return this.unitOfWork.runWithFinalWrite((tx) =>
      createdOnce(tx, command.idempotency, () => this.bookPlan(tx, command), bookedPlanView),
    );
  }

  private async bookPlan(tx: Transaction, command: BookTreatmentPlanCommand): Promise<BookedPlan> {
    const planId = randomUUID();
    const { therapyCode, own } = await chosenTherapy(tx.manager, command);
    const context = await this.centers.context(tx.manager, {
      locationId: command.locationId,
      organisationId: command.organisationId,
      patientId: command.patientId,
      therapyCode,
    });
    if (!context) throw ProblemException.notFound('Location', command.locationId);
    if (!context.patientKnown) throw ProblemException.notFound('Patient', command.patientId);
    const request = treatmentRequest(command.patientId, own ? placementTherapy(own) : context.therapy, command.durationMinutes);
    const firstLocal = DateTime.fromJSDate(command.firstStartsAt, { zone: context.timeZone });
    const placed: PlacedDose[] = [];
    const unplaced: UnplacedDose[] = [];
    // The plan row first: the doses' appointments refer to it.
    const plan = tx.manager.create(TreatmentPlan, {
      id: planId,
      locationId: command.locationId,
      patientId: command.patientId,
      therapyCode,
      therapyId: own?.id ?? null,
      durationMinutes: request.durationMinutes,
      doses: command.doses,
      intervalDays: command.intervalDays,
      firstStartsAt: command.firstStartsAt,
      unplacedDoses: [],
    });
    await tx.manager.insert(TreatmentPlan, plan);

    for (let dose = 1; dose <= command.doses; dose++) {
      const target = firstLocal
        .plus({ days: (dose - 1) * command.intervalDays })
        .toUTC()
        .toJSDate();
      const attempt = (startsAt: Date) =>
        this.placeDose(tx, { ...command, therapyCode }, own?.id, planId, dose, startsAt, request.durationMinutes);
      let reason = await attempt(target);
      if (typeof reason !== 'string') {
        placed.push(reason);
        continue;
      }
      if (command.toleranceDays > 0) {
        const window = {
          from: target.getTime() - command.toleranceDays * 24 * HOUR,
          to: target.getTime() + command.toleranceDays * 24 * HOUR,
        };
        const center = await this.centers.load(tx.manager, {
          locationId: command.locationId,
          organisationId: command.organisationId,
          from: new Date(window.from - 24 * HOUR),
          to: new Date(window.to + 36 * HOUR),
          patientId: command.patientId,
        });
        const local = firstLocal.toFormat('HH:mm');
        const slots = center
          ? findSlots(
              center,
              request,
              {
                from: Math.max(window.from, command.now.getTime()),
                to: window.to,
                now: command.now.getTime(),
                limit: 5,
                preferredLocal: { from: local, to: local },
              },
              center.patientBusy,
            )
          : [];
        // Closest to the target first, then the center's own ranking.
        slots.sort(
          (a, b) => Math.abs(a.start - target.getTime()) - Math.abs(b.start - target.getTime()) || a.score.total - b.score.total,
        );
        for (const slot of slots) {
          const outcome = await attempt(new Date(slot.start));
          if (typeof outcome !== 'string') {
            placed.push(outcome);
            reason = '';
            break;
          }
        }
        if (reason && !slots.length) reason = `${reason} No other slot within ${command.toleranceDays} day(s) either.`;
      }
      if (reason) unplaced.push({ dose, targetStartsAt: target.toISOString(), reason });
    }

    plan.unplacedDoses = unplaced;
    await tx.manager.update(TreatmentPlan, { id: planId }, { unplacedDoses: unplaced });
    await tx.publish(
      TreatmentPlanBookedV1,
      {
        treatmentPlanId: planId,
        locationId: command.locationId,
        patientId: command.patientId,
        therapyCode,
        doses: command.doses,
        intervalDays: command.intervalDays,
        placed,
        unplaced,
        bookedAt: command.now.toISOString(),
      },
      { aggregateId: planId, aggregateSequence: 1, locationId: command.locationId },
    );
    return { plan, placed, unplaced };
  }

  /** One dose: booked, or why not ("that time is taken"); anything else fails the whole plan. */
  private async placeDose(
    tx: Transaction,
    command: BookTreatmentPlanCommand & { therapyCode: TherapyCode },
    therapyId: string | undefined,
    planId: string,
    dose: number,
    startsAt: Date,
    durationMinutes: number,
  ): Promise<PlacedDose | string> {
    const outcome = await tryPlacement(tx.manager, () =>
      this.book.inTransaction(tx, {
        organisationId: command.organisationId,
        locationId: command.locationId,
        patientId: command.patientId,
        therapyCode: command.therapyCode,
        ...(therapyId ? { therapyId } : {}),
        durationMinutes,
        startsAt,
        now: command.now,
        dose: { treatmentPlanId: planId, doseNumber: dose },
      }),
    );
    if (!(outcome instanceof ProblemException))
      return { dose, appointmentId: outcome.id, startsAt: outcome.startsAt.toISOString() };
    if (outcome.problem.status !== 409) throw outcome;
    return outcome.problem.detail ?? outcome.problem.title;
  }
}
