import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { reminderOffsets, remindersFor } from '../../reminders/reminder-schedule.js';
import { type AppointmentFacts, PlanMessagesUseCase } from '../plan-messages/plan-messages.use-case.js';

export interface PlanBookingMessagesCommand {
  appointment: AppointmentFacts;
  now: Date;
}

/** A booking: the confirmation now, and each of the organisation's reminders before the start. */
@Injectable()
export class PlanBookingMessagesUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly messages: PlanMessagesUseCase,
  ) {}

  execute(command: PlanBookingMessagesCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { appointment: a, now }: PlanBookingMessagesCommand): Promise<void> {
    const offsets = await reminderOffsets(tx.manager, a.locationId);
    await this.messages.inTransaction(tx, {
      appointment: a,
      messages: [{ kind: 'confirmation', wanted: now, latest: a.startsAt }, ...remindersFor(a, offsets)],
      now,
    });
  }
}
