import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';

export interface ChangeTextOptOutCommand {
  phone: string;
  /** STOP: true; START: false. */
  optedOut: boolean;
  at: Date;
}

/**
 * Whether this service texts a number at all. Carriers require STOP to take effect at once,
 * whatever scheduling holds; the first STOP's time is kept.
 */
@Injectable()
export class ChangeTextOptOutUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: ChangeTextOptOutCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { phone, optedOut, at }: ChangeTextOptOutCommand): Promise<void> {
    if (optedOut)
      await tx.manager.query(`INSERT INTO sms_opt_out (phone, opted_out_at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING`, [
        phone,
        at,
      ]);
    else await tx.manager.query(`DELETE FROM sms_opt_out WHERE phone = $1`, [phone]);
  }
}
