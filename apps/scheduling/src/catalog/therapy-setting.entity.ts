import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { TherapyCode, TherapyDefinition } from '@chairside/domain';

/**
 * An organisation's own values for one therapy. Without a row the catalog default applies: the
 * defaults are configuration shipped with Chairside, a row is the organisation's edit of them.
 */
@Entity({ name: 'therapy_setting' })
export class TherapySetting {
  @PrimaryColumn({ type: 'uuid', name: 'organisation_id', primaryKeyConstraintName: 'PK_therapy_setting' })
  organisationId!: string;

  @PrimaryColumn({ type: 'text', name: 'therapy_code', primaryKeyConstraintName: 'PK_therapy_setting' })
  therapyCode!: TherapyCode;

  @Column({ type: 'jsonb' })
  settings!: TherapyDefinition;

  @Column({ type: 'integer' })
  version!: number;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
