import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Language, NotificationPreferences } from '@chairside/domain';

/**
 * The latest contact details and preferences of a patient, from the compacted contacts topic.
 * This table and the messages are the only places in Chairside's event-fed services that hold
 * personal data; nothing here is published.
 */
@Entity({ name: 'contact' })
export class Contact {
  @PrimaryColumn({ type: 'uuid', name: 'patient_id', primaryKeyConstraintName: 'PK_contact' })
  patientId!: string;

  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  @Column({ type: 'text', name: 'given_name' })
  givenName!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text' })
  language!: Language;

  @Column({ type: 'boolean' })
  consent!: boolean;

  @Column({ type: 'jsonb' })
  preferences!: NotificationPreferences;

  /** The patient's contact version: an older one arriving late does not undo a newer one. */
  @Column({ type: 'integer' })
  version!: number;
}

/** What notifications needs of a location: its organisation, zone, name and address. */
@Entity({ name: 'known_location' })
export class KnownLocation {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_known_location' })
  locationId!: string;

  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', name: 'time_zone' })
  timeZone!: string;

  @Column({ type: 'text', name: 'center_address', nullable: true })
  centerAddress!: string | null;
}

/** An organisation's own values for a therapy, when it edited them (preparation comes from here). */
@Entity({ name: 'known_therapy_setting' })
export class KnownTherapySetting {
  @PrimaryColumn({ type: 'uuid', name: 'organisation_id', primaryKeyConstraintName: 'PK_known_therapy_setting' })
  organisationId!: string;

  @PrimaryColumn({ type: 'text', name: 'therapy_code', primaryKeyConstraintName: 'PK_known_therapy_setting' })
  therapyCode!: string;

  @Column({ type: 'jsonb' })
  settings!: { name: string; requiresFasting: boolean; mayDriveAfter: boolean };

  @Column({ type: 'integer' })
  version!: number;
}

/** The appointment as scheduling last described it. */
@Entity({ name: 'appointment_copy' })
export class AppointmentCopy {
  @PrimaryColumn({ type: 'uuid', name: 'appointment_id', primaryKeyConstraintName: 'PK_appointment_copy' })
  appointmentId!: string;

  @Column({ type: 'uuid', name: 'patient_id' })
  patientId!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'text', name: 'therapy_code' })
  therapyCode!: string;

  @Column({ type: 'timestamptz', name: 'starts_at' })
  startsAt!: Date;

  @Column({ type: 'timestamptz', name: 'ends_at' })
  endsAt!: Date;

  /** The location's zone as the appointment event gave it: plans need no other topic to have arrived. */
  @Column({ type: 'text', name: 'time_zone', nullable: true })
  timeZone!: string | null;

  @Column({ type: 'text' })
  status!: 'booked' | 'cancelled' | 'noshow' | 'fulfilled';

  /** Scheduling's aggregate sequence: the calendar invitation's SEQUENCE. */
  @Column({ type: 'integer' })
  sequence!: number;
}

/** A number that replied STOP: no text goes to it until it replies START. */
@Entity({ name: 'sms_opt_out' })
export class SmsOptOut {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_sms_opt_out' })
  phone!: string;

  @Column({ type: 'timestamptz', name: 'opted_out_at' })
  optedOutAt!: Date;
}

/** Replies that meant something (confirm, reschedule, stop), numbered per appointment for their events. */
@Entity({ name: 'sms_reply' })
export class SmsReply {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_sms_reply' })
  id!: string;

  @Column({ type: 'uuid', name: 'appointment_id' })
  appointmentId!: string;

  @Column({ type: 'uuid', name: 'message_id' })
  messageId!: string;

  @Column({ type: 'text' })
  intent!: string;

  @Column({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;

  @Column({ type: 'integer' })
  sequence!: number;
}
