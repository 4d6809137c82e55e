import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { type AppointmentFacts, PlanMessagesUseCase } from '../plan-messages/plan-messages.use-case.js';

export interface PlanDelayNoticeCommand {
  appointment: AppointmentFacts;
  delayMinutes: number;
  projectedStartsAt: string;
  now: Date;
}

/** A session before this appointment overruns: tell the patient, before they leave home if possible. */
@Injectable()
export class PlanDelayNoticeUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly messages: PlanMessagesUseCase,
  ) {}

  execute(command: PlanDelayNoticeCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  inTransaction(
    tx: Transaction,
    { appointment: a, delayMinutes, projectedStartsAt, now }: PlanDelayNoticeCommand,
  ): Promise<void> {
    return this.messages.inTransaction(tx, {
      appointment: a,
      messages: [{ kind: 'delay', wanted: now, latest: a.startsAt, details: { delayMinutes, projectedStartsAt } }],
      now,
    });
  }
}
