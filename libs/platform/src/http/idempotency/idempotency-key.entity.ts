import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A client's Idempotency-Key and the response it got, stored in the transaction that did the
 * work: a retried POST gets the same response and causes nothing twice.
 */
@Entity({ name: 'idempotency_key' })
export class IdempotencyKey {
  /** Who and what the key is for, e.g. "<organisation>:POST /locations/…/appointments". */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_idempotency_key' })
  scope!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_idempotency_key' })
  key!: string;

  /** Hash of the request body: the same key with another body is refused. */
  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ type: 'integer', name: 'response_status', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'jsonb', name: 'response_body', nullable: true })
  responseBody!: unknown;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
