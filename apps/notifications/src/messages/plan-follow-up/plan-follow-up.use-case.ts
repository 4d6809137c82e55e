import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { markAppointment } from '../../directory/directory.projector.js';
import { PlanMessagesUseCase } from '../plan-messages/plan-messages.use-case.js';
import { DAY } from '@chairside/domain';

export interface PlanFollowUpCommand {
  appointmentId: string;
  patientId: string;
  locationId: string;
  dischargedAt: Date;
  /** As the nurse recorded it at discharge. */
  mayDrive?: boolean;
  /** What the nurse typed for the patient at discharge. */
  instructions?: string;
  now: Date;
}

/**
 * The patient went home: the same day, what to do at home (the nurse's own instructions, the
 * therapy's standard advice, and whether the nurse cleared them to drive), in their language; the
 * next day, how are you, and whom to call.
 */
@Injectable()
export class PlanFollowUpUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly messages: PlanMessagesUseCase,
  ) {}

  execute(command: PlanFollowUpCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, c: PlanFollowUpCommand): Promise<void> {
    const [copy] = (await tx.manager.query(
      `SELECT starts_at, time_zone FROM directory_appointment WHERE appointment_id = $1 AND time_zone IS NOT NULL`,
      [c.appointmentId],
    )) as Array<{ starts_at: Date; time_zone: string }>;
    if (!copy) return;
    await markAppointment(tx.manager, c.appointmentId, 'fulfilled');
    const { wanted, latest } = followUpAt(c.dischargedAt, copy.time_zone);
    await this.messages.inTransaction(tx, {
      appointment: {
        appointmentId: c.appointmentId,
        patientId: c.patientId,
        locationId: c.locationId,
        startsAt: new Date(copy.starts_at),
        timeZone: copy.time_zone,
      },
      messages: [
        {
          kind: 'discharge',
          wanted: c.now,
          latest: endOfDay(c.dischargedAt, copy.time_zone),
          details: {
            ...(c.mayDrive !== undefined ? { mayDrive: c.mayDrive } : {}),
            ...(c.instructions ? { instructions: c.instructions } : {}),
          },
        },
        { kind: 'follow-up', wanted, latest },
      ],
      now: c.now,
    });
  }
}

/** The day after the visit, at 10:00 at the center. */
export function followUpAt(dischargedAt: Date, zone: string): { wanted: Date; latest: Date } {
  const wanted = DateTime.fromJSDate(dischargedAt, { zone })
    .plus({ days: 1 })
    .set({ hour: 10, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
  return { wanted, latest: new Date(wanted.getTime() + 2 * DAY) };
}

/** The end of the discharge day at the center: discharge advice later than that is stale. */
export function endOfDay(at: Date, zone: string): Date {
  return DateTime.fromJSDate(at, { zone }).endOf('day').toJSDate();
}
