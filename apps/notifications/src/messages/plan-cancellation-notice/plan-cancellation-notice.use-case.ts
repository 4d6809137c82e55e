import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { type AppointmentFacts, PlanMessagesUseCase } from '../plan-messages/plan-messages.use-case.js';
import { WithdrawMessagesUseCase } from '../withdraw-messages/withdraw-messages.use-case.js';

export interface PlanCancellationNoticeCommand {
  appointment: AppointmentFacts;
  now: Date;
}

/** A cancelled appointment: what still waited is withdrawn, and the patient is told (while it is still useful). */
@Injectable()
export class PlanCancellationNoticeUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly messages: PlanMessagesUseCase,
    private readonly withdraw: WithdrawMessagesUseCase,
  ) {}

  execute(command: PlanCancellationNoticeCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { appointment: a, now }: PlanCancellationNoticeCommand): Promise<void> {
    await this.withdraw.inTransaction(tx, { appointmentId: a.appointmentId, because: 'cancelled', now });
    await this.messages.inTransaction(tx, {
      appointment: a,
      messages: [{ kind: 'cancellation', wanted: now, latest: a.startsAt }],
      now,
    });
  }
}
