import { wallClock } from './local-time.js';
import type { EntityManager } from 'typeorm';
import { AppointmentHoldExpiredV1 } from '@chairside/contracts';
import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { Appointment, type AppointmentStatus } from './appointment.entity.js';

/** Which appointment a change is for, and the version (If-Match) the caller last saw. */
export interface AppointmentTarget {
  organisationId: string;
  locationId: string;
  appointmentId: string;
  expectedVersion?: number;
}

/**
 * Loads an appointment for a change: row-locked, in the caller's location, at the version the
 * caller last saw (If-Match), in a status the change may start from. 404, 409 otherwise.
 */
export async function lockForChange(
  manager: EntityManager,
  target: AppointmentTarget,
  allowedFrom: readonly AppointmentStatus[],
  change: string,
): Promise<{ appointment: Appointment; timeZone: string }> {
  const [location] = (await manager.query('SELECT time_zone FROM location WHERE id = $1 AND organisation_id = $2', [
    target.locationId,
    target.organisationId,
  ])) as Array<{ time_zone: string }>;
  const appointment =
    location &&
    (await manager.findOne(Appointment, {
      where: { id: target.appointmentId, locationId: target.locationId },
      lock: { mode: 'pessimistic_write' },
    }));
  if (!appointment) throw ProblemException.notFound('Appointment', target.appointmentId);
  if (target.expectedVersion !== undefined && target.expectedVersion !== appointment.version) {
    throw ProblemException.conflict(
      'version-mismatch',
      `Appointment ${appointment.id} is at version ${appointment.version}, not ${target.expectedVersion}. Reload and try again.`,
      { currentVersion: appointment.version },
    );
  }
  if (!allowedFrom.includes(appointment.status)) {
    throw ProblemException.conflict('invalid-transition', `An appointment that is ${appointment.status} cannot be ${change}.`, {
      currentStatus: appointment.status,
      allowedFrom,
    });
  }
  return { appointment, timeZone: location.time_zone };
}

/** The identifying part every appointment event repeats. */
export function appointmentRef(a: Appointment, timeZone: string) {
  return {
    appointmentId: a.id,
    locationId: a.locationId,
    patientId: a.patientId,
    therapyCode: a.therapyCode,
    chairId: a.chairId,
    nurseId: a.nurseId,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    timeZone,
    localStart: wallClock(a.startsAt, timeZone),
  };
}

/** A hold ends without a booking (released by staff, or lapsed): its time is free again. */
export async function endHold(tx: Transaction, appointment: Appointment, timeZone: string, now: Date): Promise<void> {
  appointment.status = 'cancelled';
  appointment.cancelledAt = now;
  appointment.cancellationReason = 'hold_expired';
  appointment.holdExpiresAt = null;
  appointment.version += 1;
  await tx.manager.save(appointment);
  await tx.publish(
    AppointmentHoldExpiredV1,
    { ...appointmentRef(appointment, timeZone), expiredAt: now.toISOString() },
    { aggregateId: appointment.id, aggregateSequence: appointment.version, locationId: appointment.locationId },
  );
}
