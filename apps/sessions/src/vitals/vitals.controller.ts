import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { answerOnce, type AuthenticatedUser, CurrentUser, idempotencyOf, Roles, uuidParam } from '@chairside/platform';
import { checkedDeviceTime } from '../session-lifecycle/device-time.js';
import { VitalsDto } from './dto/vitals.dto.js';
import { Audited, fromBody } from '@chairside/audit';
import { RecordVitalsUseCase, type RecordedVitals } from './record-vitals/record-vitals.use-case.js';
import { EnteredInErrorDto } from '../session-lifecycle/dto/session-step.dto.js';
import { EnterVitalsInErrorUseCase, type VitalsCorrection } from './enter-vitals-in-error/enter-vitals-in-error.use-case.js';

@ApiTags('sessions')
@Controller('locations/:locationId')
export class VitalsController {
  constructor(
    private readonly vitals: RecordVitalsUseCase,
    private readonly enterInError: EnterVitalsInErrorUseCase,
  ) {}

  @Post('sessions/:appointmentId/vitals/:vitalsId/entered-in-error')
  @Audited({ resource: 'vitals', action: 'update', resourceId: 'vitalsId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiOkResponse({ description: 'The correction: the vital signs stay recorded, marked entered in error, and no longer count.' })
  vitalsInError(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('appointmentId', uuidParam('appointmentId')) appointmentId: string,
    @Param('vitalsId', uuidParam('vitalsId')) vitalsId: string,
    @Body() body: EnteredInErrorDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<VitalsCorrection> {
    return this.enterInError.execute({
      organisationId: user.org,
      locationId,
      appointmentId,
      vitalsId,
      reason: body.reason,
      actorId: user.sub,
      now: new Date(),
    });
  }

  @Post('sessions/:appointmentId/vitals')
  @Audited({ resource: 'vitals', action: 'create', resourceId: fromBody('id'), patientId: fromBody('patientId') })
  @HttpCode(201)
  @Roles('admin', 'nurse')
  @ApiCreatedResponse({ description: 'The vital signs, LOINC-coded, any out-of-range findings, and when the next are due.' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retrying with the same key returns the first response and charts nothing twice.',
  })
  async recordVitals(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('appointmentId', uuidParam('appointmentId')) appointmentId: string,
    @Body() body: VitalsDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecordedVitals> {
    const now = new Date();
    const deviceTime = checkedDeviceTime(body, now);
    const { deviceTime: _d, ...values } = body;
    const outcome = await this.vitals.execute({
      organisationId: user.org,
      locationId,
      appointmentId,
      actorId: user.sub,
      values,
      now,
      ...(deviceTime ? { deviceTime } : {}),
      ...idempotencyOf(idempotencyKey, user.org, `POST /locations/${locationId}/sessions/${appointmentId}/vitals`, body),
    });
    return answerOnce(outcome, res, (recorded) => recorded);
  }
}
