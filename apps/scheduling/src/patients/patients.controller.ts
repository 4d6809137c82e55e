import { Body, Controller, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { NotificationPreferences } from '@chairside/domain';
import { type AuthenticatedUser, CurrentUser, parseIfMatch, Roles, uuidParam } from '@chairside/platform';
import { type NotificationPreferencesDto, RegisterPatientDto, UpdatePatientContactDto } from './dto/patient.dto.js';
import { RegisterPatientUseCase } from './register-patient/register-patient.use-case.js';
import { UpdatePatientContactUseCase } from './update-patient-contact/update-patient-contact.use-case.js';
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

/**
 * Patients belong to the organisation, not to one center. Responses return the id and version
 * only: callers already hold what they sent, and personal data is not echoed into logs and caches.
 */
@ApiTags('patients')
@Controller('patients')
export class PatientsController {
  constructor(
    private readonly registerPatient: RegisterPatientUseCase,
    private readonly updatePatientContact: UpdatePatientContactUseCase,
  ) {}

  @Post()
  @Audited({ resource: 'patient', action: 'create', resourceId: fromBody('id'), patientId: fromBody('id') })
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  async register(@Body() body: RegisterPatientDto, @CurrentUser() user: AuthenticatedUser): Promise<{ id: string }> {
    const { preferences, ...contact } = body;
    const patient = await this.registerPatient.execute({
      ...contact,
      organisationId: user.org,
      preferences: preferencesFrom(preferences),
    });
    return { id: patient.id };
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
    const { preferences, ...contact } = body;
    const expectedVersion = parseIfMatch(ifMatch);
    const patient = await this.updatePatientContact.execute({
      ...contact,
      organisationId: user.org,
      locations: user.locations,
      patientId,
      preferences: preferencesFrom(preferences),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    res.setHeader('ETag', `"${patient.version}"`);
    return { id: patient.id, version: patient.version };
  }
}
