import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, parseIfMatch, Roles, uuidParam } from '@chairside/platform';
import { RecordSessionStepUseCase } from './record-session-step/record-session-step.use-case.js';
import { AccessDto, DischargeDto, RateDto, ReactionDto, ReasonDto, StartDto, StepDto } from './dto/session-step.dto.js';
import { checkedDeviceTime } from './device-time.js';
import type { SessionCommand } from './session-machine.js';
import { sessionView, type SessionView } from './session-view.js';
import { SessionDetailsQuery } from './session-details.query.js';
import { dischargeCommand } from './record-session-step/discharge-command.js';
import { Session } from '../sessions/session.entity.js';
import { Audited, fromBody } from '@chairside/audit';

const locationUuid = uuidParam('locationId');
const appointmentUuid = uuidParam('appointmentId');

@ApiTags('sessions')
@Controller('locations/:locationId')
export class SessionsController {
  constructor(
    private readonly steps: RecordSessionStepUseCase,
    private readonly details: SessionDetailsQuery,
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
  reaction(
    @Param('locationId', locationUuid) l: string,
    @Param('appointmentId', appointmentUuid) a: string,
    @Body() body: ReactionDto,
    @Headers('if-match') ifMatch: string | undefined,
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
      },
      body,
      ifMatch,
      user,
      res,
    );
  }

  private async step(
    locationId: string,
    appointmentId: string,
    command: SessionCommand | ((session: Session) => SessionCommand),
    body: StepDto,
    ifMatch: string | undefined,
    user: AuthenticatedUser,
    res: Response,
  ): Promise<SessionView> {
    const now = new Date();
    const deviceTime = checkedDeviceTime(body, now);
    const expectedVersion = parseIfMatch(ifMatch);
    const session = await this.steps.execute({
      appointmentId,
      command,
      actorId: user.sub,
      now,
      organisationId: user.org,
      locationId,
      ...(deviceTime ? { deviceTime } : {}),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    res.setHeader('ETag', `"${session.version}"`);
    return sessionView(session);
  }
}
