import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { OfferFreedTimeUseCase } from '../offer-freed-time/offer-freed-time.use-case.js';
import type { WaitlistRequest } from '../waitlist-request.entity.js';

export interface ReofferLapsedHoldCommand {
  /** The hold that lapsed or was released. */
  appointmentId: string;
  locationId: string;
  startsAt: Date;
  endsAt: Date;
  now: Date;
  therapyCode?: string;
}

/**
 * A hold ended unbooked: if it was a waitlist offer, that request waits again, and the time goes
 * to the next best-matching request (not straight back to the one that let it lapse).
 */
@Injectable()
export class ReofferLapsedHoldUseCase {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly offerFreedTime: OfferFreedTimeUseCase,
  ) {}

  execute(command: ReofferLapsedHoldCommand): Promise<WaitlistRequest | undefined> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  /** In the inbox transaction of the hold-expired event. */
  async inTransaction(tx: Transaction, command: ReofferLapsedHoldCommand): Promise<WaitlistRequest | undefined> {
    const lapsed = (await tx.manager.query(
      `UPDATE waitlist_request SET status = 'waiting', offered_appointment_id = NULL, version = version + 1 WHERE offered_appointment_id = $1 AND status = 'offered' RETURNING id`,
      [command.appointmentId],
    )) as [Array<{ id: string }>, number];
    const skip = lapsed[0]?.[0]?.id;
    return this.offerFreedTime.inTransaction(tx, {
      locationId: command.locationId,
      from: command.startsAt,
      to: command.endsAt,
      now: command.now,
      ...(skip ? { skipRequestId: skip } : {}),
      ...(command.therapyCode ? { freedTherapyCode: command.therapyCode } : {}),
    });
  }
}
