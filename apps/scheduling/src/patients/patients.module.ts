import { Module } from '@nestjs/common';
import { PatientsController } from './patients.controller.js';
import { RegisterPatientUseCase } from './register-patient/register-patient.use-case.js';
import { UpdatePatientContactUseCase } from './update-patient-contact/update-patient-contact.use-case.js';

@Module({ controllers: [PatientsController], providers: [RegisterPatientUseCase, UpdatePatientContactUseCase] })
export class PatientsModule {}
