import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Reporting's view of each location: what its KPIs are grouped by and evaluated in (time zone).
 * A chair event can arrive before its location's (different topics are not ordered with each
 * other), so a row may exist with only its chair count until the location event lands.
 */
@Entity({ name: 'directory_location' })
@Index('directory_location_organisation_idx', ['organisationId'])
export class DirectoryLocation {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_directory_location' })
  locationId!: string;

  @Column({ type: 'uuid', name: 'organisation_id', nullable: true })
  organisationId!: string | null;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'text', name: 'time_zone', nullable: true })
  timeZone!: string | null;

  @Column({ type: 'integer', name: 'chair_count', default: 0 })
  chairCount!: number;

  /** Opening hours by ISO weekday, local to the location: open chair-minutes come from them. */
  @Column({ type: 'jsonb', name: 'weekly_hours', default: () => "'{}'" })
  weeklyHours!: Partial<Record<string, Array<{ opens: string; closes: string }>>>;

  @Column({ type: 'jsonb', name: 'closed_dates', default: () => "'[]'" })
  closedDates!: string[];

  /** Highest location event applied; older ones arriving late are ignored. */
  @Column({ type: 'integer', name: 'last_sequence', default: 0 })
  lastSequence!: number;
}

@Entity({ name: 'directory_chair' })
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
