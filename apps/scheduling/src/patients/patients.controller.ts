import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { NotificationPreferences } from '@chairside/domain';
import { type AuthenticatedUser, CurrentUser, parseIfMatch, ProblemException, Roles, uuidParam } from '@chairside/platform';
import {
  type NotificationPreferencesDto,
  RegisterPatientDto,
  SearchPatientsQueryDto,
  UpdatePatientContactDto,
  UpdatePatientDemographicsDto,
} from './dto/patient.dto.js';
import {
  RegisterPatientUseCase,
  type RegisteredPatientView,
  registeredView,
} from './register-patient/register-patient.use-case.js';
import { type ErasedContact, ErasePatientContactUseCase } from './erase-patient-contact/erase-patient-contact.use-case.js';
import { UpdatePatientContactUseCase } from './update-patient-contact/update-patient-contact.use-case.js';
import { UpdatePatientDemographicsUseCase } from './update-patient-demographics/update-patient-demographics.use-case.js';
import { type PatientPage, SearchPatientsQuery } from './search-patients/search-patients.query.js';
import { type PatientRecord, PatientRecordQuery } from './patient-record/patient-record.query.js';
import { Audited, fromBody } from '@chairside/audit';

const patientUuid = uuidParam('patientId');

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

/** The location a limited user registers at: the one named, else their only one. */
function registeringLocation(user: AuthenticatedUser, locationId: string | undefined): string | null {
  if (locationId) return locationId;
  if (user.locations === '*') return null;
  if (user.locations.length === 1) return user.locations[0]!;
  throw ProblemException.validation([{ field: 'locationId', reason: 'name the location registering the patient' }]);
}

/**
 * Patients belong to the organisation; who sees one is patient-scope.ts's rule. Writes answer the
 * id, the medical record number and the version; reads of a patient are audited.
 */
@ApiTags('patients')
@Controller('patients')
export class PatientsController {
  constructor(
    private readonly registerPatient: RegisterPatientUseCase,
    private readonly updatePatientContact: UpdatePatientContactUseCase,
    private readonly erasePatientContact: ErasePatientContactUseCase,
    private readonly updateDemographics: UpdatePatientDemographicsUseCase,
    private readonly searchPatients: SearchPatientsQuery,
    private readonly patientRecord: PatientRecordQuery,
  ) {}

  @Post()
  @Audited({ resource: 'patient', action: 'create', resourceId: fromBody('id'), patientId: fromBody('id') })
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retrying with the same key returns the first response and registers no one twice.',
  })
  async register(
    @Body() body: RegisterPatientDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegisteredPatientView> {
    const { preferences, locationId, ...contact } = body;
    const outcome = await this.registerPatient.execute({
      ...contact,
      organisationId: user.org,
      registeredLocationId: registeringLocation(user, locationId),
      preferences: preferencesFrom(preferences),
      ...(idempotencyKey !== undefined
        ? { idempotency: { key: idempotencyKey, scope: `${user.org}:POST /patients`, request: body } }
        : {}),
    });
    if (outcome.replayed) {
      res.status(outcome.status).setHeader('Idempotent-Replayed', 'true');
      return outcome.body as RegisteredPatientView;
    }
    res.setHeader('ETag', `"${outcome.body.version}"`);
    return registeredView(outcome.body);
  }

  @Get()
  @Audited({ resource: 'patient', action: 'search' })
  @Roles('admin', 'scheduler')
  search(@Query() query: SearchPatientsQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<PatientPage> {
    if (!query.name && !query.dateOfBirth && !query.mrn && !query.phone)
      throw ProblemException.validation([{ field: 'name', reason: 'give a name, dateOfBirth, mrn or phone to search by' }]);
    return this.searchPatients.execute({
      organisationId: user.org,
      locations: user.locations,
      ...(query.name ? { name: query.name } : {}),
      ...(query.dateOfBirth ? { dateOfBirth: query.dateOfBirth } : {}),
      ...(query.mrn ? { mrn: query.mrn } : {}),
      ...(query.phone ? { phone: query.phone } : {}),
      limit: query.limit ?? 20,
      offset: query.offset ?? 0,
    });
  }

  @Get(':patientId')
  @Audited({ resource: 'patient', action: 'read', resourceId: 'patientId', patientId: 'patientId' })
  @Roles('admin', 'scheduler')
  async record(
    @Param('patientId', patientUuid) patientId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PatientRecord> {
    const record = await this.patientRecord.execute({
      organisationId: user.org,
      locations: user.locations,
      patientId,
      now: new Date(),
    });
    res.setHeader('ETag', `"${record.version}"`);
    return record;
  }

  @Put(':patientId/demographics')
  @Audited({ resource: 'patient', action: 'update', resourceId: 'patientId', patientId: 'patientId' })
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version last read (or `version` in the body): required.' })
  async changeDemographics(
    @Param('patientId', patientUuid) patientId: string,
    @Body() body: UpdatePatientDemographicsDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegisteredPatientView> {
    const { version, ...demographics } = body;
    const patient = await this.updateDemographics.execute({
      ...demographics,
      organisationId: user.org,
      locations: user.locations,
      actorId: user.sub,
      patientId,
      expectedVersion: parseIfMatch(ifMatch) ?? version,
    });
    res.setHeader('ETag', `"${patient.version}"`);
    return registeredView(patient);
  }

  @Put(':patientId/contact')
  @Audited({ resource: 'patient-contact', action: 'update', resourceId: 'patientId', patientId: 'patientId' })
  @HttpCode(200)
  @Roles('admin', 'scheduler')
  @ApiHeader({ name: 'If-Match', required: false })
  async updateContact(
    @Param('patientId', patientUuid) patientId: string,
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

  /**
   * Erasure on the patient's request: their phone, email and notification preferences are
   * forgotten here and by every service that copied them (docs/security.md, "Erasure"). For the
   * privacy officer or an admin; audited like every change of patient data.
   */
  @Delete(':patientId/contact')
  @Audited({ resource: 'patient-contact', action: 'delete', resourceId: 'patientId', patientId: 'patientId' })
  @HttpCode(200)
  @Roles('admin', 'privacy-officer')
  async eraseContact(
    @Param('patientId', patientUuid) patientId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ErasedContact> {
    const erased = await this.erasePatientContact.execute({
      organisationId: user.org,
      locations: user.locations,
      actorId: user.sub,
      patientId,
    });
    res.setHeader('ETag', `"${erased.version}"`);
    return erased;
  }
}
