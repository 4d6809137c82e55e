import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  DirectoryAppointment,
  DirectoryContact,
  DirectoryLocation,
  DirectoryTherapySetting,
} from '../directory/directory.entities.js';
import { SmsOptOut } from '../opt-out/sms-opt-out.entity.js';
import { AppointmentReference } from '../messages/appointment-reference.entity.js';
import { Message } from '../messages/message.entity.js';
import { emailAddressHash } from '../bounces/email-address-hash.js';
import { EmailSuppression } from '../bounces/email-suppression.entity.js';

/** What a batch of claimed messages needs to be checked and rendered, loaded once per batch. */
export interface DispatchContext {
  optedOut: Set<string>;
  contacts: Map<string, DirectoryContact>;
  appointments: Map<string, DirectoryAppointment>;
  locations: Map<string, DirectoryLocation>;
  therapies: Map<string, DirectoryTherapySetting['settings']>;
  /** Each appointment's short reference for replies (appointment-reference.ts). */
  references: Map<string, string>;
  /** Hashes of the batch's email addresses that bounced or complained (bounces/email-suppression.entity.ts). */
  suppressedEmails: Set<string>;
}

/**
 * Claim and lease: due rows are claimed with FOR UPDATE SKIP LOCKED and leased, so any number of
 * instances share the work and a row whose sender died is taken over when its lease lapses.
 * Each claim counts an attempt; a takeover also counts a lapsed claim (the row is in doubt: the
 * dead sender may have handed it to the provider just before it died).
 */
@Injectable()
export class ClaimDueMessages {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * `shifted`: organisations whose test clock runs ahead (PUT /test/clock, never in production); their
   * messages are due by their own "now". Without any, the plain claim runs.
   */
  async claim(
    now: Date,
    leaseMs: number,
    batch: number,
    shifted: Array<{ organisation_id: string; offset_ms: number }> = [],
  ): Promise<Message[]> {
    if (shifted.length) return this.claimShifted(now, leaseMs, batch, shifted);
    const claimed = (await this.dataSource.query(
      `UPDATE message SET status = 'sending', lease_until = $2, attempts = attempts + 1, lapsed_claims = lapsed_claims + (status = 'sending')::int, updated_at = now()
        WHERE id IN (SELECT id FROM message
                      WHERE (status IN ('scheduled', 'retrying') AND due_at <= $1) OR (status = 'sending' AND lease_until < $1)
                      ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [now, new Date(now.getTime() + leaseMs), batch],
    )) as [Array<{ id: string }>, number];
    const ids = claimed[0].map((r) => r.id);
    if (!ids.length) return [];
    return this.dataSource.getRepository(Message).find({ where: { id: In(ids) } });
  }

  private async claimShifted(
    now: Date,
    leaseMs: number,
    batch: number,
    shifted: Array<{ organisation_id: string; offset_ms: number }>,
  ): Promise<Message[]> {
    const claimed = (await this.dataSource.query(
      `UPDATE message SET status = 'sending', lease_until = c.now_for + $2 * interval '1 millisecond', attempts = attempts + 1,
              lapsed_claims = lapsed_claims + (message.status = 'sending')::int, updated_at = now()
         FROM (SELECT m.id, $1::timestamptz + coalesce(o.offset_ms, 0) * interval '1 millisecond' AS now_for
                 FROM message m
                 LEFT JOIN directory_location l ON l.location_id = m.location_id
                 LEFT JOIN jsonb_to_recordset($4::jsonb) AS o(organisation_id uuid, offset_ms bigint) ON o.organisation_id = l.organisation_id
                WHERE (m.status IN ('scheduled', 'retrying') AND m.due_at <= $1::timestamptz + coalesce(o.offset_ms, 0) * interval '1 millisecond')
                   OR (m.status = 'sending' AND m.lease_until < $1::timestamptz + coalesce(o.offset_ms, 0) * interval '1 millisecond')
                ORDER BY m.due_at LIMIT $3 FOR UPDATE OF m SKIP LOCKED) c
        WHERE message.id = c.id
        RETURNING message.id`,
      [now, leaseMs, batch, JSON.stringify(shifted)],
    )) as [Array<{ id: string }>, number];
    const ids = claimed[0].map((r) => r.id);
    if (!ids.length) return [];
    return this.dataSource.getRepository(Message).find({ where: { id: In(ids) } });
  }

  async context(messages: Message[]): Promise<DispatchContext> {
    const by = <T, K extends keyof T>(rows: T[], key: K) => new Map(rows.map((r) => [r[key], r]));
    const [contacts, appointments, locations] = await Promise.all([
      this.dataSource
        .getRepository(DirectoryContact)
        .find({ where: { patientId: In([...new Set(messages.map((m) => m.patientId))]) } }),
      this.dataSource
        .getRepository(DirectoryAppointment)
        .find({ where: { appointmentId: In([...new Set(messages.map((m) => m.appointmentId))]) } }),
      this.dataSource
        .getRepository(DirectoryLocation)
        .find({ where: { locationId: In([...new Set(messages.map((m) => m.locationId))]) } }),
    ]);
    const emailHashes = contacts
      .map((c) => c.email)
      .filter((e): e is string => !!e)
      .map(emailAddressHash);
    const [therapies, optedOut, references, suppressed] = await Promise.all([
      this.dataSource
        .getRepository(DirectoryTherapySetting)
        .find({ where: { organisationId: In([...new Set(locations.map((l) => l.organisationId))]) } }),
      this.dataSource
        .getRepository(SmsOptOut)
        .find({ where: { phone: In(contacts.map((c) => c.phone).filter((p): p is string => !!p)) } }),
      this.dataSource
        .getRepository(AppointmentReference)
        .find({ where: { appointmentId: In([...new Set(messages.map((m) => m.appointmentId))]) } }),
      this.dataSource.getRepository(EmailSuppression).find({ where: { addressHash: In(emailHashes) } }),
    ]);
    return {
      optedOut: new Set(optedOut.map((o) => o.phone)),
      contacts: by(contacts, 'patientId'),
      appointments: by(appointments, 'appointmentId'),
      locations: by(locations, 'locationId'),
      therapies: new Map(therapies.map((t) => [`${t.organisationId}:${t.therapyCode}`, t.settings])),
      references: new Map(references.map((r) => [r.appointmentId, r.code])),
      suppressedEmails: new Set(suppressed.map((s) => s.addressHash)),
    };
  }
}
