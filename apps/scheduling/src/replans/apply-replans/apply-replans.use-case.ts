import { Injectable } from '@nestjs/common';
import { ReplanAppliedV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { RescheduleAppointmentUseCase } from '../../appointments/reschedule-appointment/reschedule-appointment.use-case.js';
import { ReplanProposal } from '../replan-proposal.entity.js';

export interface ApplyReplansCommand {
  organisationId: string;
  locationId: string;
  /** Each proposal with the version the charge nurse saw. */
  proposals: ReadonlyArray<{ proposalId: string; version: number }>;
  actorId: string;
  now: Date;
}

export interface AppliedReplan {
  proposalId: string;
  appointmentId: string;
  appointmentVersion: number;
  startsAt: string;
  chairId: string;
  nurseId: string;
}

/**
 * Applies re-plan proposals (all of a disturbance, or some), all or nothing: each moves its
 * appointment through the ordinary reschedule, which checks every rule again under the same locks
 * as a booking and tells the patient and reporting (appointment.rescheduled). They are applied in
 * the order they were planned (planned starts), the order in which none meets a booking yet to
 * move. A proposal that is no longer open, was seen at another version, or whose appointment or
 * place changed meanwhile is refused with 409 replan-stale, and nothing moves.
 */
@Injectable()
export class ApplyReplansUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly reschedule: RescheduleAppointmentUseCase,
  ) {}

  execute(c: ApplyReplansCommand): Promise<AppliedReplan[]> {
    return this.unitOfWork.run(async (tx) => {
      const ids = c.proposals.map((p) => p.proposalId);
      const rows = await tx.manager
        .createQueryBuilder(ReplanProposal, 'p')
        .where('p.id IN (:...ids) AND p.location_id = :location', { ids, location: c.locationId })
        .orderBy('p.previous_starts_at')
        .addOrderBy('p.id')
        .setLock('pessimistic_write')
        .getMany();
      const seen = new Map(c.proposals.map((p) => [p.proposalId, p.version]));
      const missing = ids.find((id) => !rows.some((r) => r.id === id));
      if (missing) throw ProblemException.notFound('Re-plan proposal', missing);
      const applied: AppliedReplan[] = [];
      for (const proposal of rows) {
        if (proposal.status !== 'open' || proposal.version !== seen.get(proposal.id))
          throw stale(proposal, `It is ${proposal.status} at version ${proposal.version}.`);
        const moved = await this.reschedule
          .inTransaction(tx, {
            organisationId: c.organisationId,
            locationId: c.locationId,
            appointmentId: proposal.appointmentId,
            expectedVersion: proposal.appointmentVersion,
            startsAt: proposal.startsAt,
            chairId: proposal.chairId,
            nurseId: proposal.nurseId,
            now: c.now,
            keepsDrugOrder: true,
          })
          .catch((error: unknown) => {
            if (error instanceof ProblemException && error.problem.status === 409)
              throw stale(proposal, String(error.problem.detail ?? 'The schedule changed.'), error.problem.type);
            throw error;
          });
        Object.assign(proposal, { status: 'applied', version: proposal.version + 1, decidedAt: c.now, decidedBy: c.actorId });
        await tx.manager.save(proposal);
        await tx.publish(
          ReplanAppliedV1,
          {
            proposalId: proposal.id,
            appointmentId: moved.id,
            locationId: c.locationId,
            appointmentVersion: moved.version,
            appliedBy: c.actorId,
            appliedAt: c.now.toISOString(),
          },
          { aggregateId: proposal.id, aggregateSequence: proposal.version, locationId: c.locationId },
        );
        applied.push({
          proposalId: proposal.id,
          appointmentId: moved.id,
          appointmentVersion: moved.version,
          startsAt: moved.startsAt.toISOString(),
          chairId: moved.chairId,
          nurseId: moved.nurseId,
        });
      }
      return applied;
    });
  }
}

function stale(proposal: ReplanProposal, why: string, cause?: unknown): ProblemException {
  return ProblemException.conflict('replan-stale', `Re-plan proposal ${proposal.id} can no longer be applied. ${why}`, {
    proposalId: proposal.id,
    currentVersion: proposal.version,
    ...(cause ? { cause } : {}),
  });
}
