import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NotificationFailedV1, NotificationResentV1, NotificationSentV1, NotificationSuppressedV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import type { Channel } from '@chairside/domain';
import { Message } from '../messages/message.entity.js';
import { idempotencyKey } from '../messages/idempotency-key.js';

/** The patient's quiet hours: an instant, or the end of the quiet window it falls in. */
export type QuietShift = (at: number) => number;

export type Outcome = 'sent' | 'retrying' | 'deferred' | 'failed' | 'suppressed' | 'cancelled';
export type SuppressionReason = 'no-consent' | 'opted-out' | 'no-contact' | 'appointment-changed' | 'quiet-hours';

/**
 * Record the outcome of a claim: each only if the row is still this claim's (`status = 'sending'`),
 * and with its event in the same transaction, so a message is recorded as sent exactly once.
 */
@Injectable()
export class RecordOutcome {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async sent(m: Message, providerMessageId: string, now: Date): Promise<Outcome> {
    await this.unitOfWork.run(async (tx) => {
      const updated = (await tx.manager.query(
        `UPDATE message SET status = 'sent', provider_message_id = $2, sent_at = $3, lease_until = NULL, reason = NULL, updated_at = now() WHERE id = $1 AND status = 'sending' RETURNING id`,
        [m.id, providerMessageId, now],
      )) as [unknown[], number];
      if (!updated[0].length) return;
      await tx.publish(
        NotificationSentV1,
        { ...ref(m), sentAt: now.toISOString(), attempts: m.attempts, fallback: m.fallbackFor !== null },
        { aggregateId: m.id, aggregateSequence: m.attempts + 1, locationId: m.locationId },
      );
      // A resend that went through: the center's failed-messages item closes (scheduling).
      if (m.resends > 0 && m.resentBy)
        await tx.publish(
          NotificationResentV1,
          { ...ref(m), sentAt: now.toISOString(), resends: m.resends, resentBy: m.resentBy },
          { aggregateId: m.id, aggregateSequence: m.resends, locationId: m.locationId },
        );
    });
    return 'sent';
  }

  /**
   * Exponential backoff with jitter: base, 2×, 4×… capped at an hour; `quiet` moves a retry that
   * would fall in the patient's quiet hours to their end.
   */
  async retry(
    m: Message,
    reason: string,
    now: Date,
    backoffMs: number,
    quiet: QuietShift = (t) => t,
    inDoubt = false,
  ): Promise<Outcome> {
    const delay =
      Math.min(3_600_000, backoffMs * 2 ** Math.max(0, m.attempts - m.attemptsAtResend - 1)) * (0.8 + Math.random() * 0.4);
    // In doubt (the provider may have taken it): counted as a lapsed claim, so a row that is later
    // withdrawn or suppressed before its retry reaches the provider still says the patient may have it.
    await this.dataSource.query(
      `UPDATE message SET status = 'retrying', due_at = $2, reason = $3, lease_until = NULL, lapsed_claims = lapsed_claims + $4, updated_at = now()
        WHERE id = $1 AND status = 'sending'`,
      [m.id, new Date(quiet(now.getTime() + delay)), reason, inDoubt ? 1 : 0],
    );
    return 'retrying';
  }

  /**
   * Not now: the patient's quiet hours began after it was planned (or it is sent late). Back to
   * waiting until `until`, as it was before this claim; a claim that sent nothing is no attempt.
   */
  async deferred(m: Message, until: Date): Promise<Outcome> {
    await this.dataSource.query(
      `UPDATE message SET status = CASE WHEN attempts - attempts_at_resend > 1 THEN 'retrying' ELSE 'scheduled' END, attempts = attempts - 1,
              due_at = $2, lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'sending'`,
      [m.id, until],
    );
    return 'deferred';
  }

  async suppressed(m: Message, reason: SuppressionReason, now: Date): Promise<Outcome> {
    await this.unitOfWork.run(async (tx) => {
      const updated = (await tx.manager.query(
        `UPDATE message SET status = 'suppressed', reason = $2, lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'sending' RETURNING id`,
        [m.id, reason],
      )) as [unknown[], number];
      if (updated[0].length)
        await tx.publish(
          NotificationSuppressedV1,
          { ...ref(m), reason, suppressedAt: now.toISOString() },
          { aggregateId: m.id, aggregateSequence: m.attempts + 1, locationId: m.locationId },
        );
    });
    return 'suppressed';
  }

  /** The last attempt failed: keep the row as failed, with its error, and schedule the patient's next channel. */
  async failed(
    m: Message,
    error: string,
    now: Date,
    fallback: Channel | undefined,
    quiet: QuietShift = (t) => t,
    inDoubt = false,
  ): Promise<Outcome> {
    await this.unitOfWork.run(async (tx) => {
      const updated = (await tx.manager.query(
        `UPDATE message SET status = 'failed', reason = $2, lease_until = NULL, lapsed_claims = lapsed_claims + $3, updated_at = now()
          WHERE id = $1 AND status = 'sending' RETURNING id`,
        [m.id, error, inDoubt ? 1 : 0],
      )) as [unknown[], number];
      if (!updated[0].length) return;
      let fallbackId: string | undefined;
      if (fallback) {
        const id = randomUUID();
        const inserted = (
          await tx.manager
            .createQueryBuilder()
            .insert()
            .into(Message)
            .values({
              id,
              idempotencyKey: idempotencyKey(m.appointmentId, m.occurrence, m.kind, fallback, m.offsetHours),
              appointmentId: m.appointmentId,
              patientId: m.patientId,
              locationId: m.locationId,
              kind: m.kind,
              occurrence: m.occurrence,
              offsetHours: m.offsetHours,
              channel: fallback,
              status: 'scheduled',
              dueAt: new Date(quiet(now.getTime())),
              details: m.details,
              fallbackFor: m.id,
            })
            .orIgnore()
            .execute()
        ).raw as unknown[];
        if (inserted.length) fallbackId = id;
      }
      await tx.publish(
        NotificationFailedV1,
        {
          ...ref(m),
          failedAt: now.toISOString(),
          attempts: m.attempts,
          error,
          ...(fallbackId ? { fallbackMessageId: fallbackId } : {}),
        },
        { aggregateId: m.id, aggregateSequence: m.attempts + 1, locationId: m.locationId },
      );
    });
    return 'failed';
  }
}

function ref(m: Message) {
  return {
    messageId: m.id,
    appointmentId: m.appointmentId,
    patientId: m.patientId,
    locationId: m.locationId,
    kind: m.kind,
    channel: m.channel,
    occurrence: m.occurrence.toISOString(),
    ...(m.offsetHours ? { offsetHours: m.offsetHours } : {}),
  };
}
