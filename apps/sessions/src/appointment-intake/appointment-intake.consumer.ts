import { Controller } from '@nestjs/common';
import {
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentNoShowV1,
  AppointmentRescheduledV1,
  type EventOf,
} from '@chairside/contracts';
import { type EventContext, OnEvent } from '@chairside/messaging';
import { EndExpectedSessionUseCase } from './end-expected-session/end-expected-session.use-case.js';
import { ExpectSessionUseCase } from './expect-session/expect-session.use-case.js';
import { MoveSessionUseCase } from './move-session/move-session.use-case.js';

/** Thin: the transport validated the event and opened the inbox transaction; "now" is the event's time. */
@Controller()
export class AppointmentIntakeConsumer {
  constructor(
    private readonly expect: ExpectSessionUseCase,
    private readonly move: MoveSessionUseCase,
    private readonly end: EndExpectedSessionUseCase,
  ) {}

  @OnEvent(AppointmentBookedV1)
  onBooked(event: EventOf<typeof AppointmentBookedV1>, ctx: EventContext) {
    return this.expect.inTransaction(ctx.transaction, { booking: event.data, at: new Date(event.time) });
  }

  @OnEvent(AppointmentRescheduledV1)
  onRescheduled(event: EventOf<typeof AppointmentRescheduledV1>, ctx: EventContext) {
    return this.move.inTransaction(ctx.transaction, { reschedule: event.data, eventId: event.id, at: new Date(event.time) });
  }

  @OnEvent(AppointmentCancelledV1)
  onCancelled(event: EventOf<typeof AppointmentCancelledV1>, ctx: EventContext) {
    return this.end.inTransaction(ctx.transaction, {
      appointmentId: event.data.appointmentId,
      kind: 'cancel',
      eventId: event.id,
      eventType: event.type,
      at: new Date(event.time),
    });
  }

  @OnEvent(AppointmentNoShowV1)
  onNoShow(event: EventOf<typeof AppointmentNoShowV1>, ctx: EventContext) {
    return this.end.inTransaction(ctx.transaction, {
      appointmentId: event.data.appointmentId,
      kind: 'no-show',
      eventId: event.id,
      eventType: event.type,
      at: new Date(event.time),
    });
  }
}
