import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, type PipeTransform, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  answerOnce,
  type AuthenticatedUser,
  CurrentUser,
  idempotencyOf,
  parseIfMatch,
  ProblemException,
  Roles,
  uuidParam,
} from '@chairside/platform';
import { RecordSessionStepUseCase } from './record-session-step/record-session-step.use-case.js';
import {
  AccessDto,
  DischargeDto,
  EnteredInErrorDto,
  MedicationDto,
  RateDto,
  ReactionWithOverrideDto,
  ReasonDto,
  StartDto,
  StepDto,
} from './dto/session-step.dto.js';
import { checkedAdministeredAt, checkedDeviceTime } from './device-time.js';
import { EnterStepInErrorUseCase } from './enter-step-in-error/enter-step-in-error.use-case.js';
import { UndoCheckInUseCase } from './undo-check-in/undo-check-in.use-case.js';
import type { SessionCommand } from './session-machine.js';
import { sessionView, type SessionView } from './session-view.js';
import { SessionDetailsQuery } from './session-details.query.js';
import { dischargeCommand } from './record-session-step/discharge-command.js';
import { Session } from '../sessions/session.entity.js';
import { Audited, fromBody } from '@chairside/audit';

const locationUuid = uuidParam('locationId');
const appointmentUuid = uuidParam('appointmentId');
/** A step's position in the log: 1 to a bound no session reaches, so a huge number is a 400, not a scan. */
const stepSeq: PipeTransform<string, number> = {
  transform(value: string): number {
    if (!/^[1-9][0-9]{0,5}$/.test(value) || Number(value) > 100_000)
      throw ProblemException.validation([{ field: 'seq', reason: 'must be a whole number from 1 to 100000' }]);
    return Number(value);
  },
};

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Retrying with the same key returns the first response and charts nothing twice.',
};

/** A step that adds to the chart, retried safely with the client's Idempotency-Key. */
interface ChartedOnce {
  key: string | undefined;
  route: string;
  /** The endpoint's status, replayed with the first answer. */
  status: number;
  request: unknown;
}

@ApiTags('sessions')
@Controller('locations/:locationId')
export class SessionsController {
  constructor(
    private readonly steps: RecordSessionStepUseCase,
    private readonly details: SessionDetailsQuery,
    private readonly enterStepInError: EnterStepInErrorUseCase,
    private readonly undoCheckInUseCase: UndoCheckInUseCase,
  ) {}

