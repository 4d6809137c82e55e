import { Injectable } from '@nestjs/common';
import { NurseUpdatedV1 } from '@chairside/contracts';
import type { Certification } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { Appointment, HOLDS_TIME } from '../../appointments/appointment.entity.js';
import { lockReplans } from '../../replans/replan-lock.js';
import { type AffectedAppointment, flagForReplan, MAX_AFFECTED } from '../affected-appointments.js';
import { appointmentTherapies, therapyOf } from '../appointment-therapies.js';
import { Nurse } from '../nurse.entity.js';
import { outOfFit } from './nurse-fit.js';

export interface UpdateNurseCommand {
  organisationId: string;
  locationId: string;
  nurseId: string;
  capacity?: number;
  startWindowMinutes?: number;
  certifications?: Certification[];
  /** From If-Match: the version the caller last saw. */
  expectedVersion?: number;
  now: Date;
}

export interface UpdatedNurse {
  nurseId: string;
  locationId: string;
  displayName: string;
  capacity: number;
  startWindowMinutes: number;
  certifications: Certification[];
  version: number;
  /** Her coming appointments the new values no longer allow: flagged for re-planning. */
  affectedAppointments: AffectedAppointment[];
}

/** How far ahead a nurse change looks at her appointments: a location books about this far out. */
const LOOKAHEAD_MS = 120 * 24 * 3_600_000;
/** Her appointments in that time, at most: a full-time nurse has about 600. */
const MAX_CANDIDATES = 2_000;

/**
 * A nurse's monitoring capacity, start window or certifications (full new values of what is sent).
 * Her coming appointments that the new values no longer allow are flagged for re-planning and
 * listed; a change that only loosens (more capacity, a shorter window, a certification added)
 * affects nobody and reads none of them.
 */
@Injectable()
export class UpdateNurseUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(c: UpdateNurseCommand): Promise<UpdatedNurse> {
    if (c.capacity === undefined && c.startWindowMinutes === undefined && c.certifications === undefined)
      throw ProblemException.validation([{ field: 'capacity', reason: 'give capacity, startWindowMinutes or certifications' }]);
    return this.unitOfWork.run(async (tx) => {
      // Tightening flags her appointments for re-planning: the location's re-plan lock before the
      // nurse row and the appointments (replan-lock.ts).
      await lockReplans(tx, c.locationId);
      const [row] = (await tx.manager.query(
        `SELECT n.id FROM nurse n JOIN location l ON l.id = n.location_id
          WHERE n.id = $1 AND n.location_id = $2 AND l.organisation_id = $3 FOR UPDATE OF n`,
        [c.nurseId, c.locationId, c.organisationId],
      )) as unknown[];
      if (!row) throw ProblemException.notFound('Nurse', c.nurseId);
      const nurse = await tx.manager.findOneByOrFail(Nurse, { id: c.nurseId });
      if (c.expectedVersion !== undefined && c.expectedVersion !== nurse.version)
        throw ProblemException.conflict(
          'version-mismatch',
          `Nurse ${nurse.id} is at version ${nurse.version}, not ${c.expectedVersion}. Reload and try again.`,
          { currentVersion: nurse.version },
        );
      const next = {
        capacity: c.capacity ?? nurse.capacity,
        startWindowMinutes: c.startWindowMinutes ?? nurse.startWindowMinutes,
        certifications: c.certifications ? [...new Set(c.certifications)] : nurse.certifications,
      };
      const tightens =
        next.capacity < nurse.capacity ||
        next.startWindowMinutes > nurse.startWindowMinutes ||
        nurse.certifications.some((cert) => !next.certifications.includes(cert));
      const unchanged =
        !tightens &&
        next.capacity === nurse.capacity &&
        next.startWindowMinutes === nurse.startWindowMinutes &&
        next.certifications.every((cert) => nurse.certifications.includes(cert));
      let affectedAppointments: AffectedAppointment[] = [];
      if (!unchanged) {
        nurse.version += 1;
        nurse.shiftEvents += 1;
        await tx.manager.update(Nurse, { id: nurse.id }, { ...next, version: nurse.version, shiftEvents: nurse.shiftEvents });
        if (tightens) affectedAppointments = await this.flagOutOfFit(tx, c, next);
        await tx.publish(
          NurseUpdatedV1,
          {
            nurseId: nurse.id,
            locationId: c.locationId,
            ...next,
            version: nurse.version,
            affectedAppointmentIds: affectedAppointments.map((a) => a.appointmentId),
          },
          // Her events: registered (1), then one per shift event or update (shift_events counts them all).
          { aggregateId: nurse.id, aggregateSequence: nurse.shiftEvents + 1, locationId: c.locationId },
        );
      }
      return {
        nurseId: nurse.id,
        locationId: c.locationId,
        displayName: nurse.displayName,
        ...next,
        version: nurse.version,
        affectedAppointments,
      };
    });
  }

  private async flagOutOfFit(
    tx: Transaction,
    c: UpdateNurseCommand,
    next: { capacity: number; startWindowMinutes: number; certifications: Certification[] },
  ): Promise<AffectedAppointment[]> {
    const hers = await tx.manager
      .createQueryBuilder(Appointment, 'a')
      .where(`a.nurse_id = :nurse AND a.status IN ${HOLDS_TIME} AND a.ends_at > :now AND a.starts_at < :until`, {
        nurse: c.nurseId,
        now: c.now,
        until: new Date(c.now.getTime() + LOOKAHEAD_MS),
      })
      .orderBy('a.starts_at')
      .addOrderBy('a.id')
      .limit(MAX_CANDIDATES + 1)
      .setLock('pessimistic_write')
      .getMany();
    if (hers.length > MAX_CANDIDATES)
      throw ProblemException.conflict('too-many-affected', `The nurse has more than ${MAX_CANDIDATES} coming appointments.`);
    const therapies = await appointmentTherapies(tx, c.organisationId, hers);
    const ids = new Set(
      outOfFit(
        hers.map((a) => ({
          id: a.id,
          start: a.startsAt.getTime(),
          end: a.endsAt.getTime(),
          movable: (a.status === 'proposed' || a.status === 'booked') && a.startsAt >= c.now,
          certification: therapyOf(therapies, a).certification,
        })),
        next,
      ),
    );
    const affected = hers.filter((a) => ids.has(a.id));
    if (affected.length > MAX_AFFECTED)
      throw ProblemException.conflict(
        'too-many-affected',
        `The change reaches more than ${MAX_AFFECTED} appointments: make it in shorter steps.`,
        { limit: MAX_AFFECTED },
      );
    return flagForReplan(tx, affected, { now: c.now, cause: 'nurse_changed', causeId: c.nurseId });
  }
}
