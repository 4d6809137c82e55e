import { Injectable } from '@nestjs/common';
import { EmailBouncedV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { firstReceipt } from '../../replies/webhook-receipt.js';
import { emailAddressHash } from '../email-address-hash.js';

export interface RecordEmailProblemCommand {
  /** The signed, single-use token of the provider's request: a replay finds its receipt. */
  token: string;
  problem: 'bounce' | 'complaint';
  /** The address the provider reported on, as it gave it. */
  address: string;
  /** Our message's id, from the Message-ID the provider reports (`<id>@notifications.chairside`). */
  messageId?: string;
  code?: string;
  reportedAt: Date;
}

export type EmailProblemOutcome = 'recorded' | 'replayed';

/**
 * A permanent bounce or a complaint: the address is suppressed (the dispatcher sends no more email
 * to it and texts take over), and `notifications.email.bounced` gives the center a work-queue item
 * about the patient the email was for. The email is our row named by the Message-ID, or else the
 * last email sent to that address; with neither, only the suppression is kept.
 */
@Injectable()
export class RecordEmailProblemUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: RecordEmailProblemCommand): Promise<EmailProblemOutcome> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, c: RecordEmailProblemCommand): Promise<EmailProblemOutcome> {
    if (!(await firstReceipt(tx, c.token, `email:${c.problem}`, c.reportedAt))) return 'replayed';
    await tx.manager.query(
      `INSERT INTO email_suppression (address_hash, problem, code, suppressed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (address_hash) DO UPDATE SET problem = EXCLUDED.problem, code = EXCLUDED.code, suppressed_at = EXCLUDED.suppressed_at`,
      [emailAddressHash(c.address), c.problem, c.code ?? null, c.reportedAt],
    );
    const [message] = (await tx.manager.query(
      `SELECT m.id, m.appointment_id, m.patient_id, m.location_id, m.attempts FROM message m
        WHERE m.channel = 'email' AND m.status IN ('sent', 'delivered', 'sending')
          AND (m.id = $1 OR ($1::uuid IS NULL AND m.patient_id IN (SELECT patient_id FROM directory_contact WHERE lower(email) = lower($2))))
        ORDER BY m.sent_at DESC NULLS LAST LIMIT 1`,
      [c.messageId ?? null, c.address.trim()],
    )) as Array<{ id: string; appointment_id: string; patient_id: string; location_id: string; attempts: number }>;
    if (!message) return 'recorded';
    await tx.publish(
      EmailBouncedV1,
      {
        messageId: message.id,
        appointmentId: message.appointment_id,
        patientId: message.patient_id,
        locationId: message.location_id,
        problem: c.problem,
        ...(c.code ? { code: c.code } : {}),
        reportedAt: c.reportedAt.toISOString(),
      },
      // After the message's sent (attempts + 1) and delivered (+ 2) events.
      {
        aggregateId: message.id,
        aggregateSequence: message.attempts + (c.problem === 'bounce' ? 3 : 4),
        locationId: message.location_id,
      },
    );
    return 'recorded';
  }
}
