import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser, CurrentUser, parseIfMatch, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { RecordSessionStepUseCase } from './record-session-step/record-session-step.use-case.js';
import {
  AccessDto,
  BoardQueryDto,
  DischargeDto,
  RateDto,
  ReactionDto,
  ReasonDto,
  StartDto,
  StepDto,
  VitalsDto,
} from './dto/session-step.dto.js';
import type { SessionCommand } from './session-machine.js';
import { sessionView, type SessionView } from './session-view.js';
import { RecordVitalsUseCase, type RecordedVitals } from '../vitals/record-vitals/record-vitals.use-case.js';
import { DayBoardQuery, type DayBoard } from '../board/day-board.query.js';
import { Session } from '../sessions/session.entity.js';
import { Audited, fromBody } from '@chairside/audit';

const locationUuid = uuidParam('locationId');
const appointmentUuid = uuidParam('appointmentId');
/** Devices at the chair may run a little ahead; a step "from the future" beyond this is a bad clock. */
const DEVICE_CLOCK_AHEAD_MS = 5 * 60_000;

@ApiTags('sessions')
@Controller('locations/:locationId')
export class SessionsController {
  constructor(
    private readonly steps: RecordSessionStepUseCase,
    private readonly vitals: RecordVitalsUseCase,
    private readonly board: DayBoardQuery,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('board')
  @Audited({ resource: 'day-board', action: 'read', resourceId: 'locationId' })
  @Roles('admin', 'scheduler', 'nurse')
  @ApiOkResponse({ description: "The day's sessions by chair and nurse, live status and what runs late." })
  dayBoard(
    @Param('locationId', locationUuid) locationId: string,
    @Query() query: BoardQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DayBoard> {
    return this.board.execute({
      organisationId: user.org,
      locationId,
      ...(query.date !== undefined ? { date: query.date } : {}),
      now: new Date(),
    });
  }

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
    const session = await this.dataSource
      .getRepository(Session)
      .createQueryBuilder('s')
      .innerJoin('known_location', 'l', 'l.location_id = s.location_id')
      .where('s.appointmentId = :appointmentId AND s.locationId = :locationId AND l.organisation_id = :org', {
        appointmentId,
        locationId,
        org: user.org,
      })
      .getOne();
    if (!session) throw ProblemException.notFound('Session', appointmentId);
    const [steps, vitals] = await Promise.all([
      this.dataSource.query(
        'SELECT seq, kind, from_status, to_status, actor_id, occurred_at, device_time, details FROM session_step WHERE session_id = $1 ORDER BY seq',
        [appointmentId],
      ),
      this.dataSource.query(
        'SELECT id, taken_at, recorded_at, actor_id, "values", findings FROM vital_signs WHERE session_id = $1 ORDER BY taken_at',
        [appointmentId],
      ),
    ]);
    res.setHeader('ETag', `"${session.version}"`);
    return sessionView(session, steps, vitals);
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
    // The command is decided against the locked session, so the recommendation reads the same state.
    return this.step(
      l,
      a,
      (session) => {
        const recommended = session.therapy.mayDriveAfter && session.state.highestReactionGrade < 2;
        const mayDrive = body.mayDrive ?? recommended;
        return {
          kind: 'discharge',
          mayDrive,
          escortRequired: !mayDrive,
          ...(body.instructions !== undefined ? { instructions: body.instructions } : {}),
        };
      },
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

  @Post('sessions/:appointmentId/vitals')
  @Audited({ resource: 'vitals', action: 'create', resourceId: fromBody('id'), patientId: fromBody('patientId') })
  @HttpCode(201)
  @Roles('admin', 'nurse')
  @ApiCreatedResponse({ description: 'The vital signs, LOINC-coded, any out-of-range findings, and when the next are due.' })
  recordVitals(
    @Param('locationId', locationUuid) locationId: string,
    @Param('appointmentId', appointmentUuid) appointmentId: string,
    @Body() body: VitalsDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<RecordedVitals> {
    const now = new Date();
    const deviceTime = checkedDeviceTime(body, now);
    const { deviceTime: _d, ...values } = body;
    return this.vitals.execute({
      organisationId: user.org,
      locationId,
      appointmentId,
      actorId: user.sub,
      values,
      now,
      ...(deviceTime ? { deviceTime } : {}),
    });
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

function checkedDeviceTime(body: StepDto, now: Date): Date | undefined {
  if (body.deviceTime && body.deviceTime.getTime() > now.getTime() + DEVICE_CLOCK_AHEAD_MS) {
    throw ProblemException.validation([{ field: 'deviceTime', reason: "lies more than 5 minutes ahead of the server's clock" }]);
  }
  return body.deviceTime;
}
