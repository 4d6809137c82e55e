import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { WaitlistRequest } from '../waitlist-request.entity.js';

export interface WithdrawFromWaitlistCommand {
  organisationId: string;
  locationId: string;
  requestId: string;
}

/** The patient no longer waits. Withdrawing twice, or after booking, changes nothing. */
@Injectable()
export class WithdrawFromWaitlistUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: WithdrawFromWaitlistCommand): Promise<WaitlistRequest> {
    return this.unitOfWork.run(async (tx) => {
      const located = (await tx.manager.query('SELECT 1 FROM location WHERE id = $1 AND organisation_id = $2', [
        command.locationId,
        command.organisationId,
      ])) as unknown[];
      if (!located.length) throw ProblemException.notFound('Location', command.locationId);
      const request = await tx.manager.findOne(WaitlistRequest, {
        where: { id: command.requestId, locationId: command.locationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!request) throw ProblemException.notFound('Waitlist request', command.requestId);
      if (request.status !== 'withdrawn' && request.status !== 'booked') {
        request.status = 'withdrawn';
        request.version += 1;
        await tx.manager.save(request);
      }
      return request;
    });
  }
}
