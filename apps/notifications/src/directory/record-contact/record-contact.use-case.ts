import { Injectable } from '@nestjs/common';
import type { DataOf, PatientContactChangedV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { lockPatient } from '../../messages/patient-lock.js';
import { PlanBookingMessagesUseCase } from '../../messages/plan-booking-messages/plan-booking-messages.use-case.js';
import { WithdrawMessagesUseCase } from '../../messages/withdraw-messages/withdraw-messages.use-case.js';
import { defaultPreferences } from '../../planning/recipient.js';
import { projectContact } from '../directory.projector.js';

export interface RecordContactCommand {
  contact: DataOf<typeof PatientContactChangedV1>;
  /** The patient's contact version (the event's aggregate sequence): an older one arriving late changes nothing. */
  version: number;
  at: Date;
}

/**
 * A patient's contact details and preferences as scheduling last sent them. A patient heard of
 * for the first time gets what their upcoming bookings were waiting for; withdrawn consent or a
 * new opt-out applies to what is already scheduled, not only to what comes.
 */
@Injectable()
export class RecordContactUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly booking: PlanBookingMessagesUseCase,
    private readonly withdraw: WithdrawMessagesUseCase,
  ) {}

  execute(command: RecordContactCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { contact: d, version, at }: RecordContactCommand): Promise<void> {
    await lockPatient(tx, d.patientId);
    const preferences = d.preferences ?? defaultPreferences(d.preferredChannel);
    const inserted = await projectContact(tx.manager, d, preferences, version);
    if (inserted) await this.planWaitingBookings(tx, d.patientId, at);
    const withdrawn = (await tx.manager.query(
      `SELECT DISTINCT appointment_id FROM message WHERE patient_id = $1 AND status IN ('scheduled', 'retrying') AND (NOT $2 OR kind = ANY($3::text[]))`,
      [d.patientId, d.notificationConsent, preferences.optOutKinds],
    )) as Array<{ appointment_id: string }>;
    for (const { appointment_id } of withdrawn)
      await this.withdraw.inTransaction(tx, {
        appointmentId: appointment_id,
        because: 'opted-out',
        now: at,
        ...(d.notificationConsent ? { onlyKinds: preferences.optOutKinds } : {}),
      });
  }

  /** The patient's upcoming bookings, planned now that there is someone to tell. */
  private async planWaitingBookings(tx: Transaction, patientId: string, now: Date): Promise<void> {
    const upcoming = (await tx.manager.query(
      `SELECT appointment_id, location_id, starts_at, time_zone FROM directory_appointment
        WHERE patient_id = $1 AND status = 'booked' AND starts_at > $2 AND time_zone IS NOT NULL`,
      [patientId, now],
    )) as Array<{ appointment_id: string; location_id: string; starts_at: Date; time_zone: string }>;
    for (const u of upcoming)
      await this.booking.inTransaction(tx, {
        appointment: {
          appointmentId: u.appointment_id,
          patientId,
          locationId: u.location_id,
          startsAt: new Date(u.starts_at),
          timeZone: u.time_zone,
        },
        now,
      });
  }
}
