import { Column, CreateDateColumn, Entity, Exclusion, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Certification } from '@chairside/domain';
import { Location } from '../locations/location.entity.js';

/** A nurse at one location, with the infusion model's capacity and start window. */
@Entity({ name: 'nurse' })
@Index('nurse_location_idx', ['locationId'])
export class Nurse {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_nurse' })
  id!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @ManyToOne(() => Location, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'location_id', foreignKeyConstraintName: 'FK_nurse_location' })
  location?: Location;

  /** How colleagues know the nurse on the board; staff, not patient, data. */
  @Column({ type: 'text', name: 'display_name' })
  displayName!: string;

  @Column({ type: 'text', array: true })
  certifications!: Certification[];

  /** Patients monitored at once. */
  @Column({ type: 'integer', default: 4 })
  capacity!: number;

  /** Minutes of exclusive set-up per patient start. */
  @Column({ type: 'integer', name: 'start_window_minutes', default: 15 })
  startWindowMinutes!: number;

  /** For If-Match: one more with each change of capacity, start window or certifications. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Shift events published so far (added, changed, removed): her event sequence is 1 + this. */
  @Column({ type: 'integer', name: 'shift_events', default: 0 })
  shiftEvents!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}

export interface ShiftBreak {
  start: string;
  end: string;
}

@Entity({ name: 'nurse_shift' })
@Index('nurse_shift_nurse_idx', ['nurseId', 'startsAt'])
@Exclusion('nurse_shift_no_overlap', `USING gist (nurse_id WITH =, tstzrange(starts_at, ends_at) WITH &&)`)
export class NurseShift {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_nurse_shift' })
  id!: string;

  @Column({ type: 'uuid', name: 'nurse_id' })
  nurseId!: string;

  @ManyToOne(() => Nurse, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'nurse_id', foreignKeyConstraintName: 'FK_nurse_shift_nurse' })
  nurse?: Nurse;

  @Column({ type: 'timestamptz', name: 'starts_at' })
  startsAt!: Date;

  @Column({ type: 'timestamptz', name: 'ends_at' })
  endsAt!: Date;

  /** Breaks inside the shift (UTC instants, ISO strings). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  breaks!: ShiftBreak[];
}
