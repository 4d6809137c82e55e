import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An organisation's reminder schedule. */
@Entity({ name: 'notification_settings' })
export class NotificationSettings {
  @PrimaryColumn({ type: 'uuid', name: 'organisation_id', primaryKeyConstraintName: 'PK_notification_settings' })
  organisationId!: string;

  /** Hours before the start, e.g. [72, 24, 2]. */
  @Column({ type: 'jsonb', name: 'reminder_offsets_hours' })
  reminderOffsetsHours!: number[];

  @Column({ type: 'integer' })
  version!: number;
}
