import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { NotificationSuppressedV1 } from '@chairside/contracts';
import type { Channel, NotificationKind } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { DirectoryContact } from '../../directory/directory.entities.js';
import { decide } from '../../planning/plan.js';
import { recipientOf } from '../../planning/recipient.js';
import { emailAddressHash } from '../../bounces/email-address-hash.js';
import { ensureReference } from '../appointment-reference.js';
import { idempotencyKey } from '../idempotency-key.js';
import { Message, type MessageDetails } from '../message.entity.js';
import { lockPatient } from '../patient-lock.js';

export interface AppointmentFacts {
  appointmentId: string;
  patientId: string;
  locationId: string;
  startsAt: Date;
  timeZone: string;
}

export interface PlannedMessage {
  kind: NotificationKind;
  /** When it should go, ideally. */
  wanted: Date;
  /** After this it is useless. */
  latest: Date;
  offsetHours?: number;
  details?: MessageDetails;
  /** The second and later of a kind that may repeat (idempotency-key.ts). */
  serial?: number;
  /** On this channel only, and only if the patient has an address there (a waitlist offer goes by text and email). */
  channel?: Channel;
}

export interface PlanMessagesCommand {
  appointment: AppointmentFacts;
  messages: PlannedMessage[];
  /** The time of the event that asked for them, so a replay plans the same rows. */
  now: Date;
}

/**
 * Turns messages wanted for an appointment into rows in the message schedule. Planning the same
 * message again finds its row by the idempotency key; a suppressed one is kept (and published)
 * so reporting can tell "not sent" from "never planned".
 */
@Injectable()
export class PlanMessagesUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: PlanMessagesCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { appointment: a, messages, now }: PlanMessagesCommand): Promise<void> {
    await lockPatient(tx, a.patientId);
    const contact = await tx.manager.findOne(DirectoryContact, { where: { patientId: a.patientId } });
    // Contacts come on their own topic and may arrive after the booking: planned when they do (record-contact).
    if (!contact) return;
    const recipient = recipientOf(contact, await emailSuppressed(tx, contact.email));
    await ensureReference(tx, a.appointmentId, a.patientId);
    for (const m of messages) {
      if (m.channel && !(m.channel === 'email' ? recipient.email : recipient.phone)) continue;
      const to = m.channel ? { ...recipient, preferences: { ...recipient.preferences, channels: [m.channel] } } : recipient;
      const d = decide(to, m.kind, m.wanted.getTime(), m.latest.getTime(), now.getTime(), a.timeZone);
      const id = randomUUID();
      const inserted = (
        await tx.manager
          .createQueryBuilder()
          .insert()
          .into(Message)
          .values({
            id,
            idempotencyKey: idempotencyKey(a.appointmentId, a.startsAt, m.kind, d.channel, m.offsetHours, m.serial),
            appointmentId: a.appointmentId,
            patientId: a.patientId,
            locationId: a.locationId,
            kind: m.kind,
            occurrence: a.startsAt,
            offsetHours: m.offsetHours ?? null,
            channel: d.channel,
            status: d.send ? 'scheduled' : 'suppressed',
            reason: d.send ? null : d.reason,
            dueAt: new Date(d.send ? d.dueAt : now.getTime()),
            details: m.details ?? {},
          })
          .orIgnore()
          .execute()
      ).raw as unknown[];
      if (!d.send && inserted.length) {
        await tx.publish(
          NotificationSuppressedV1,
          {
            messageId: id,
            appointmentId: a.appointmentId,
            patientId: a.patientId,
            locationId: a.locationId,
            kind: m.kind,
            channel: d.channel,
            occurrence: a.startsAt.toISOString(),
            ...(m.offsetHours ? { offsetHours: m.offsetHours } : {}),
            reason: d.reason,
            suppressedAt: now.toISOString(),
          },
          { aggregateId: id, aggregateSequence: 1, locationId: a.locationId },
        );
      }
    }
  }
}

/** Whether the address bounced for good or complained (bounces/): then no email is planned to it. */
async function emailSuppressed(tx: Transaction, email: string | null): Promise<boolean> {
  if (!email) return false;
  const rows = (await tx.manager.query(`SELECT 1 FROM email_suppression WHERE address_hash = $1`, [
    emailAddressHash(email),
  ])) as unknown[];
  return rows.length > 0;
}
