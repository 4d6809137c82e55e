import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { type AuthenticatedUser, CurrentUser, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { CenterStateRepository } from '../appointments/center-state.repository.js';
import { treatmentRequest } from '../appointments/treatment-request.js';
import { JoinWaitlistDto, WaitlistRequestView } from './dto/waitlist.dto.js';
import { WaitlistRequest } from './waitlist-request.entity.js';
import { Audited, fromBody, fromRequestBody } from '@chairside/audit';

const DAY = 24 * 3_600_000;

function view(w: WaitlistRequest): WaitlistRequestView {
  return {
    id: w.id,
    locationId: w.locationId,
    patientId: w.patientId,
    therapyCode: w.therapyCode,
    durationMinutes: w.durationMinutes,
    earliest: w.earliest.toISOString(),
    latest: w.latest.toISOString(),
    status: w.status,
    offeredAppointmentId: w.offeredAppointmentId,
    version: w.version,
  };
}

/** Patients who want a time the schedule does not have yet; freed time is offered to them in turn. */
@ApiTags('waitlist')
@Controller('locations/:locationId/waitlist')
export class WaitlistController {
  constructor(
    private readonly centers: CenterStateRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post()
  @Audited({
    resource: 'waitlist-request',
    action: 'create',
    resourceId: fromBody('id'),
    patientId: fromRequestBody('patientId'),
  })
  @HttpCode(201)
  @Roles('admin', 'scheduler')
  @ApiCreatedResponse({ type: WaitlistRequestView })
  async join(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Body() body: JoinWaitlistDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<WaitlistRequestView> {
    if (body.latest <= body.earliest) throw ProblemException.validation([{ field: 'latest', reason: 'must be after earliest' }]);
    if (body.latest.getTime() - body.earliest.getTime() > 90 * DAY)
      throw ProblemException.validation([{ field: 'latest', reason: 'must be at most 90 days after earliest' }]);
    if ((body.preferredFrom === undefined) !== (body.preferredTo === undefined))
      throw ProblemException.validation([
        { field: body.preferredFrom ? 'preferredTo' : 'preferredFrom', reason: 'preferredFrom and preferredTo go together' },
      ]);
    const context = await this.centers.context(this.dataSource.manager, {
      locationId,
      organisationId: user.org,
      patientId: body.patientId,
      therapyCode: body.therapyCode,
    });
    if (!context) throw ProblemException.notFound('Location', locationId);
    if (!context.patientKnown) throw ProblemException.notFound('Patient', body.patientId);
    const durationMinutes = treatmentRequest(body.patientId, context.therapy, body.durationMinutes).durationMinutes;
    const request = this.dataSource.getRepository(WaitlistRequest).create({
      id: randomUUID(),
      locationId,
      patientId: body.patientId,
      therapyCode: body.therapyCode,
      durationMinutes,
      earliest: body.earliest,
      latest: body.latest,
      preferredFrom: body.preferredFrom ?? null,
      preferredTo: body.preferredTo ?? null,
      status: 'waiting',
      offeredAppointmentId: null,
      version: 1,
    });
    await this.dataSource.getRepository(WaitlistRequest).insert(request);
    return view(request);
  }

  @Get()
  @Audited({ resource: 'waitlist', action: 'search', resourceId: 'locationId' })
  @Roles('admin', 'scheduler')
  @ApiOkResponse({ type: [WaitlistRequestView], description: 'Requests still waiting or holding an offer, oldest first.' })
  async list(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<WaitlistRequestView[]> {
    await this.assertLocation(locationId, user.org);
    const requests = await this.dataSource
      .getRepository(WaitlistRequest)
      .find({ where: { locationId, status: In(['waiting', 'offered']) }, order: { createdAt: 'ASC' } });
    return requests.map(view);
  }

  @Delete(':requestId')
  @Audited({ resource: 'waitlist-request', action: 'delete', resourceId: 'requestId' })
  @Roles('admin', 'scheduler')
  @ApiOkResponse({ type: WaitlistRequestView })
  async withdraw(
    @Param('locationId', uuidParam('locationId')) locationId: string,
    @Param('requestId', uuidParam('requestId')) requestId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<WaitlistRequestView> {
    await this.assertLocation(locationId, user.org);
    const request = await this.dataSource.getRepository(WaitlistRequest).findOneBy({ id: requestId, locationId });
    if (!request) throw ProblemException.notFound('Waitlist request', requestId);
    if (request.status !== 'withdrawn' && request.status !== 'booked') {
      request.status = 'withdrawn';
      request.version += 1;
      await this.dataSource.getRepository(WaitlistRequest).save(request);
    }
    return view(request);
  }

  private async assertLocation(locationId: string, organisationId: string): Promise<void> {
    const rows = (await this.dataSource.query('SELECT 1 FROM location WHERE id = $1 AND organisation_id = $2', [
      locationId,
      organisationId,
    ])) as unknown[];
    if (!rows.length) throw ProblemException.notFound('Location', locationId);
  }
}
