import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { reminderOffsets, remindersFor } from '../../reminders/reminder-schedule.js';
import { type AppointmentFacts, PlanMessagesUseCase } from '../plan-messages/plan-messages.use-case.js';
import { WithdrawMessagesUseCase } from '../withdraw-messages/withdraw-messages.use-case.js';

export interface PlanRescheduleNoticeCommand {
  /** The appointment at its new time. */
  appointment: AppointmentFacts;
  previousStartsAt: string;
  now: Date;
}

/** A moved appointment: what waited for the old time is withdrawn; the notice now and the new reminders. */
@Injectable()
export class PlanRescheduleNoticeUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly messages: PlanMessagesUseCase,
    private readonly withdraw: WithdrawMessagesUseCase,
  ) {}

  execute(command: PlanRescheduleNoticeCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { appointment: a, previousStartsAt, now }: PlanRescheduleNoticeCommand): Promise<void> {
    await this.withdraw.inTransaction(tx, { appointmentId: a.appointmentId, because: 'rescheduled', now });
    const offsets = await reminderOffsets(tx.manager, a.locationId);
    await this.messages.inTransaction(tx, {
      appointment: a,
      messages: [
        { kind: 'reschedule', wanted: now, latest: a.startsAt, details: { previousStartsAt } },
        ...remindersFor(a, offsets),
      ],
      now,
    });
  }
}
