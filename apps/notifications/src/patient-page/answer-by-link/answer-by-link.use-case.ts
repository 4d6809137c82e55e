import { Injectable } from '@nestjs/common';
import { PatientCancellationConfirmedV1, PatientOfferAcceptedV1, PatientReplyReceivedV1 } from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';

export type LinkIntent = 'confirm' | 'reschedule' | 'cancel' | 'accept-offer';

export interface AnswerByLinkCommand {
  /** The message whose signed link the patient followed (checked by the caller). */
  messageId: string;
  intent: LinkIntent;
  at: Date;
}

/** done: scheduling was told; unavailable: the appointment (or the held time) is no longer in a state that allows it. */
export type AnswerByLinkResult = 'done' | 'unavailable';

interface Answered {
  id: string;
  kind: string;
  appointment_id: string;
  patient_id: string;
  location_id: string;
  status: string | null;
  offer_expires_at: string | null;
}

/**
 * A patient's answer on their appointment page: the same answers, and the same events, as the
 * replies by text (C, R, CANCEL then YES, YES to an offer), so scheduling acts on them alike. The
 * page asked "cancel?" before posting a cancel, so the cancel here is the confirmed one. Answers are
 * numbered with the text replies (sms_reply), one sequence per appointment for its events.
 */
@Injectable()
export class AnswerByLinkUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: AnswerByLinkCommand): Promise<AnswerByLinkResult> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  private async inTransaction(tx: Transaction, { messageId, intent, at }: AnswerByLinkCommand): Promise<AnswerByLinkResult> {
    // Locked, so two taps on the same button make one answer.
    const [a] = (await tx.manager.query(
      `SELECT m.id, m.kind, m.appointment_id, m.patient_id, m.location_id, a.status, m.details->>'offerExpiresAt' AS offer_expires_at
         FROM message m LEFT JOIN directory_appointment a ON a.appointment_id = m.appointment_id
        WHERE m.id = $1 FOR UPDATE OF m`,
      [messageId],
    )) as Answered[];
    if (!a) return 'unavailable';
    if (intent === 'accept-offer') {
      const open =
        a.kind === 'waitlist-offer' && a.status === 'held' && !!a.offer_expires_at && new Date(a.offer_expires_at) > at;
      if (!open) return 'unavailable';
      // Our copy of the appointment says 'held' until scheduling's booked event arrives, so a second
      // tap (or a YES by text) in that moment would send a second acceptance: one answer per offer.
      const [taken] = (await tx.manager.query(
        `SELECT 1 FROM sms_reply WHERE appointment_id = $1 AND intent = 'accept-offer' LIMIT 1`,
        [a.appointment_id],
      )) as unknown[];
      if (taken) return 'unavailable';
    } else if (a.status !== 'booked') return 'unavailable';
    const [{ sequence }] = (await tx.manager.query(
      `INSERT INTO sms_reply (id, appointment_id, message_id, intent, received_at, sequence)
       SELECT gen_random_uuid(), $1, $2, $3, $4, count(*) + 1 FROM sms_reply WHERE appointment_id = $1 RETURNING sequence`,
      [a.appointment_id, a.id, intent, at],
    )) as [{ sequence: number }];
    const data = {
      appointmentId: a.appointment_id,
      patientId: a.patient_id,
      locationId: a.location_id,
      receivedAt: at.toISOString(),
      inReplyToMessageId: a.id,
    };
    const meta = { aggregateId: a.appointment_id, aggregateSequence: sequence, locationId: a.location_id };
    if (intent === 'cancel') await tx.publish(PatientCancellationConfirmedV1, data, meta);
    else if (intent === 'accept-offer') await tx.publish(PatientOfferAcceptedV1, data, meta);
    else await tx.publish(PatientReplyReceivedV1, { ...data, intent }, meta);
    return 'done';
  }
}
