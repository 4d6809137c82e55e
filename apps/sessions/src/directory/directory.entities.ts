import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TherapyDefinition } from '@chairside/domain';

/** Sessions' copy of scheduling's locations: which organisation a location belongs to, its zone. */
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
}

@Entity({ name: 'directory_chair' })
@Index('directory_chair_location_idx', ['locationId'])
export class DirectoryChair {
  @PrimaryColumn({ type: 'uuid', name: 'chair_id', primaryKeyConstraintName: 'PK_directory_chair' })
  chairId!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text' })
  kind!: string;
}

@Entity({ name: 'directory_nurse' })
@Index('directory_nurse_location_idx', ['locationId'])
export class DirectoryNurse {
  @PrimaryColumn({ type: 'uuid', name: 'nurse_id', primaryKeyConstraintName: 'PK_directory_nurse' })
  nurseId!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'text', name: 'display_name' })
  displayName!: string;
}

/** An organisation's own values for a therapy (monitoring schedule, may drive), when it edited them. */
@Entity({ name: 'directory_therapy_setting' })
export class DirectoryTherapySetting {
  @PrimaryColumn({ type: 'uuid', name: 'organisation_id', primaryKeyConstraintName: 'PK_directory_therapy_setting' })
  organisationId!: string;

  @PrimaryColumn({ type: 'text', name: 'therapy_code', primaryKeyConstraintName: 'PK_directory_therapy_setting' })
  therapyCode!: string;

  @Column({ type: 'jsonb' })
  settings!: Pick<TherapyDefinition, 'vitals' | 'mayDriveAfter'>;

  @Column({ type: 'integer' })
  version!: number;
}
