import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An infusion center. Its rules (hours, closures) are evaluated in `timeZone`; instants are UTC. */
@Entity({ name: 'location' })
@Index('location_organisation_idx', ['organisationId'])
export class Location {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_location' })
  id!: string;

  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', name: 'time_zone' })
  timeZone!: string;

  /** Opening hours by ISO weekday (1 = Monday), local times: { "1": [{ "opens": "08:00", "closes": "18:00" }] }. */
  /** The center's street address, for patients' messages; not personal data. */
  @Column({ type: 'text', name: 'center_address', nullable: true })
  centerAddress!: string | null;

  @Column({ type: 'jsonb', name: 'weekly_hours', default: () => "'{}'" })
  weeklyHours!: Partial<Record<string, Array<{ opens: string; closes: string }>>>;

  /** Local dates (YYYY-MM-DD) when the center is closed. */
  @Column({ type: 'jsonb', name: 'closed_dates', default: () => "'[]'" })
  closedDates!: string[];

  /** Also the aggregate sequence of its events: 1 at registration, +1 per change. */
  @Column({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
