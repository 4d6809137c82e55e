import { Controller } from '@nestjs/common';
import {
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentNoShowV1,
  AppointmentRescheduledV1,
  type EventOf,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { RecordSessionStepUseCase } from '../session-lifecycle/record-session-step/record-session-step.use-case.js';
import type { SessionCommand } from '../session-lifecycle/session-machine.js';
import { SessionRecords } from '../sessions/session-records.js';
import { ExpectSessionUseCase } from './expect-session.use-case.js';

/** Thin: the transport validated the event and opened the inbox transaction; "now" is the event's time. */
@Controller()
export class AppointmentIntakeConsumer {
  constructor(
    private readonly expect: ExpectSessionUseCase,
    private readonly steps: RecordSessionStepUseCase,
    private readonly sessions: SessionRecords,
  ) {}

  @OnEvent(AppointmentBookedV1)
  onBooked(event: EventOf<typeof AppointmentBookedV1>, ctx: EventContext) {
    return this.expect.booked(ctx.transaction, event.data, new Date(event.time));
  }

  @OnEvent(AppointmentRescheduledV1)
  onRescheduled(event: EventOf<typeof AppointmentRescheduledV1>, ctx: EventContext) {
    return this.expect.rescheduled(ctx.transaction, event.data, event.id, new Date(event.time));
  }

  @OnEvent(AppointmentCancelledV1)
  onCancelled(event: EventOf<typeof AppointmentCancelledV1>, ctx: EventContext) {
    return this.follow(ctx, event, { kind: 'cancel' });
  }

  @OnEvent(AppointmentNoShowV1)
  onNoShow(event: EventOf<typeof AppointmentNoShowV1>, ctx: EventContext) {
    return this.follow(ctx, event, { kind: 'no-show' });
  }

  /** Applies scheduling's decision to the session; one that comes too late is reported, not forced. */
  private async follow(
    ctx: EventContext,
    event: { id: string; type: string; time: string; data: { appointmentId: string } },
    command: SessionCommand,
  ): Promise<void> {
    const at = new Date(event.time);
    await ctx.manager.query('SAVEPOINT follow');
    try {
      await this.steps.inTransaction(ctx.transaction, {
        appointmentId: event.data.appointmentId,
        command,
        actorId: 'scheduling',
        now: at,
      });
      await ctx.manager.query('RELEASE SAVEPOINT follow');
    } catch (error) {
      if (!(error instanceof ProblemException) || error.problem.status >= 500) throw error;
      await ctx.manager.query('ROLLBACK TO SAVEPOINT follow');
      // Not known here: a session that was never booked (a hold) has nothing to follow.
      if (error.problem.status === 404) return;
      const session = await this.sessions.lock(ctx.manager, event.data.appointmentId);
      await this.expect.reject(ctx.transaction, session, event.id, event.type, String(error.problem.detail), at);
    }
  }
}
