import { Module } from '@nestjs/common';
import { AppointmentsController, OrganisationSlotsController } from './appointments.controller.js';
import { BookAppointmentUseCase } from './book-appointment/book-appointment.use-case.js';
import { BookHoldUseCase } from './book-hold/book-hold.use-case.js';
import { CancelAppointmentUseCase } from './cancel-appointment/cancel-appointment.use-case.js';
import { CenterStateRepository } from './center-state.repository.js';
import { ConfirmAppointmentUseCase } from './confirm-appointment/confirm-appointment.use-case.js';
import { ExpireHoldsUseCase } from './expire-holds/expire-holds.use-case.js';
import { HoldExpirySweeper } from './expire-holds/hold-expiry.sweeper.js';
import { MarkArrivedUseCase } from './mark-arrived/mark-arrived.use-case.js';
import { UndoArrivalUseCase } from './undo-arrival/undo-arrival.use-case.js';
import { MarkAtRiskUseCase } from './mark-at-risk/mark-at-risk.use-case.js';
import { ClearDelayUseCase } from './clear-delay/clear-delay.use-case.js';
import { MarkFulfilledUseCase } from './mark-fulfilled/mark-fulfilled.use-case.js';
import { MarkNoShowUseCase } from './mark-no-show/mark-no-show.use-case.js';
import { RecordPatientReplyUseCase } from './record-patient-reply/record-patient-reply.use-case.js';
import { ReleaseHoldUseCase } from './release-hold/release-hold.use-case.js';
import { RescheduleAppointmentUseCase } from './reschedule-appointment/reschedule-appointment.use-case.js';
import { SearchSlotsQuery } from './search-slots/search-slots.query.js';
import { OverbookingsController } from './overbookings.controller.js';
import { OverbookingsQuery } from './overbookings/overbookings.query.js';

@Module({
  controllers: [AppointmentsController, OrganisationSlotsController, OverbookingsController],
  providers: [
    BookAppointmentUseCase,
    BookHoldUseCase,
    CancelAppointmentUseCase,
    ConfirmAppointmentUseCase,
    ExpireHoldsUseCase,
    MarkArrivedUseCase,
    UndoArrivalUseCase,
    MarkAtRiskUseCase,
    ClearDelayUseCase,
    MarkFulfilledUseCase,
    MarkNoShowUseCase,
    RecordPatientReplyUseCase,
    ReleaseHoldUseCase,
    RescheduleAppointmentUseCase,
    SearchSlotsQuery,
    OverbookingsQuery,
    CenterStateRepository,
    HoldExpirySweeper,
  ],
  exports: [
    BookAppointmentUseCase,
    CenterStateRepository,
    ConfirmAppointmentUseCase,
    CancelAppointmentUseCase,
    MarkArrivedUseCase,
    UndoArrivalUseCase,
    MarkAtRiskUseCase,
    ClearDelayUseCase,
    MarkFulfilledUseCase,
    RecordPatientReplyUseCase,
    RescheduleAppointmentUseCase,
  ],
})
export class AppointmentsModule {}
