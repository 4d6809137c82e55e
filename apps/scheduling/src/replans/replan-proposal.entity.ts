import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { REPLAN_PROPOSAL_CAUSES } from '@chairside/contracts';

/** open: can be applied; applied: the appointment moved; superseded: a newer proposal (or a change) replaced it. */
export const REPLAN_STATUSES = ['open', 'applied', 'superseded'] as const;
export type ReplanStatus = (typeof REPLAN_STATUSES)[number];

/**
 * A proposed alternative for one appointment that an overrun or a resource change disturbed,
 * computed against one version of the appointment: applying it to another version is refused.
 */
@Entity({ name: 'replan_proposal' })
@Index('replan_proposal_location_start_idx', ['locationId', 'previousStartsAt'])
@Index('replan_proposal_appointment_idx', ['appointmentId'])
export class ReplanProposal {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_replan_proposal' })
  id!: string;

  @Column({ type: 'uuid', name: 'location_id' })
  locationId!: string;

  @Column({ type: 'uuid', name: 'appointment_id' })
  appointmentId!: string;

  @Column({ type: 'integer', name: 'appointment_version' })
  appointmentVersion!: number;

  @Column({ type: 'text' })
  cause!: (typeof REPLAN_PROPOSAL_CAUSES)[number];

  /** The overrunning session's appointment, or the shift that changed. */
  @Column({ type: 'uuid', name: 'cause_id' })
  causeId!: string;

  @Column({ type: 'text' })
  status!: ReplanStatus;

  @Column({ type: 'timestamptz', name: 'starts_at' })
  startsAt!: Date;

  @Column({ type: 'timestamptz', name: 'ends_at' })
  endsAt!: Date;

  @Column({ type: 'uuid', name: 'chair_id' })
  chairId!: string;

  @Column({ type: 'uuid', name: 'nurse_id' })
  nurseId!: string;

  @Column({ type: 'timestamptz', name: 'previous_starts_at' })
  previousStartsAt!: Date;

  @Column({ type: 'uuid', name: 'previous_chair_id' })
  previousChairId!: string;

  @Column({ type: 'uuid', name: 'previous_nurse_id' })
  previousNurseId!: string;

  @Column({ type: 'integer', name: 'delay_minutes' })
  delayMinutes!: number;

  /** 1 when proposed, +1 when applied or superseded: what the charge nurse sends back to apply it. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz', name: 'proposed_at' })
  proposedAt!: Date;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  /** Who applied it (token subject); null when superseded. */
  @Column({ type: 'text', name: 'decided_by', nullable: true })
  decidedBy!: string | null;
}
