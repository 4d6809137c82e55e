import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { NotificationCancelledV1, NotificationSuppressedV1 } from '@chairside/contracts';
import { CHANNELS, type Channel, type NotificationKind, type NotificationPreferences, DAY } from '@chairside/domain';
import type { Transaction } from '@chairside/messaging';
import { Contact } from '../contacts/contact.entities.js';
import { decide, reminderDue, type Recipient } from '../planning/plan.js';
import { DEFAULT_REMINDER_OFFSETS_HOURS, Message, type MessageDetails } from './message.entity.js';

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
}

export function idempotencyKey(
  appointmentId: string,
  occurrence: Date,
  kind: NotificationKind,
  channel: Channel,
  offsetHours?: number | null,
): string {
  return `${appointmentId}:${occurrence.toISOString()}:${kind}${offsetHours ? `-${offsetHours}h` : ''}:${channel}`;
}

export function recipientOf(contact: Contact | null): Recipient {
  if (!contact) return { email: null, phone: null, consent: false, preferences: defaultPreferences('email') };
  return { email: contact.email, phone: contact.phone, consent: contact.consent, preferences: contact.preferences };
}

export function defaultPreferences(preferred: Channel): NotificationPreferences {
  return { channels: [preferred, ...CHANNELS.filter((c) => c !== preferred)], optOutKinds: [], quietHours: null, timeZone: null };
}

/**
 * Turns what happened to an appointment into rows in the message schedule, in the caller's
 * (inbox) transaction. Planning the same message again finds its row by the idempotency key;
 * a suppressed one is kept (and published) so reporting can tell "not sent" from "never planned".
 */
@Injectable()
export class PlanMessagesUseCase {
  async plan(tx: Transaction, a: AppointmentFacts, messages: PlannedMessage[], now: Date): Promise<void> {
    await lockPatient(tx, a.patientId);
    const contact = await tx.manager.findOne(Contact, { where: { patientId: a.patientId } });
    // Contacts come on their own topic and may arrive after the booking: planned when they do (planBooked).
    if (!contact) return;
    const recipient = recipientOf(contact);
    for (const m of messages) {
      const d = decide(recipient, m.kind, m.wanted.getTime(), m.latest.getTime(), now.getTime(), a.timeZone);
      const id = randomUUID();
      const inserted = (
        await tx.manager
          .createQueryBuilder()
          .insert()
          .into(Message)
          .values({
            id,
            idempotencyKey: idempotencyKey(a.appointmentId, a.startsAt, m.kind, d.channel, m.offsetHours),
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

  /** A patient's first contact details arrived: plan what their upcoming bookings were waiting for. */
  async contactArrived(tx: Transaction, patientId: string, now: Date): Promise<void> {
    const upcoming = (await tx.manager.query(
      `SELECT appointment_id, location_id, starts_at, time_zone FROM appointment_copy
        WHERE patient_id = $1 AND status = 'booked' AND starts_at > $2 AND time_zone IS NOT NULL`,
      [patientId, now],
    )) as Array<{ appointment_id: string; location_id: string; starts_at: Date; time_zone: string }>;
    for (const u of upcoming)
      await this.booked(
        tx,
        {
          appointmentId: u.appointment_id,
          patientId,
          locationId: u.location_id,
          startsAt: new Date(u.starts_at),
          timeZone: u.time_zone,
        },
        now,
      );
  }

  /** Confirmation now, and each reminder before the start. */
  async booked(tx: Transaction, a: AppointmentFacts, now: Date): Promise<void> {
    const offsets = await this.reminderOffsets(tx, a.locationId);
    await this.plan(tx, a, [{ kind: 'confirmation', wanted: now, latest: a.startsAt }, ...this.reminders(a, offsets)], now);
  }

  reminders(a: AppointmentFacts, offsets: number[]): PlannedMessage[] {
    return offsets.map((h) => ({
      kind: 'reminder' as const,
      wanted: new Date(reminderDue(a.startsAt.getTime(), h, a.timeZone)),
      latest: a.startsAt,
      offsetHours: h,
    }));
  }

  async reminderOffsets(tx: Transaction, locationId: string): Promise<number[]> {
    const [row] = (await tx.manager.query(
      `SELECT s.reminder_offsets_hours FROM notification_settings s JOIN known_location l ON l.organisation_id = s.organisation_id WHERE l.location_id = $1`,
      [locationId],
    )) as Array<{ reminder_offsets_hours: number[] }>;
    return row?.reminder_offsets_hours ?? DEFAULT_REMINDER_OFFSETS_HOURS;
  }

  /** Withdraws what is still waiting for an appointment (its old time, when it moved). */
  async cancelPending(
    tx: Transaction,
    appointmentId: string,
    because: 'rescheduled' | 'cancelled' | 'no-show' | 'opted-out',
    now: Date,
    onlyKinds?: NotificationKind[],
  ): Promise<number> {
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

  /** The day after the visit, at 10:00 at the center. */
  followUpAt(dischargedAt: Date, zone: string): { wanted: Date; latest: Date } {
    const wanted = DateTime.fromJSDate(dischargedAt, { zone })
      .plus({ days: 1 })
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 })
      .toJSDate();
    return { wanted, latest: new Date(wanted.getTime() + 2 * DAY) };
  }
}

/**
 * Serialises planning for one patient with the arrival of their contact details. The two come on
 * different topics and are consumed in parallel: without it, a booking that finds no contact and
 * a contact that finds no booking (each not yet seeing the other's uncommitted row) would both
 * plan nothing. Whichever takes the lock second sees the other's commit.
 */
export async function lockPatient(tx: Transaction, patientId: string): Promise<void> {
  await tx.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [patientId]);
}
