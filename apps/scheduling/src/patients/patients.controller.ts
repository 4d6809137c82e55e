import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { PatientContactChangedV1 } from '@chairside/contracts';
import type { NotificationPreferences } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { type AuthenticatedUser, CurrentUser, parseIfMatch, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { type NotificationPreferencesDto, RegisterPatientDto, UpdatePatientContactDto } from './dto/patient.dto.js';
import { Patient } from './patient.entity.js';
import { Audited, fromBody } from '@chairside/audit';

function preferencesFrom(dto: NotificationPreferencesDto | undefined): NotificationPreferences | null {
  return dto
    ? {
        channels: dto.channels,
        optOutKinds: dto.optOutKinds,
        quietHours: dto.quietHours ? { start: dto.quietHours.start, end: dto.quietHours.end } : null,
        timeZone: dto.timeZone ?? null,
      }
    : null;
}

function assertReachable(body: { phone?: string | null; email?: string | null; notificationConsent?: boolean }): void {
  if (!body.phone && !body.email && body.notificationConsent) {
    throw ProblemException.validation([{ field: 'notificationConsent', reason: 'needs a phone or an email to notify' }]);
  }
}

/** Contact data goes to notifications on its own compacted topic, never with other events. */
function publishContact(tx: Transaction, patient: Patient) {
  return tx.publish(
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
      ...(patient.preferences ? { preferences: patient.preferences } : {}),
    },
    { aggregateId: patient.id, aggregateSequence: patient.version },
  );
}

/**
 * Patients belong to the organisation, not to one center. Responses return the id and version
 * only: callers already hold what they sent, and personal data is not echoed into logs and caches.
 */
@ApiTags('patients')
@Controller('patients')
export class PatientsController {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  @Post()
  @Audited({ resource: 'patient', action: 'create', resourceId: fromBody('id'), patientId: fromBody('id') })
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  async register(@Body() body: RegisterPatientDto, @CurrentUser() user: AuthenticatedUser): Promise<{ id: string }> {
    assertReachable(body);
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
        preferences: preferencesFrom(body.preferences),
        version: 1,
      });
      await tx.manager.insert(Patient, patient);
      await publishContact(tx, patient);
      return { id: patient.id };
    });
  }

  @Put(':patientId/contact')
  @Audited({ resource: 'patient-contact', action: 'update', resourceId: 'patientId', patientId: 'patientId' })
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  async updateContact(
    @Param('patientId', uuidParam('patientId')) patientId: string,
    @Body() body: UpdatePatientContactDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ id: string; version: number }> {
    assertReachable(body);
    const expected = parseIfMatch(ifMatch);
    const patient = await this.unitOfWork.run(async (tx) => {
      const found = await tx.manager.findOne(Patient, {
        where: { id: patientId, organisationId: user.org },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw ProblemException.notFound('Patient', patientId);
      if (expected !== undefined && expected !== found.version) {
        throw ProblemException.conflict(
          'version-mismatch',
          `Patient ${patientId} is at version ${found.version}, not ${expected}. Reload and try again.`,
          { currentVersion: found.version },
        );
      }
      const changes = {
        phone: body.phone ?? null,
        email: body.email ?? null,
        preferredLanguage: body.preferredLanguage,
        preferredChannel: body.preferredChannel,
        notificationConsent: body.notificationConsent,
        preferences: preferencesFrom(body.preferences),
        version: found.version + 1,
      };
      Object.assign(found, changes);
      await tx.manager.update(Patient, { id: patientId }, changes);
      await publishContact(tx, found);
      return found;
    });
    res.setHeader('ETag', `"${patient.version}"`);
    return { id: patient.id, version: patient.version };
  }
}
