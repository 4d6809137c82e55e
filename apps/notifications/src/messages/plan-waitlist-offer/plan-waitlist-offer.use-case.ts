import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { type AppointmentFacts, PlanMessagesUseCase } from '../plan-messages/plan-messages.use-case.js';

export interface PlanWaitlistOfferCommand {
  /** The held appointment offered to the patient. */
  appointment: AppointmentFacts;
  offerExpiresAt: Date;
  now: Date;
}

/**
 * Freed time held for a waitlisted patient: tell them now, by text and by email (whichever they
 * have), with the time the hold lapses in the location's zone. Useless once the hold lapses.
 */
@Injectable()
export class PlanWaitlistOfferUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly messages: PlanMessagesUseCase,
  ) {}

  execute(command: PlanWaitlistOfferCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  inTransaction(tx: Transaction, { appointment: a, offerExpiresAt, now }: PlanWaitlistOfferCommand): Promise<void> {
    const offer = {
      kind: 'waitlist-offer' as const,
      wanted: now,
      latest: offerExpiresAt,
      details: { offerExpiresAt: offerExpiresAt.toISOString() },
    };
    return this.messages.inTransaction(tx, {
      appointment: a,
      messages: [
        { ...offer, channel: 'sms' },
        { ...offer, channel: 'email' },
      ],
      now,
    });
  }
}
