import { AppointmentNeedsReplanV1, AppointmentReplanWithdrawnV1, type REPLAN_CAUSES } from '@chairside/contracts';
import type { Certification } from '@chairside/domain';
import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { Appointment, HOLDS_TIME } from '../appointments/appointment.entity.js';
import { appointmentRef } from '../appointments/appointment-changes.js';
import { appointmentTherapies, therapyOf } from './appointment-therapies.js';
import { outOfFit } from './update-nurse/nurse-fit.js';

export interface AffectedAppointment {
  appointmentId: string;
  patientId: string;
  status: string;
  startsAt: string;
  endsAt: string;
  chairId: string;
  nurseId: string;
}

/** An appointment as the answer that flagged or un-flagged it lists it. */
function toAffected(a: Appointment): AffectedAppointment {
  return {
    appointmentId: a.id,
    patientId: a.patientId,
    status: a.status,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    chairId: a.chairId,
    nurseId: a.nurseId,
  };
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
  return affected.map(toAffected);
}

/**
 * A closure or a chair outage was taken back (removed, cancelled): the appointments in its time
 * that are still flagged at risk by a resource change (not by an overrun, which ClearDelay
 * handles) and that nothing else still disturbs leave the at-risk queue, each a new version with
 * scheduling.appointment.replan-withdrawn, and their open proposals for that cause are superseded.
 * "Nothing else" is checked, not assumed: another closure, a live outage of its chair, its chair
 * retired, its nurse without a shift covering it, its nurse no longer fitting it (her certifications,
 * start window or capacity, as a nurse edit judges them: nurseMisfits), or an open proposal for
 * another resource cause keep it flagged. The nurse is checked, not only her open proposals: the
 * re-plan proposes nothing for an appointment it cannot place, and such an appointment must stay
 * in the at-risk queue. Call after the closure or outage is gone or changed.
 */
export async function unflagWithdrawn(
  tx: Transaction,
  where: string,
  parameters: Record<string, unknown>,
  p: { now: Date; cause: 'chair_outage' | 'location_closure'; causeId: string },
): Promise<AffectedAppointment[]> {
  const flagged = await lockAffected(
    tx,
    `a.at_risk_since IS NOT NULL AND a.at_risk_from IS NULL AND a.ends_at > :now AND ${where}`,
    {
      ...parameters,
      now: p.now,
    },
  );
  if (!flagged.length) return [];
  const stillDisturbed = new Set(
    (
      (await tx.manager.query(
        `SELECT a.id FROM appointment a JOIN chair c ON c.id = a.chair_id
          WHERE a.id = ANY($1::uuid[]) AND (
            c.retired_at IS NOT NULL
            OR EXISTS (SELECT 1 FROM location_closure k WHERE k.location_id = a.location_id AND k.starts_at < a.ends_at AND k.ends_at > a.starts_at)
            OR EXISTS (SELECT 1 FROM chair_outage o WHERE o.chair_id = a.chair_id AND o.cancelled_at IS NULL
                         AND o.starts_at < a.chair_released_at AND o.ends_at > a.starts_at)
            OR NOT EXISTS (SELECT 1 FROM nurse_shift s WHERE s.nurse_id = a.nurse_id AND s.starts_at <= a.starts_at AND s.ends_at >= a.ends_at)
            OR EXISTS (SELECT 1 FROM replan_proposal r WHERE r.appointment_id = a.id AND r.status = 'open'
                         AND r.cause_id <> $2 AND r.cause <> 'session_overrun'))`,
        [flagged.map((a) => a.id), p.causeId],
      )) as Array<{ id: string }>
    ).map((r) => r.id),
  );
  const candidates = flagged.filter((a) => !stillDisturbed.has(a.id));
  const misfits = await nurseMisfits(tx, candidates, p.now);
  const withdrawn = candidates.filter((a) => !misfits.has(a.id));
  if (!withdrawn.length) return [];
  const [{ time_zone: zone }] = (await tx.manager.query('SELECT time_zone FROM location WHERE id = $1', [
    withdrawn[0]!.locationId,
  ])) as [{ time_zone: string }];
  for (const appointment of withdrawn) {
    appointment.atRiskSince = null;
    appointment.version += 1;
    await tx.manager.save(appointment);
    await tx.publish(
      AppointmentReplanWithdrawnV1,
      { ...appointmentRef(appointment, zone), cause: p.cause, causeId: p.causeId, withdrawnAt: p.now.toISOString() },
      { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
    );
  }
  // Proposed against the old version, they could no longer be applied anyway; superseded, they leave the queue.
  await tx.manager.query(
    `UPDATE replan_proposal SET status = 'superseded', version = version + 1, decided_at = $3
      WHERE appointment_id = ANY($1::uuid[]) AND cause_id = $2 AND status = 'open'`,
    [withdrawn.map((a) => a.id), p.causeId, p.now],
  );
  return withdrawn.map(toAffected);
}

/** How far around the appointments a nurse's other ones are read: a stay is far shorter. */
const NURSE_CONTEXT_MS = 24 * 3_600_000;

/**
 * The appointments (of `candidates`) that their nurse, as she is now, does not fit: judged by
 * outOfFit over her appointments around them, as a nurse edit flags them (a certification she
 * lacks, a start inside another's start window, more at once than her capacity).
 */
async function nurseMisfits(tx: Transaction, candidates: Appointment[], now: Date): Promise<Set<string>> {
  if (!candidates.length) return new Set();
  const nurses = (await tx.manager.query(
    `SELECT n.id, n.capacity, n.start_window_minutes, n.certifications, l.organisation_id
       FROM nurse n JOIN location l ON l.id = n.location_id WHERE n.id = ANY($1::uuid[])`,
    [[...new Set(candidates.map((a) => a.nurseId))]],
  )) as Array<{
    id: string;
    capacity: number;
    start_window_minutes: number;
    certifications: Certification[];
    organisation_id: string;
  }>;
  if (!nurses.length) return new Set();
  const from = new Date(Math.min(...candidates.map((a) => a.startsAt.getTime())) - NURSE_CONTEXT_MS);
  const to = new Date(Math.max(...candidates.map((a) => a.endsAt.getTime())) + NURSE_CONTEXT_MS);
  const theirs = await tx.manager
    .createQueryBuilder(Appointment, 'a')
    .where(`a.nurse_id IN (:...nurses) AND a.status IN ${HOLDS_TIME} AND a.starts_at < :to AND a.ends_at > :from`, {
      nurses: nurses.map((n) => n.id),
      from,
      to,
    })
    .getMany();
  const therapies = await appointmentTherapies(tx, nurses[0]!.organisation_id, theirs);
  const wanted = new Set(candidates.map((a) => a.id));
  const misfits = new Set<string>();
  for (const nurse of nurses) {
    const out = outOfFit(
      theirs
        .filter((a) => a.nurseId === nurse.id)
        .map((a) => ({
          id: a.id,
          start: a.startsAt.getTime(),
          end: a.endsAt.getTime(),
          movable: (a.status === 'proposed' || a.status === 'booked') && a.startsAt >= now,
          certification: therapyOf(therapies, a).certification,
        })),
      { capacity: nurse.capacity, startWindowMinutes: nurse.start_window_minutes, certifications: nurse.certifications },
    );
    for (const id of out) if (wanted.has(id)) misfits.add(id);
  }
  return misfits;
}
