import { Module } from '@nestjs/common';
import { PatientsController } from './patients.controller.js';
import { RegisterPatientUseCase } from './register-patient/register-patient.use-case.js';
import { ErasePatientContactUseCase } from './erase-patient-contact/erase-patient-contact.use-case.js';
import { UpdatePatientContactUseCase } from './update-patient-contact/update-patient-contact.use-case.js';
import { UpdatePatientDemographicsUseCase } from './update-patient-demographics/update-patient-demographics.use-case.js';
import { SearchPatientsQuery } from './search-patients/search-patients.query.js';
import { PatientRecordQuery } from './patient-record/patient-record.query.js';
import { DayPatientNamesController } from './day-patient-names.controller.js';
import { DayPatientNamesQuery } from './day-patient-names/day-patient-names.query.js';

@Module({
  controllers: [PatientsController, DayPatientNamesController],
  providers: [
    RegisterPatientUseCase,
    UpdatePatientContactUseCase,
    ErasePatientContactUseCase,
    UpdatePatientDemographicsUseCase,
    SearchPatientsQuery,
    PatientRecordQuery,
    DayPatientNamesQuery,
  ],
})
export class PatientsModule {}
