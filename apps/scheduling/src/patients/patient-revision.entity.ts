import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Patient } from './patient.entity.js';

/**
 * One row per version of a patient after the first: who changed which fields, and when. The values
 * stay in the patient row only (no second copy of personal data); the audit trail has the request.
 */
@Entity({ name: 'patient_revision' })
export class PatientRevision {
  @PrimaryColumn({ type: 'uuid', name: 'patient_id', primaryKeyConstraintName: 'PK_patient_revision' })
  patientId!: string;

  @ManyToOne(() => Patient, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'FK_patient_revision_patient' })
  patient?: Patient;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_patient_revision' })
  version!: number;

  /** The staff member (token subject). */
  @Column({ type: 'text', name: 'actor_id' })
  actorId!: string;

  @Column({ type: 'text', name: 'changed_fields', array: true })
  changedFields!: string[];

  @CreateDateColumn({ type: 'timestamptz', name: 'changed_at' })
  changedAt!: Date;
}
