import { Injectable } from '@nestjs/common';
import { ChairUpdatedV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { type AffectedAppointment, flagForReplan, lockAffected } from '../../staffing/affected-appointments.js';
import { Chair } from '../chair.entity.js';
import { lockLocationForChange } from '../resource-gate.js';

export interface UpdateChairCommand {
  organisationId: string;
  locationId: string;
  chairId: string;
  label?: string;
  /** true retires the chair now; false brings a retired chair back. */
  retired?: boolean;
  /** From If-Match: the version the caller last saw. */
  expectedVersion?: number;
  now: Date;
}

export interface UpdatedChair {
  id: string;
  locationId: string;
  label: string;
  kind: Chair['kind'];
  retiredAt: string | null;
  version: number;
  /** Coming appointments on a chair this change retired: flagged for re-planning. */
  affectedAppointments: AffectedAppointment[];
}

/**
 * Renames a chair, or retires it (kept for history, it takes no bookings from now on) or brings it
 * back. Retiring flags the appointments still to come on it for re-planning and lists them; a
 * rename, or any change of a chair already retired, affects nobody.
 */
@Injectable()
export class UpdateChairUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(c: UpdateChairCommand): Promise<UpdatedChair> {
    if (c.label === undefined && c.retired === undefined)
      throw ProblemException.validation([{ field: 'label', reason: 'give a new label or retired' }]);
    return this.unitOfWork.run(async (tx) => {
      await lockLocationForChange(tx, c);
      const chair = await tx.manager.findOne(Chair, {
        where: { id: c.chairId, locationId: c.locationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!chair) throw ProblemException.notFound('Chair', c.chairId);
      if (c.expectedVersion !== undefined && c.expectedVersion !== chair.version)
        throw ProblemException.conflict(
          'version-mismatch',
          `Chair ${chair.id} is at version ${chair.version}, not ${c.expectedVersion}. Reload and try again.`,
          { currentVersion: chair.version },
        );
      const label = c.label ?? chair.label;
      if (label !== chair.label) {
        const taken = await tx.manager.query('SELECT 1 FROM chair WHERE location_id = $1 AND label = $2 AND id <> $3', [
          c.locationId,
          label,
          chair.id,
        ]);
        if ((taken as unknown[]).length)
          throw ProblemException.conflict(
            'chair-label-taken',
            `Location ${c.locationId} already has a chair labelled "${label}".`,
          );
      }
      const retiring = c.retired === true && !chair.retiredAt;
      const retiredAt = c.retired === undefined ? chair.retiredAt : c.retired ? (chair.retiredAt ?? c.now) : null;
      const unchanged = label === chair.label && retiredAt?.getTime() === chair.retiredAt?.getTime();
      let affectedAppointments: AffectedAppointment[] = [];
      if (!unchanged) {
        chair.label = label;
        chair.retiredAt = retiredAt;
        chair.version += 1;
        await tx.manager.update(Chair, { id: chair.id }, { label, retiredAt, version: chair.version });
        if (retiring) {
          const coming = await lockAffected(tx, 'a.chair_id = :chair AND a.chair_released_at > :now', {
            chair: chair.id,
            now: c.now,
          });
          affectedAppointments = await flagForReplan(tx, coming, { now: c.now, cause: 'chair_retired', causeId: chair.id });
        }
        await tx.publish(
          ChairUpdatedV1,
          {
            chairId: chair.id,
            locationId: c.locationId,
            label,
            kind: chair.kind,
            ...(retiredAt ? { retiredAt: retiredAt.toISOString() } : {}),
            version: chair.version,
            affectedAppointmentIds: affectedAppointments.map((a) => a.appointmentId),
          },
          { aggregateId: chair.id, aggregateSequence: chair.version, locationId: c.locationId },
        );
      }
      return {
        id: chair.id,
        locationId: c.locationId,
        label,
        kind: chair.kind,
        retiredAt: retiredAt?.toISOString() ?? null,
        version: chair.version,
        affectedAppointments,
      };
    });
  }
}
