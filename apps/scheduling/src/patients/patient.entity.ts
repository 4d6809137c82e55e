import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NotificationPreferences } from '@chairside/domain';

/**
 * The minimum a center needs to treat and reach a patient. These fields stay in scheduling's
 * database; other services get the patient id, and notifications gets contact data through its
 * own topic.
 */
@Entity({ name: 'patient' })
@Index('patient_organisation_idx', ['organisationId'])
export class Patient {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_patient' })
  id!: string;

  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  @Column({ type: 'text', name: 'given_name' })
  givenName!: string;

  @Column({ type: 'text', name: 'family_name' })
  familyName!: string;

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

  @Column({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
