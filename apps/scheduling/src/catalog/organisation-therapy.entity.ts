import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { PreparationRequirements, TherapyCode, TherapyDefinition } from '@chairside/domain';

/**
 * A therapy the organisation defined itself, beyond the nine built in. It is counted as one of the
 * nine (`countedAs`) wherever the platform needs a built-in code: events, sessions' vital-sign
 * schedules, reactions and analytics.
 */
@Entity({ name: 'organisation_therapy' })
@Unique('UQ_organisation_therapy_code', ['organisationId', 'code'])
export class OrganisationTherapy {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_organisation_therapy' })
  id!: string;

  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text', name: 'counted_as' })
  countedAs!: TherapyCode;

  /** Placement values, `code` being the built-in it is counted as. */
  @Column({ type: 'jsonb' })
  settings!: TherapyDefinition;

  @Column({ type: 'jsonb' })
  preparation!: PreparationRequirements;

  @Column({ type: 'integer' })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
