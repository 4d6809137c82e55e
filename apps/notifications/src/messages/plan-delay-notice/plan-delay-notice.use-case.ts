import { Injectable } from '@nestjs/common';
import { MINUTE } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { type AppointmentFacts, PlanMessagesUseCase } from '../plan-messages/plan-messages.use-case.js';

export interface PlanDelayNoticeCommand {
  appointment: AppointmentFacts;
  delayMinutes: number;
  projectedStartsAt: string;
  now: Date;
}

/** A new notice only when the delay grew by this much since the last one the patient got. */
export const DELAY_GROWTH_MINUTES = 15;
/** Never two delay notices closer than this. */
export const DELAY_NOTICE_SPACING_MS = 30 * MINUTE;

interface LastNotice {
  kind: 'delay' | 'back-on-time';
  due_at: Date;
  sent_at: Date | null;
  delay: number | null;
}

/**
 * A session before this appointment overruns: tell the patient, before they leave home if
 * possible, and tell them again when the delay grows by 15 minutes or more, at most one notice
 * per 30 minutes. A notice not yet sent is brought up to date instead of adding another. After a
 * "back on time" notice a new delay is news again, told as a first one (30 minutes after it at
 * the earliest). A moved appointment is a new occurrence: its delays start afresh.
 */
@Injectable()
export class PlanDelayNoticeUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly messages: PlanMessagesUseCase,
  ) {}

  execute(command: PlanDelayNoticeCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(
    tx: Transaction,
    { appointment: a, delayMinutes, projectedStartsAt, now }: PlanDelayNoticeCommand,
  ): Promise<void> {
    const details = { delayMinutes, projectedStartsAt };
    // Not sent yet: it will say the latest, not an older figure.
    const pending = (await tx.manager.query(
      `UPDATE message SET details = $3, updated_at = now()
        WHERE appointment_id = $1 AND occurrence = $2 AND kind = 'delay' AND status IN ('scheduled', 'retrying') RETURNING id`,
      [a.appointmentId, a.startsAt, JSON.stringify(details)],
    )) as [unknown[], number];
    if (pending[0].length) return;
    // The last word on this delay: a delay notice (also one the patient's settings suppressed or
    // the provider refused, so each slip of a few minutes does not plan another), or a "back on
    // time" notice. A delay notice withdrawn because the delay cleared says nothing any more.
    const [last] = (await tx.manager.query(
      `SELECT kind, due_at, sent_at, (details->>'delayMinutes')::int AS delay
         FROM message
        WHERE appointment_id = $1 AND occurrence = $2 AND fallback_for IS NULL
          AND ((kind = 'delay' AND status IN ('sending', 'sent', 'delivered', 'failed', 'suppressed')
                AND reason IS DISTINCT FROM 'appointment-changed')
            OR (kind = 'back-on-time' AND status IN ('scheduled', 'retrying', 'sending', 'sent', 'delivered')))
        ORDER BY created_at DESC, due_at DESC LIMIT 1`,
      [a.appointmentId, a.startsAt],
    )) as LastNotice[];
    if (last?.kind === 'delay' && delayMinutes - (last.delay ?? 0) < DELAY_GROWTH_MINUTES) return;
    const planned = await this.countNotices(tx, a);
    const previous = last ? new Date(last.sent_at ?? last.due_at).getTime() : undefined;
    await this.messages.inTransaction(tx, {
      appointment: a,
      messages: [
        {
          kind: 'delay',
          wanted: new Date(previous === undefined ? now.getTime() : Math.max(now.getTime(), previous + DELAY_NOTICE_SPACING_MS)),
          latest: a.startsAt,
          details,
          // Earlier notices of this start, even ones never sent, hold the first keys.
          ...(planned ? { serial: planned + 1 } : {}),
        },
      ],
      now,
    });
  }

  /** Delay notices planned so far for this start (one per serial, whatever the channels). */
  private async countNotices(tx: Transaction, a: AppointmentFacts): Promise<number> {
    const [{ n }] = (await tx.manager.query(
      `SELECT count(DISTINCT regexp_replace(idempotency_key, ':[a-z]+$', ''))::int AS n FROM message
        WHERE appointment_id = $1 AND occurrence = $2 AND kind = 'delay'`,
      [a.appointmentId, a.startsAt],
    )) as [{ n: number }];
    return n;
  }
}
