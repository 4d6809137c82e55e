import { Injectable } from '@nestjs/common';
import { NotificationCancelledV1 } from '@chairside/contracts';
import type { Channel, NotificationKind } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';

export interface WithdrawMessagesCommand {
  appointmentId: string;
  because: 'rescheduled' | 'cancelled' | 'no-show' | 'opted-out';
  now: Date;
  /** Only these kinds (an opt-out of some kinds); all when absent. */
  onlyKinds?: NotificationKind[];
}

/** Withdraws what is still waiting for an appointment (its old time, when it moved); returns how many. */
@Injectable()
export class WithdrawMessagesUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: WithdrawMessagesCommand): Promise<number> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { appointmentId, because, now, onlyKinds }: WithdrawMessagesCommand): Promise<number> {
    const withdrawn = (await tx.manager.query(
      `UPDATE message SET status = 'cancelled', reason = $2, lease_until = NULL, updated_at = now()
        WHERE appointment_id = $1 AND status IN ('scheduled', 'retrying') AND ($3::text[] IS NULL OR kind = ANY($3::text[]))
        RETURNING id, patient_id, location_id, kind, channel, occurrence, offset_hours`,
      [appointmentId, because, onlyKinds ?? null],
    )) as [
      Array<{
        id: string;
        patient_id: string;
        location_id: string;
        kind: NotificationKind;
        channel: Channel;
        occurrence: Date;
        offset_hours: number | null;
      }>,
      number,
    ];
    const rows = withdrawn[0];
    for (const r of rows) {
      await tx.publish(
        NotificationCancelledV1,
        {
          messageId: r.id,
          appointmentId,
          patientId: r.patient_id,
          locationId: r.location_id,
          kind: r.kind,
          channel: r.channel,
          occurrence: new Date(r.occurrence).toISOString(),
          ...(r.offset_hours ? { offsetHours: r.offset_hours } : {}),
          cancelledAt: now.toISOString(),
          because,
        },
        { aggregateId: r.id, aggregateSequence: 2, locationId: r.location_id },
      );
    }
    return rows.length;
  }
}
