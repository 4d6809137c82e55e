import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A number that replied STOP: no text goes to it until it replies START. */
@Entity({ name: 'sms_opt_out' })
export class SmsOptOut {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_sms_opt_out' })
  phone!: string;

  @Column({ type: 'timestamptz', name: 'opted_out_at' })
  optedOutAt!: Date;
}
