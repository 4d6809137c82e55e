import { Module } from '@nestjs/common';
import { RaisePatientAlertUseCase } from './raise-patient-alert/raise-patient-alert.use-case.js';

/** What patients' messages raise for the center (severe follow-up answers, email bounces and complaints). */
@Module({
  providers: [RaisePatientAlertUseCase],
  exports: [RaisePatientAlertUseCase],
})
export class PatientAlertsModule {}
