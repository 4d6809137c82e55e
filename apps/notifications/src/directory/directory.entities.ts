import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Language, NotificationPreferences, PreparationRequirements } from '@chairside/domain';

/**
 * Notifications' copy of what scheduling owns, kept current from its events (tables directory_*).
 * Notifications' own data (messages, reminder settings, SMS opt-outs and replies) lives with
 * its features.
 */

/**
 * The latest contact details and preferences of a patient, from the compacted contacts topic.
 * This table and the messages are the only places in Chairside's event-fed services that hold
 * personal data; nothing here is published.
 */
@Entity({ name: 'directory_contact' })
export class DirectoryContact {
  @PrimaryColumn({ type: 'uuid', name: 'patient_id', primaryKeyConstraintName: 'PK_directory_contact' })
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
@Entity({ name: 'directory_location' })
export class DirectoryLocation {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_directory_location' })
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
@Entity({ name: 'directory_therapy_setting' })
export class DirectoryTherapySetting {
  @PrimaryColumn({ type: 'uuid', name: 'organisation_id', primaryKeyConstraintName: 'PK_directory_therapy_setting' })
  organisationId!: string;

  @PrimaryColumn({ type: 'text', name: 'therapy_code', primaryKeyConstraintName: 'PK_directory_therapy_setting' })
  therapyCode!: string;

  @Column({ type: 'jsonb' })
  settings!: { name: string; requiresFasting: boolean; mayDriveAfter: boolean };

  @Column({ type: 'integer' })
  version!: number;
}

/** The appointment as scheduling last described it. */
export interface OwnTherapy {
  therapyId: string;
  code: string;
  name: string;
  preparation: PreparationRequirements;
}

@Entity({ name: 'directory_appointment' })
// A patient's appointments by location: the audit trail's patient scope (patientSeenAtLocationsScope, libs/audit).
@Index('directory_appointment_patient_idx', ['patientId', 'locationId'])
export class DirectoryAppointment {
  @PrimaryColumn({ type: 'uuid', name: 'appointment_id', primaryKeyConstraintName: 'PK_directory_appointment' })
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
  /** held: a waitlist offer the patient may still take. */
  status!: 'booked' | 'held' | 'cancelled' | 'noshow' | 'fulfilled';

  /** A therapy the organisation defined itself, as the booking carried it; null for the nine built-ins. */
  @Column({ type: 'jsonb', name: 'own_therapy', nullable: true })
  ownTherapy!: OwnTherapy | null;

  /** Scheduling's aggregate sequence: the calendar invitation's SEQUENCE. */
  @Column({ type: 'integer' })
  sequence!: number;
}
