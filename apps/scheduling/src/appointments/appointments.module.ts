import { Module } from '@nestjs/common';
import { AppointmentsController, OrganisationSlotsController } from './appointments.controller.js';
import { BookAppointmentUseCase } from './book-appointment/book-appointment.use-case.js';
import { CenterStateRepository } from './center-state.repository.js';
import { BookHoldUseCase } from './change-appointment/book-hold.use-case.js';
import { CancelAppointmentUseCase } from './change-appointment/cancel-appointment.use-case.js';
import { ConfirmAppointmentUseCase } from './change-appointment/confirm-appointment.use-case.js';
import { HoldExpirySweeper } from './change-appointment/hold-expiry.sweeper.js';
import { MarkNoShowUseCase } from './change-appointment/mark-no-show.use-case.js';
import { ReleaseHoldUseCase } from './change-appointment/release-hold.use-case.js';
import { RescheduleAppointmentUseCase } from './change-appointment/reschedule-appointment.use-case.js';
import { SearchSlotsUseCase } from './search-slots/search-slots.use-case.js';

@Module({
  controllers: [AppointmentsController, OrganisationSlotsController],
  providers: [
    BookAppointmentUseCase,
    BookHoldUseCase,
    CancelAppointmentUseCase,
    ConfirmAppointmentUseCase,
    MarkNoShowUseCase,
    ReleaseHoldUseCase,
    RescheduleAppointmentUseCase,
    SearchSlotsUseCase,
    CenterStateRepository,
    HoldExpirySweeper,
  ],
  exports: [BookAppointmentUseCase, CenterStateRepository, ConfirmAppointmentUseCase],
})
export class AppointmentsModule {}
