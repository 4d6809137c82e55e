import { Module } from '@nestjs/common';
import { AppointmentsController } from './appointments.controller.js';
import { BookAppointmentUseCase } from './book-appointment/book-appointment.use-case.js';
import { CenterStateRepository } from './center-state.repository.js';
import { CancelAppointmentUseCase } from './change-appointment/cancel-appointment.use-case.js';
import { ConfirmAppointmentUseCase } from './change-appointment/confirm-appointment.use-case.js';
import { MarkNoShowUseCase } from './change-appointment/mark-no-show.use-case.js';
import { RescheduleAppointmentUseCase } from './change-appointment/reschedule-appointment.use-case.js';

@Module({
  controllers: [AppointmentsController],
  providers: [BookAppointmentUseCase, CancelAppointmentUseCase, ConfirmAppointmentUseCase, MarkNoShowUseCase, RescheduleAppointmentUseCase, CenterStateRepository],
})
export class AppointmentsModule {}
