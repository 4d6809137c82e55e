import { Injectable } from '@nestjs/common';
import { PatientReplyReceivedV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { ChangeTextOptOutUseCase } from '../../opt-out/change-text-opt-out/change-text-opt-out.use-case.js';
import { ANSWERS, intentOf } from '../reply-intent.js';

export interface HandleReplyCommand {
  /** The patient's number. */
  from: string;
  body: string;
  receivedAt: Date;
}

interface LastSms {
  id: string;
  appointment_id: string;
  patient_id: string;
  location_id: string;
  language: 'en' | 'es';
}

/**
 * A patient's SMS reply, matched to the last text we sent that number. Confirming and asking to
 * reschedule go to scheduling as an event; STOP and START change whether this service texts the
 * number at all. Returns the answer to text back.
 */
@Injectable()
export class HandleReplyUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly optOut: ChangeTextOptOutUseCase,
  ) {}

  execute(command: HandleReplyCommand): Promise<string> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { from, body, receivedAt }: HandleReplyCommand): Promise<string> {
    const intent = intentOf(body);
    // Locked: two replies to one message are numbered one after the other.
    const [last] = (await tx.manager.query(
      `SELECT m.id, m.appointment_id, m.patient_id, m.location_id, c.language FROM message m JOIN directory_contact c ON c.patient_id = m.patient_id
        WHERE c.phone = $1 AND m.channel = 'sms' AND m.status IN ('sent', 'delivered') ORDER BY m.sent_at DESC LIMIT 1 FOR UPDATE OF m`,
      [from],
    )) as LastSms[];
    const language = last?.language ?? 'en';
    if (intent === 'stop' || intent === 'start')
      await this.optOut.inTransaction(tx, { phone: from, optedOut: intent === 'stop', at: receivedAt });
    if (last && intent && intent !== 'start') {
      const [{ sequence }] = (await tx.manager.query(
        `INSERT INTO sms_reply (id, appointment_id, message_id, intent, received_at, sequence)
         SELECT gen_random_uuid(), $1, $2, $3, $4, count(*) + 1 FROM sms_reply WHERE appointment_id = $1 RETURNING sequence`,
        [last.appointment_id, last.id, intent, receivedAt],
      )) as [{ sequence: number }];
      await tx.publish(
        PatientReplyReceivedV1,
        {
          appointmentId: last.appointment_id,
          patientId: last.patient_id,
          locationId: last.location_id,
          intent,
          receivedAt: receivedAt.toISOString(),
          inReplyToMessageId: last.id,
        },
        { aggregateId: last.appointment_id, aggregateSequence: sequence, locationId: last.location_id },
      );
    }
    return ANSWERS[language][intent ?? 'unknown'];
  }
}
