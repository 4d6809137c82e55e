import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PatientContactChangedV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import { type AuthenticatedUser, CurrentUser, ProblemException, Roles } from '@chairside/platform';
import { RegisterPatientDto } from './dto/patient.dto.js';
import { Patient } from './patient.entity.js';

/**
 * Patients belong to the organisation, not to one center. The response returns the id only:
 * callers already hold what they sent, and personal data is not echoed into logs and caches.
 */
@ApiTags('patients')
@Controller('patients')
export class PatientsController {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  async register(@Body() body: RegisterPatientDto, @CurrentUser() user: AuthenticatedUser): Promise<{ id: string }> {
    if (!body.phone && !body.email && body.notificationConsent) {
      throw ProblemException.validation([{ field: 'notificationConsent', reason: 'needs a phone or an email to notify' }]);
    }
    return this.unitOfWork.run(async (tx) => {
      const patient = tx.manager.create(Patient, {
        id: randomUUID(),
        organisationId: user.org,
        givenName: body.givenName,
        familyName: body.familyName,
        dateOfBirth: body.dateOfBirth,
        phone: body.phone ?? null,
        email: body.email ?? null,
        preferredLanguage: body.preferredLanguage ?? 'en',
        preferredChannel: body.preferredChannel ?? 'email',
        notificationConsent: body.notificationConsent ?? false,
        version: 1,
      });
      await tx.manager.insert(Patient, patient);
      // Contact data goes to notifications on its own compacted topic, never with other events.
      await tx.publish(
        PatientContactChangedV1,
        {
          patientId: patient.id,
          organisationId: patient.organisationId,
          givenName: patient.givenName,
          phone: patient.phone,
          email: patient.email,
          preferredLanguage: patient.preferredLanguage,
          preferredChannel: patient.preferredChannel,
          notificationConsent: patient.notificationConsent,
        },
        { aggregateId: patient.id, aggregateSequence: patient.version },
      );
      return { id: patient.id };
    });
  }
}
