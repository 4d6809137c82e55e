import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TherapyDefinition } from '@chairside/domain';

/** Sessions' copy of scheduling's locations: which organisation a location belongs to, its zone. */
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
}

@Entity({ name: 'known_chair' })
@Index('known_chair_location_idx', ['locationId'])
export class KnownChair {
  @PrimaryColumn({ type: 'uuid', name: 'chair_id', primaryKeyConstraintName: 'PK_known_chair' })
  chairId!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text' })
  kind!: string;
}

@Entity({ name: 'known_nurse' })
@Index('known_nurse_location_idx', ['locationId'])
export class KnownNurse {
  @PrimaryColumn({ type: 'uuid', name: 'nurse_id', primaryKeyConstraintName: 'PK_known_nurse' })
  nurseId!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'text', name: 'display_name' })
  displayName!: string;
}

/** An organisation's own values for a therapy (monitoring schedule, may drive), when it edited them. */
@Entity({ name: 'known_therapy_setting' })
export class KnownTherapySetting {
  @PrimaryColumn({ type: 'uuid', name: 'organisation_id', primaryKeyConstraintName: 'PK_known_therapy_setting' })
  organisationId!: string;

  @PrimaryColumn({ type: 'text', name: 'therapy_code', primaryKeyConstraintName: 'PK_known_therapy_setting' })
  therapyCode!: string;

  @Column({ type: 'jsonb' })
  settings!: Pick<TherapyDefinition, 'vitals' | 'mayDriveAfter'>;

  @Column({ type: 'integer' })
  version!: number;
}
