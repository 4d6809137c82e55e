import { Injectable } from '@nestjs/common';
import { NotificationDeliveredV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { firstReceipt } from '../../replies/webhook-receipt.js';

export interface RecordDeliveryCommand {
  /** The provider's id of the message we sent. */
  providerMessageId: string;
  /** The provider's status; only "delivered" changes anything. */
  status: string;
  at: Date;
}

/**
 * The SMS provider's status callback: a sent message reached the handset. A replayed callback
 * finds its receipt and changes nothing (the state check alone would also hold; the receipt makes
 * every webhook refuse replays the same way).
 */
@Injectable()
export class RecordDeliveryUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute(command: RecordDeliveryCommand): Promise<void> {
    if (command.status !== 'delivered') return;
    await this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { providerMessageId, status, at }: RecordDeliveryCommand): Promise<void> {
    if (status !== 'delivered') return;
    if (!(await firstReceipt(tx, providerMessageId, `status:${status}`, at))) return;
    const [m] = (await tx.manager.query(
      `UPDATE message SET status = 'delivered', delivered_at = $2, updated_at = now() WHERE provider_message_id = $1 AND status = 'sent'
       RETURNING id, appointment_id, patient_id, location_id, kind, channel, occurrence, offset_hours, attempts`,
      [providerMessageId, at],
    )) as [
      Array<{
        id: string;
        appointment_id: string;
        patient_id: string;
        location_id: string;
        kind: never;
        channel: never;
        occurrence: Date;
        offset_hours: number | null;
        attempts: number;
      }>,
      number,
    ];
    const row = m[0];
    if (!row) return;
    await tx.publish(
      NotificationDeliveredV1,
      {
        messageId: row.id,
        appointmentId: row.appointment_id,
        patientId: row.patient_id,
        locationId: row.location_id,
        kind: row.kind,
        channel: row.channel,
        occurrence: new Date(row.occurrence).toISOString(),
        ...(row.offset_hours ? { offsetHours: row.offset_hours } : {}),
        deliveredAt: at.toISOString(),
      },
      { aggregateId: row.id, aggregateSequence: row.attempts + 2, locationId: row.location_id },
    );
  }
}
