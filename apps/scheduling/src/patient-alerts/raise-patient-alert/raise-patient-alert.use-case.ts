import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { PatientAlert, type PatientAlertKind } from '../patient-alert.entity.js';

export interface RaisePatientAlertCommand {
  /** The id of the notifications event that raised it: a redelivery finds the row. */
  id: string;
  locationId: string;
  patientId: string;
  appointmentId: string;
  kind: PatientAlertKind;
  /** A failed message: the message (`message-failed`). */
  messageId?: string;
  detail: string;
  raisedAt: Date;
}

/**
 * Puts what a patient's messages raised on the center's work queues (`follow-up-alerts`,
 * `email-problems`, `failed-messages`): an item until someone resolves it. It changes no appointment, so it
 * publishes nothing; resolving it is ResolveWorkItem's, like every queue.
 */
@Injectable()
export class RaisePatientAlertUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: RaisePatientAlertCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, c: RaisePatientAlertCommand): Promise<void> {
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(PatientAlert)
      .values({
        id: c.id,
        locationId: c.locationId,
        patientId: c.patientId,
        appointmentId: c.appointmentId,
        kind: c.kind,
        messageId: c.messageId ?? null,
        detail: c.detail,
        raisedAt: c.raisedAt,
      })
      .orIgnore()
      .execute();
  }
}
