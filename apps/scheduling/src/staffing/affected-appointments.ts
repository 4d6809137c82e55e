import { AppointmentNeedsReplanV1, type REPLAN_CAUSES } from '@chairside/contracts';
import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { Appointment, HOLDS_TIME } from '../appointments/appointment.entity.js';
import { appointmentRef } from '../appointments/appointment-changes.js';

export interface AffectedAppointment {
  appointmentId: string;
  patientId: string;
  status: string;
  startsAt: string;
  endsAt: string;
  chairId: string;
  nurseId: string;
}

/**
 * A nurse's appointments (holding time) that a change of her shift leaves without her, flagged
 * at risk and published as appointment.needs-replan, each a new version: they stay booked, the
 * charge nurse re-plans them. `stillFits` says which ones the new shift still covers.
 */
export async function flagNurseAppointments(
  tx: Transaction,
  p: {
    nurseId: string;
    from: Date;
    to: Date;
    now: Date;
    cause: (typeof REPLAN_CAUSES)[number];
    causeId: string;
    stillFits?: (a: Appointment) => boolean;
  },
): Promise<AffectedAppointment[]> {
  const candidates = await tx.manager
    .createQueryBuilder(Appointment, 'a')
    .where(`a.nurse_id = :nurse AND a.status IN ${HOLDS_TIME} AND a.starts_at < :to AND a.ends_at > :from`, {
      nurse: p.nurseId,
      from: p.from,
      to: p.to,
    })
    .orderBy('a.starts_at')
    .addOrderBy('a.id')
    .setLock('pessimistic_write')
    .getMany();
  return flagForReplan(
    tx,
    candidates.filter((a) => !p.stillFits?.(a)),
    p,
  );
}

/**
 * One resource change flags at most this many appointments (a location's busy day and more): a
 * change that reaches further is refused (409) rather than made unbounded, to be made in steps.
 */
export const MAX_AFFECTED = 200;

/**
 * Locks the appointments holding time that match `where` (over alias `a`), in start order, for a
 * resource change to flag; more than MAX_AFFECTED is a 409.
 */
export async function lockAffected(tx: Transaction, where: string, parameters: Record<string, unknown>): Promise<Appointment[]> {
  const found = await tx.manager
    .createQueryBuilder(Appointment, 'a')
    .where(`a.status IN ${HOLDS_TIME} AND ${where}`, parameters)
    .orderBy('a.starts_at')
    .addOrderBy('a.id')
    .limit(MAX_AFFECTED + 1)
    .setLock('pessimistic_write')
    .getMany();
  if (found.length > MAX_AFFECTED)
    throw ProblemException.conflict(
      'too-many-affected',
      `The change reaches more than ${MAX_AFFECTED} appointments: make it in shorter steps.`,
      { limit: MAX_AFFECTED },
    );
  return found;
}

/**
 * Flags the appointments at risk and publishes appointment.needs-replan for each (a new version):
 * they stay booked, and the re-plan proposes a way out for each one (the reactions consumer).
 */
export async function flagForReplan(
  tx: Transaction,
  affected: Appointment[],
  p: { now: Date; cause: (typeof REPLAN_CAUSES)[number]; causeId: string },
): Promise<AffectedAppointment[]> {
  if (!affected.length) return [];
  const [{ time_zone: zone }] = (await tx.manager.query('SELECT time_zone FROM location WHERE id = $1', [
    affected[0]!.locationId,
  ])) as [{ time_zone: string }];
  for (const appointment of affected) {
    appointment.atRiskSince ??= p.now;
    appointment.version += 1;
    await tx.manager.save(appointment);
    await tx.publish(
      AppointmentNeedsReplanV1,
      { ...appointmentRef(appointment, zone), cause: p.cause, causeId: p.causeId, detectedAt: p.now.toISOString() },
      { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
    );
  }
  return affected.map((a) => ({
    appointmentId: a.id,
    patientId: a.patientId,
    status: a.status,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    chairId: a.chairId,
    nurseId: a.nurseId,
  }));
}
