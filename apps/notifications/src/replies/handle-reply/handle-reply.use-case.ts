import { Injectable } from '@nestjs/common';
import {
  FollowUpAlertRaisedV1,
  FollowUpAnsweredV1,
  PatientCancellationConfirmedV1,
  PatientOfferAcceptedV1,
  PatientReplyReceivedV1,
} from '@chairside/contracts';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { ChangeTextOptOutUseCase } from '../../opt-out/change-text-opt-out/change-text-opt-out.use-case.js';
import { type FollowUpAnswer, readFollowUpAnswer } from '../follow-up-answer.js';
import { ANSWERS, type Language, localWhen, parseReply } from '../reply-intent.js';
import { firstReceipt } from '../webhook-receipt.js';

export interface HandleReplyCommand {
  /** The patient's number. */
  from: string;
  body: string;
  receivedAt: Date;
  /** The provider's id of the reply (signed with it): a replayed request carries the same one. */
  providerMessageId: string;
}

/** The appointment a reply applied to, and what it did there: for the audit record of the reply. */
export interface AppliedReply {
  appointmentId: string;
  patientId: string;
  organisationId: string;
  /**
   * In the audit trail's words: `update` for an answer that changes the appointment or the
   * patient's texting (confirm, reschedule, cancel, taking an offer, STOP/START), `create` for a
   * follow-up answer, `read` for the "YES to cancel?" question (it texts the time back, changes nothing).
   */
  action: 'read' | 'create' | 'update';
}

/** The answer to text back, and the appointment the reply applied to (none when it matched none). */
export interface HandledReply {
  answer: string;
  applied?: AppliedReply;
}

/** The text a reply answers, with what the answer needs of its appointment. */
interface Answered {
  id: string;
  kind: string;
  appointment_id: string;
  patient_id: string;
  organisation_id: string;
  location_id: string;
  language: Language;
  starts_at: Date | null;
  time_zone: string | null;
  status: string | null;
  code: string | null;
}

function applied(answer: string, a: Answered, action: AppliedReply['action']): HandledReply {
  return {
    answer,
    applied: { appointmentId: a.appointment_id, patientId: a.patient_id, organisationId: a.organisation_id, action },
  };
}

/** How long a CANCEL waits for its YES. */
export const CANCEL_CONFIRMATION_MS = 30 * 60_000;
/** Scheduling's rule (cancel-appointment): under 24 hours before the start, a cancellation is late. */
export const LATE_CANCELLATION_MS = 24 * 3_600_000;

/**
 * A patient's SMS reply, applied to the text it answers: the one whose reference it names
 * ("C K7Q"), otherwise the last text sent to the number. C/YES confirms (or, to a waitlist offer,
 * takes the held time); R asks to reschedule; CANCEL asks "YES to cancel?" and the YES cancels;
 * STOP and START change whether this service texts the number at all (carrier meaning). What
 * scheduling must act on goes as an event. Returns the answer to text back with the appointment it
 * applied to (the controller records it), or undefined when this reply (by its provider message id)
 * was already applied: a replay changes nothing and says nothing.
 */