  @Get('sessions/:appointmentId')
  @Audited({ resource: 'session', action: 'read', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @Roles('admin', 'scheduler', 'nurse')
  @ApiOkResponse({ description: 'The session with its full log of steps and vital signs.' })
  async get(
    @Param('locationId', locationUuid) locationId: string,
    @Param('appointmentId', appointmentUuid) appointmentId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionView> {
    const view = await this.details.execute({ organisationId: user.org, locationId, appointmentId });
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Post('sessions/:appointmentId/check-in')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'scheduler', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  checkIn(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: StepDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(l, a, { kind: 'check-in' }, body, ifMatch, user, res);
  }

  @Post('sessions/:appointmentId/seat')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  seat(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: StepDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(l, a, { kind: 'seat' }, body, ifMatch, user, res);
  }

  @Post('sessions/:appointmentId/drug-ready')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  drugReady(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: StepDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(l, a, { kind: 'drug-ready' }, body, ifMatch, user, res);
  }

  @Post('sessions/:appointmentId/access')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  access(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: AccessDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(
      l,
      a,
      {
        kind: 'establish-access',
        route: body.route,
        site: body.site,
        attempts: body.attempts,
        numbingSprayUsed: body.numbingSprayUsed,
      },
      body,
      ifMatch,
      user,
      res,
    );
  }

  @Post('sessions/:appointmentId/start')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  start(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: StartDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(
      l,
      a,
      { kind: 'start', ...(body.rateMlPerHour !== undefined ? { rateMlPerHour: body.rateMlPerHour } : {}) },
      body,
      ifMatch,
      user,
      res,
    );
  }

  @Post('sessions/:appointmentId/pause')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  pause(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(l, a, { kind: 'pause', reason: body.reason }, body, ifMatch, user, res);
  }

  @Post('sessions/:appointmentId/resume')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  resume(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: RateDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(
      l,
      a,
      {
        kind: 'resume',
        ratePercent: body.ratePercent,
        ...(body.rateMlPerHour !== undefined ? { rateMlPerHour: body.rateMlPerHour } : {}),
      },
      body,
      ifMatch,
      user,
      res,
    );
  }

  @Post('sessions/:appointmentId/rate')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  rate(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: RateDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(
      l,
      a,
      {
        kind: 'change-rate',
        ratePercent: body.ratePercent,
        ...(body.rateMlPerHour !== undefined ? { rateMlPerHour: body.rateMlPerHour } : {}),
      },
      body,
      ifMatch,
      user,
      res,
    );
  }

  @Post('sessions/:appointmentId/complete')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  complete(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: StepDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(l, a, { kind: 'complete' }, body, ifMatch, user, res);
  }

  @Post('sessions/:appointmentId/stop')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  stop(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(l, a, { kind: 'stop', reason: body.reason }, body, ifMatch, user, res);
  }

  @Post('sessions/:appointmentId/discharge')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  async discharge(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: DischargeDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(
      l,
      a,
      dischargeCommand({
        ...(body.mayDrive !== undefined ? { mayDrive: body.mayDrive } : {}),
        ...(body.instructions !== undefined ? { instructions: body.instructions } : {}),
      }),
      body,
      ifMatch,
      user,
      res,
    );
  }

  @Post('sessions/:appointmentId/reactions')
  @Audited({ resource: 'reaction', action: 'create', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiHeader(IDEMPOTENCY_HEADER)
  reaction(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: ReactionWithOverrideDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.step(
      l,
      a,
      {
        kind: 'record-reaction',
        reactionId: randomUUID(),
        reaction: body.kind,
        grade: body.grade,
        actions: body.actions,
        outcome: body.outcome,
        ...(body.override ? { override: { authorisedBy: body.override.authorisedBy, reason: body.override.reason } } : {}),
      },
      body,
      ifMatch,
      user,
      res,
      { key: idempotencyKey, route: `POST /locations/${l}/sessions/${a}/reactions`, status: 200, request: body },
    );
  }

  @Post('sessions/:appointmentId/medications')
  @Audited({ resource: 'medication', action: 'create', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(201)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ description: 'The session; the medication is the last step of its log (FHIR MedicationAdministration).' })
  medication(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: MedicationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const administeredAt = checkedAdministeredAt(body.administeredAt, new Date());
    return this.step(
      l,
      a,
      {
        kind: 'record-medication',
        medicationId: randomUUID(),
        drug: body.drug,
        dose: body.dose,
        doseUnit: body.doseUnit,
        volumeMl: body.volumeMl,
        route: body.route,
        lot: body.lot,
        administeredAt: administeredAt.toISOString(),
      },
      {},
      ifMatch,
      user,
      res,
      { key: idempotencyKey, route: `POST /locations/${l}/sessions/${a}/medications`, status: 201, request: body },
    );
  }

  @Post('sessions/:appointmentId/steps/:seq/entered-in-error')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({
    description: 'The session as the rest of its log makes it; the step stays in the log, marked entered in error.',
  })
  async stepInError(
    @Param('locationId', locationUuid) locationId: string,
    @Param('appointmentId', appointmentUuid) appointmentId: string,
    @Param('seq', stepSeq) seq: number,
    @Body() body: EnteredInErrorDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionView> {
    const expectedVersion = parseIfMatch(ifMatch);
    const session = await this.enterStepInError.execute({
      organisationId: user.org,
      locationId,
      appointmentId,
      step: { seq },
      reason: body.reason,
      actorId: user.sub,
      now: new Date(),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    res.setHeader('ETag', `"${session.version}"`);
    return sessionView(session);
  }

  @Post('sessions/:appointmentId/undo-check-in')
  @Audited({ resource: 'session', action: 'update', resourceId: 'appointmentId', patientId: fromBody('patientId') })
  @HttpCode(200)
  @Roles('admin', 'scheduler', 'nurse')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ description: 'The session, expected again; the check-in stays in the log, marked entered in error.' })
  async undoCheckIn(
    @Param('locationId', locationUuid) locationId: string,
    @Param('appointmentId', appointmentUuid) appointmentId: string,
    @Body() body: EnteredInErrorDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionView> {
    const expectedVersion = parseIfMatch(ifMatch);
    const session = await this.undoCheckInUseCase.execute({
      organisationId: user.org,
      locationId,
      appointmentId,
      reason: body.reason,
      actorId: user.sub,
      now: new Date(),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    res.setHeader('ETag', `"${session.version}"`);
    return sessionView(session);
  }

  private async step(
    locationId: string,
    appointmentId: string,
    command: SessionCommand | ((session: Session) => SessionCommand),
    body: StepDto,
    ifMatch: string | undefined,
    user: AuthenticatedUser,
    res: Response,
    once?: ChartedOnce,
  ): Promise<SessionView> {
    const now = new Date();
    const deviceTime = checkedDeviceTime(body, now);
    const expectedVersion = parseIfMatch(ifMatch);
    const { idempotency } = once ? idempotencyOf(once.key, user.org, once.route, once.request) : {};
    const outcome = await this.steps.execute({
      appointmentId,
      command,
      actorId: user.sub,
      now,
      organisationId: user.org,
      locationId,
      ...(deviceTime ? { deviceTime } : {}),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      ...(idempotency && once ? { idempotency: { ...idempotency, status: once.status } } : {}),
    });
    const view = answerOnce(outcome, res, (session) => sessionView(session));
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }
}
