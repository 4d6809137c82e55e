import { Injectable } from '@nestjs/common';
import { NotificationSuppressedV1 } from '@chairside/contracts';
import type { Channel } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { type AppointmentFacts, PlanMessagesUseCase } from '../plan-messages/plan-messages.use-case.js';

export interface PlanBackOnTimeNoticeCommand {
  appointment: AppointmentFacts;
  now: Date;
}

/**
 * The delay cleared (scheduling's `appointment.delay-cleared`): a delay notice still waiting is
 * not sent (suppressed: the appointment changed), and a patient who was told of the delay is told
 * the visit is back on time, at once (good news is not held back by the delay notices' spacing).
 * A patient who was never told hears nothing.
 */
@Injectable()
export class PlanBackOnTimeNoticeUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly messages: PlanMessagesUseCase,
  ) {}

  execute(command: PlanBackOnTimeNoticeCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { appointment: a, now }: PlanBackOnTimeNoticeCommand): Promise<void> {
    const withdrawn = (await tx.manager.query(
      `UPDATE message SET status = 'suppressed', reason = 'appointment-changed', lease_until = NULL, updated_at = now()
        WHERE appointment_id = $1 AND occurrence = $2 AND kind = 'delay' AND status IN ('scheduled', 'retrying')
        RETURNING id, channel, attempts`,
      [a.appointmentId, a.startsAt],
    )) as [Array<{ id: string; channel: Channel; attempts: number }>, number];
    for (const m of withdrawn[0])
      await tx.publish(
        NotificationSuppressedV1,
        {
          messageId: m.id,
          appointmentId: a.appointmentId,
          patientId: a.patientId,
          locationId: a.locationId,
          kind: 'delay',
          channel: m.channel,
          occurrence: a.startsAt.toISOString(),
          reason: 'appointment-changed',
          suppressedAt: now.toISOString(),
        },
        { aggregateId: m.id, aggregateSequence: m.attempts + 1, locationId: a.locationId },
      );
    // Told of a delay since the last "back on time" (if any)?
    const [last] = (await tx.manager.query(
      `SELECT kind FROM message
        WHERE appointment_id = $1 AND occurrence = $2 AND fallback_for IS NULL
          AND ((kind = 'delay' AND status IN ('sending', 'sent', 'delivered'))
            OR (kind = 'back-on-time' AND status NOT IN ('cancelled', 'suppressed')))
        ORDER BY created_at DESC LIMIT 1`,
      [a.appointmentId, a.startsAt],
    )) as Array<{ kind: string }>;
    if (last?.kind !== 'delay') return;
    const [{ n: planned }] = (await tx.manager.query(
      `SELECT count(DISTINCT regexp_replace(idempotency_key, ':[a-z]+$', ''))::int AS n FROM message
        WHERE appointment_id = $1 AND occurrence = $2 AND kind = 'back-on-time'`,
      [a.appointmentId, a.startsAt],
    )) as [{ n: number }];
    await this.messages.inTransaction(tx, {
      appointment: a,
      messages: [{ kind: 'back-on-time', wanted: now, latest: a.startsAt, ...(planned ? { serial: planned + 1 } : {}) }],
      now,
    });
  }
}
