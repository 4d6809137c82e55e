import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { ApplyReplansUseCase } from './apply-replans/apply-replans.use-case.js';
import { MoveSeatedPatientUseCase } from './move-seated-patient/move-seated-patient.use-case.js';
import { HoldOverrunUseCase } from './hold-overrun/hold-overrun.use-case.js';
import { ProposeReplansUseCase } from './propose-replans/propose-replans.use-case.js';
import { ReplansController } from './replans.controller.js';
import { ReplansQuery } from './replans.query.js';

/** Live re-plans: holding an overrun's time, proposing ways out for what it (or a sick call) disturbs, applying them. */
@Module({
  imports: [AppointmentsModule],
  controllers: [ReplansController],
  providers: [HoldOverrunUseCase, ProposeReplansUseCase, ApplyReplansUseCase, MoveSeatedPatientUseCase, ReplansQuery],
  exports: [HoldOverrunUseCase, ProposeReplansUseCase],
})
export class ReplansModule {}
