import { Module } from '@nestjs/common';
import { AppointmentsController } from './appointments.controller.js';
import { BookAppointmentUseCase } from './book-appointment/book-appointment.use-case.js';
import { CenterStateRepository } from './center-state.repository.js';

@Module({
  controllers: [AppointmentsController],
  providers: [BookAppointmentUseCase, CenterStateRepository],
})
export class AppointmentsModule {}
