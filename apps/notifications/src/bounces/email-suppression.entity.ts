import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An email address no email goes to any more: it bounced for good, or its owner marked our email
 * as spam. Kept by a hash of the address (emailAddressHash), never the address itself, so the
 * table holds no contact data; like an SMS STOP it belongs to the address, not to a patient, and
 * stays when a patient's contact data is erased. A patient who gives another address is emailed again.
 */
@Entity({ name: 'email_suppression' })
export class EmailSuppression {
  @PrimaryColumn({ type: 'text', name: 'address_hash', primaryKeyConstraintName: 'PK_email_suppression' })
  addressHash!: string;

  /** `bounce` or `complaint`: the latest the provider reported. */
  @Column({ type: 'text' })
  problem!: string;

  /** A bounce's SMTP codes ("550 5.1.1"). */
  @Column({ type: 'text', nullable: true })
  code!: string | null;

  @Column({ type: 'timestamptz', name: 'suppressed_at' })
  suppressedAt!: Date;
}