@Injectable()
export class HandleReplyUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly optOut: ChangeTextOptOutUseCase,
  ) {}

  execute(command: HandleReplyCommand): Promise<HandledReply | undefined> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(
    tx: Transaction,
    { from, body, receivedAt, providerMessageId }: HandleReplyCommand,
  ): Promise<HandledReply | undefined> {
    if (!(await firstReceipt(tx, providerMessageId, 'inbound', receivedAt))) return undefined;
    const { keyword, reference, words } = parseReply(body);
    const answered = await this.answered(tx, from, reference);
    const language = answered?.language ?? (await this.languageOf(tx, from));
    const say = ANSWERS[language];
    // An answer to "how are you after yesterday's infusion?": a number or the side effects.
    const followUp =
      answered?.kind === 'follow-up' && keyword !== 'stop' && keyword !== 'start' ? readFollowUpAnswer(words) : undefined;
    if (answered && followUp) {
      await this.publishFollowUp(tx, answered, followUp, receivedAt);
      return applied(followUp.severe ? say.followUpSevere : say.followUpThanks, answered, 'create');
    }
    if (keyword === 'stop' || keyword === 'start') {
      await this.optOut.inTransaction(tx, { phone: from, optedOut: keyword === 'stop', at: receivedAt });
      await tx.manager.query(`DELETE FROM sms_pending_cancellation WHERE phone = $1`, [from]);
      if (keyword === 'stop' && answered) await this.publishReply(tx, answered, 'stop', receivedAt);
      // The number's texting changed: recorded against the patient of the text answered, if any.
      return answered ? applied(say[keyword], answered, 'update') : { answer: say[keyword] };
    }
    if (reference && !answered) return { answer: say.notFound };
    if (keyword === 'confirm') {
      const pending = await this.pendingCancellation(tx, from, receivedAt, reference ? answered?.appointment_id : undefined);
      if (pending) {
        await tx.manager.query(`DELETE FROM sms_pending_cancellation WHERE phone = $1`, [from]);
        await this.publish(tx, PatientCancellationConfirmedV1, pending, 'cancel', receivedAt);
        return applied(say.cancelled(this.when(pending, language)), pending, 'update');
      }
      if (!answered) return { answer: say.help };
      if (answered.kind === 'waitlist-offer') {
        await this.publish(tx, PatientOfferAcceptedV1, answered, 'accept-offer', receivedAt);
        return applied(say.offerTaken, answered, 'update');
      }
      await this.publishReply(tx, answered, 'confirm', receivedAt);
      return applied(say.confirm, answered, 'update');
    }
    if (keyword === 'no') {
      const deleted = (await tx.manager.query(`DELETE FROM sms_pending_cancellation WHERE phone = $1 RETURNING phone`, [
        from,
      ])) as [unknown[], number];
      // Only the question is withdrawn; the appointment stays as it was.
      return { answer: deleted[0].length ? say.kept : say.help };
    }
    if (!answered) return { answer: say.help };
    if (keyword === 'reschedule') {
      await this.publishReply(tx, answered, 'reschedule', receivedAt);
      return applied(say.reschedule, answered, 'update');
    }
    if (keyword === 'cancel') {
      if (answered.status !== 'booked' || !answered.starts_at || !answered.code) return { answer: say.notFound };
      await tx.manager.query(
        `INSERT INTO sms_pending_cancellation (phone, appointment_id, message_id, asked_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (phone) DO UPDATE SET appointment_id = EXCLUDED.appointment_id, message_id = EXCLUDED.message_id, asked_at = EXCLUDED.asked_at`,
        [from, answered.appointment_id, answered.id, receivedAt],
      );
      const late = new Date(answered.starts_at).getTime() - receivedAt.getTime() < LATE_CANCELLATION_MS;
      return applied(say.cancelQuestion(this.when(answered, language), answered.code, late), answered, 'read');
    }
    return { answer: say.help };
  }

  /** The text answered: the latest one about the referenced appointment, or the latest of all. Locked, so replies are numbered in turn. */
  private async answered(tx: Transaction, phone: string, reference: string | undefined): Promise<Answered | undefined> {
    const [row] = (await tx.manager.query(
      `SELECT m.id, m.kind, m.appointment_id, m.patient_id, c.organisation_id, m.location_id, c.language, a.starts_at, a.time_zone, a.status, r.code
         FROM message m JOIN directory_contact c ON c.patient_id = m.patient_id
         LEFT JOIN directory_appointment a ON a.appointment_id = m.appointment_id
         LEFT JOIN appointment_reference r ON r.appointment_id = m.appointment_id
        WHERE c.phone = $1 AND m.channel = 'sms' AND m.status IN ('sent', 'delivered') AND ($2::text IS NULL OR r.code = $2)
        ORDER BY m.sent_at DESC LIMIT 1 FOR UPDATE OF m`,
      [phone, reference ?? null],
    )) as Answered[];
    return row;
  }

  private async languageOf(tx: Transaction, phone: string): Promise<Language> {
    const [c] = (await tx.manager.query(`SELECT language FROM directory_contact WHERE phone = $1 LIMIT 1`, [phone])) as Array<{
      language: Language;
    }>;
    return c?.language ?? 'en';
  }

  /** A CANCEL asked within the last half hour (for the referenced appointment, when the YES names one). */
  private async pendingCancellation(
    tx: Transaction,
    phone: string,
    at: Date,
    appointmentId: string | undefined,
  ): Promise<Answered | undefined> {
    const [row] = (await tx.manager.query(
      `SELECT m.id, m.kind, m.appointment_id, m.patient_id, c.organisation_id, m.location_id, c.language, a.starts_at, a.time_zone, a.status, r.code
         FROM sms_pending_cancellation p JOIN message m ON m.id = p.message_id
         JOIN directory_contact c ON c.patient_id = m.patient_id
         LEFT JOIN directory_appointment a ON a.appointment_id = m.appointment_id
         LEFT JOIN appointment_reference r ON r.appointment_id = m.appointment_id
        WHERE p.phone = $1 AND p.asked_at > $2 AND ($3::uuid IS NULL OR p.appointment_id = $3) FOR UPDATE OF p`,
      [phone, new Date(at.getTime() - CANCEL_CONFIRMATION_MS), appointmentId ?? null],
    )) as Answered[];
    return row;
  }

  private when(a: Answered, language: Language): string {
    return a.starts_at && a.time_zone ? localWhen(new Date(a.starts_at), a.time_zone, language) : '';
  }

  /** Numbers the reply per appointment (its events' aggregate sequence). */
  private async record(tx: Transaction, a: Answered, intent: string, receivedAt: Date): Promise<number> {
    const [{ sequence }] = (await tx.manager.query(
      `INSERT INTO sms_reply (id, appointment_id, message_id, intent, received_at, sequence)
       SELECT gen_random_uuid(), $1, $2, $3, $4, count(*) + 1 FROM sms_reply WHERE appointment_id = $1 RETURNING sequence`,
      [a.appointment_id, a.id, intent, receivedAt],
    )) as [{ sequence: number }];
    return sequence;
  }

  private async publishReply(
    tx: Transaction,
    a: Answered,
    intent: 'confirm' | 'reschedule' | 'stop',
    receivedAt: Date,
  ): Promise<void> {
    const sequence = await this.record(tx, a, intent, receivedAt);
    await tx.publish(
      PatientReplyReceivedV1,
      {
        appointmentId: a.appointment_id,
        patientId: a.patient_id,
        locationId: a.location_id,
        intent,
        receivedAt: receivedAt.toISOString(),
        inReplyToMessageId: a.id,
      },
      { aggregateId: a.appointment_id, aggregateSequence: sequence, locationId: a.location_id },
    );
  }

  /** Captured as codes (never the words typed); a severe answer is also an alert for the center. */
  private async publishFollowUp(tx: Transaction, a: Answered, answer: FollowUpAnswer, receivedAt: Date): Promise<void> {
    const sequence = await this.record(tx, a, 'follow-up', receivedAt);
    const data = {
      appointmentId: a.appointment_id,
      patientId: a.patient_id,
      locationId: a.location_id,
      receivedAt: receivedAt.toISOString(),
      inReplyToMessageId: a.id,
      ...(answer.score !== undefined ? { score: answer.score } : {}),
      symptoms: answer.symptoms,
    };
    await tx.publish(
      FollowUpAnsweredV1,
      { ...data, severe: answer.severe },
      { aggregateId: a.appointment_id, aggregateSequence: sequence, locationId: a.location_id },
    );
    if (answer.reason) {
      const alert = await this.record(tx, a, 'follow-up-alert', receivedAt);
      await tx.publish(
        FollowUpAlertRaisedV1,
        { ...data, reason: answer.reason },
        { aggregateId: a.appointment_id, aggregateSequence: alert, locationId: a.location_id },
      );
    }
  }

  private async publish(
    tx: Transaction,
    definition: typeof PatientCancellationConfirmedV1 | typeof PatientOfferAcceptedV1,
    a: Answered,
    intent: 'cancel' | 'accept-offer',
    receivedAt: Date,
  ): Promise<void> {
    const sequence = await this.record(tx, a, intent, receivedAt);
    const data = {
      appointmentId: a.appointment_id,
      patientId: a.patient_id,
      locationId: a.location_id,
      receivedAt: receivedAt.toISOString(),
      inReplyToMessageId: a.id,
    };
    const meta = { aggregateId: a.appointment_id, aggregateSequence: sequence, locationId: a.location_id };
    if (definition === PatientCancellationConfirmedV1) await tx.publish(PatientCancellationConfirmedV1, data, meta);
    else await tx.publish(PatientOfferAcceptedV1, data, meta);
  }
}
