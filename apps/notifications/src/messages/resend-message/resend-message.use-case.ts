import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import type { NotificationKind } from '@chairside/domain';
import { Dispatcher, lastUsefulMoment } from '../../dispatch/dispatcher.js';
import { emailAddressHash } from '../../bounces/email-address-hash.js';
import type { Message, MessageStatus } from '../message.entity.js';

export interface ResendMessageCommand {
  organisationId: string;
  locationId: string;
  messageId: string;
  /** The staff member asking (token subject). */
  actorId: string;
  /** The organisation's "now" (the notifications clock). */
  now: Date;
}

/** The message as staff see it: ids, kind, channel and state. Never a body or an address. */
export interface ResentMessageView {
  id: string;
  appointmentId: string;
  patientId: string;
  locationId: string;
  kind: NotificationKind;
  channel: string;
  status: MessageStatus;
  resends: number;
  resentAt: string | null;
  /** True when this call put it back on the way; false when an earlier resend already had. */
  resentNow: boolean;
}

interface Row {
  id: string;
  appointment_id: string;
  patient_id: string;
  location_id: string;
  kind: NotificationKind;
  channel: string;
  status: MessageStatus;
  details: Message['details'];
  resends: number;
  resent_at: Date | null;
}

/** What a resend already put on the way: asking again changes nothing. */
const ON_ITS_WAY: readonly MessageStatus[] = ['scheduled', 'retrying', 'sending', 'sent', 'delivered'];

const view = (r: Row, resentNow: boolean): ResentMessageView => ({
  id: r.id,
  appointmentId: r.appointment_id,
  patientId: r.patient_id,
  locationId: r.location_id,
  kind: r.kind,
  channel: r.channel,
  status: r.status,
  resends: r.resends,
  resentAt: r.resent_at ? new Date(r.resent_at).toISOString() : null,
  resentNow,
});

/**
 * Puts a message that failed for good (dead-lettered, `failed`) back on its way: due now, through
 * the dispatcher and the real provider, with every send-time check (consent, opt-outs, quiet
 * hours) and a fresh retry budget. The same Message-ID and provider Idempotency-Key go again, so
 * a message the provider had in fact taken is not delivered twice. Idempotent: asking again while
 * (or after) the resend goes answers with the message as it is and sends nothing more. When the
 * provider accepts it, `notifications.message.resent` closes the center's failed-messages item.
 * A message whose address no longer takes messages (bounced, marked as spam, STOP, or the patient
 * unsubscribed) is refused with 409 saying why: resending it would only fail or be suppressed again,
 * and the scheduler needs to know to call the patient or ask for another address.
 */
@Injectable()
export class ResendMessageUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dispatcher: Dispatcher,
  ) {}

  async execute(c: ResendMessageCommand): Promise<ResentMessageView> {
    const resent = await this.unitOfWork.run(async (tx) => {
      const [location] = (await tx.manager.query(
        `SELECT time_zone FROM directory_location WHERE location_id = $1 AND organisation_id = $2`,
        [c.locationId, c.organisationId],
      )) as Array<{ time_zone: string }>;
      if (!location) throw ProblemException.notFound('Location', c.locationId);
      const [row] = (await tx.manager.query(
        `SELECT id, appointment_id, patient_id, location_id, kind, channel, status, details, resends, resent_at
           FROM message WHERE id = $1 AND location_id = $2 FOR UPDATE`,
        [c.messageId, c.locationId],
      )) as Row[];
      if (!row) throw ProblemException.notFound('Message', c.messageId);
      if (row.status !== 'failed') {
        if (row.resends > 0 && ON_ITS_WAY.includes(row.status)) return view(row, false);
        throw ProblemException.conflict(
          'message-not-failed',
          `Message ${c.messageId} is ${row.status}: only a message that failed for good can be resent.`,
          { status: row.status },
        );
      }
      await refuseSuppressed(tx, row);
      const [appointment] = (await tx.manager.query(`SELECT starts_at FROM directory_appointment WHERE appointment_id = $1`, [
        row.appointment_id,
      ])) as Array<{ starts_at: Date }>;
      const usefulUntil = appointment
        ? lastUsefulMoment({ kind: row.kind, details: row.details }, new Date(appointment.starts_at), location.time_zone)
        : undefined;
      if (usefulUntil !== undefined && usefulUntil <= c.now.getTime())
        throw ProblemException.conflict(
          'message-too-late',
          `Message ${c.messageId} (${row.kind}) is of no use any more: its appointment started or its offer lapsed. Call the patient instead.`,
          { kind: row.kind },
        );
      const [updated] = (
        (await tx.manager.query(
          `UPDATE message SET status = 'scheduled', due_at = $2, reason = NULL, lease_until = NULL, resends = resends + 1,
                  attempts_at_resend = attempts, resent_at = $2, resent_by = $3, updated_at = now()
            WHERE id = $1
            RETURNING id, appointment_id, patient_id, location_id, kind, channel, status, details, resends, resent_at`,
          [row.id, c.now, c.actorId],
        )) as [Row[], number]
      )[0];
      return view(updated!, true);
    });
    // Sent within a dispatcher pass, not after the next interval.
    if (resent.resentNow) this.dispatcher.kick();
    return resent;
  }
}

/** Why an address takes no messages now; each is the reason the dispatcher would not send. */
type Suppression = 'bounce' | 'complaint' | 'stop' | 'unsubscribed' | 'no-consent' | 'no-contact';

const WHY: Record<Suppression, string> = {
  bounce: 'its email address bounced for good',
  complaint: 'its email address marked our email as spam',
  stop: 'its phone number replied STOP',
  unsubscribed: 'the patient unsubscribed from this kind of message',
  'no-consent': 'the patient has not consented to messages',
  'no-contact': 'the patient has no address for its channel',
};

/** 409 (`address-suppressed`, naming the reason) when the message's address takes no messages now. */
async function refuseSuppressed(tx: Transaction, row: Row): Promise<void> {
  const [contact] = (await tx.manager.query(
    `SELECT email, phone, consent, preferences FROM directory_contact WHERE patient_id = $1`,
    [row.patient_id],
  )) as Array<{ email: string | null; phone: string | null; consent: boolean; preferences: { optOutKinds?: string[] } }>;
  let suppression: Suppression | undefined;
  if (contact && !contact.consent) suppression = 'no-consent';
  else if (contact?.preferences.optOutKinds?.includes(row.kind)) suppression = 'unsubscribed';
  else if (row.channel === 'email' && contact?.email) {
    const [suppressed] = (await tx.manager.query(`SELECT problem FROM email_suppression WHERE address_hash = $1`, [
      emailAddressHash(contact.email),
    ])) as Array<{ problem: string }>;
    if (suppressed) suppression = suppressed.problem === 'complaint' ? 'complaint' : 'bounce';
  } else if (row.channel === 'sms' && contact?.phone) {
    const [stopped] = (await tx.manager.query(`SELECT 1 FROM sms_opt_out WHERE phone = $1`, [contact.phone])) as unknown[];
    if (stopped) suppression = 'stop';
  } else if (contact) suppression = 'no-contact';
  // No contact row yet (its details have not arrived): the dispatcher retries until they do, so the resend may go.
  if (!suppression) return;
  throw ProblemException.conflict(
    'address-suppressed',
    `Message ${row.id} (${row.channel}) is not resent: ${WHY[suppression]}. Call the patient or ask for another address.`,
    { reason: suppression, channel: row.channel },
  );
}
