import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NotificationPreferences } from '@chairside/domain';

/**
 * The minimum a center needs to treat and reach a patient. These fields stay in scheduling's
 * database; other services get the patient id, and notifications gets contact data through its
 * own topic.
 */
@Entity({ name: 'patient' })
@Index('patient_organisation_idx', ['organisationId'])
@Index('patient_organisation_mrn_idx', ['organisationId', 'mrn'], { unique: true })
@Index('patient_organisation_birth_idx', ['organisationId', 'dateOfBirth'])
@Index('patient_organisation_phone_idx', ['organisationId', 'phone'])
export class Patient {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_patient' })
  id!: string;

  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  /** Medical record number, unique in the organisation (upper case); generated when none is given. */
  @Column({ type: 'text' })
  mrn!: string;

  @Column({ type: 'text', name: 'given_name' })
  givenName!: string;

  @Column({ type: 'text', name: 'family_name' })
  familyName!: string;

  /**
   * `normalizeName(given family)`: what name search compares. A trigger keeps its words in
   * patient_name_word and patient_name_dictionary (migration 1797130000000).
   */
  @Column({ type: 'text', name: 'name_search' })
  nameSearch!: string;

  @Column({ type: 'date', name: 'date_of_birth' })
  dateOfBirth!: string;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', name: 'preferred_language', default: 'en' })
  preferredLanguage!: 'en' | 'es';

  @Column({ type: 'text', name: 'preferred_channel', default: 'email' })
  preferredChannel!: 'email' | 'sms';

  @Column({ type: 'boolean', name: 'notification_consent', default: false })
  notificationConsent!: boolean;

  /** Channel order, opt-outs per kind, quiet hours; null until the patient states any. */
  @Column({ type: 'jsonb', nullable: true })
  preferences!: NotificationPreferences | null;

  /**
   * Where the patient was registered by a user limited to locations: lets that location see the
   * patient before any appointment there (docs/patients.md, "Who sees a patient").
   */
  @Column({ type: 'uuid', name: 'registered_location_id', nullable: true })
  registeredLocationId!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
