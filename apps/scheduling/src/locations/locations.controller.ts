import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, In } from 'typeorm';
import {
  type AuthenticatedUser,
  CurrentUser,
  OrganisationWide,
  parseIfMatch,
  ProblemException,
  Roles,
  uuidParam,
} from '@chairside/platform';
import { AddChairUseCase } from './add-chair/add-chair.use-case.js';
import { Chair } from './chair.entity.js';
import { ChairOutageScheduledV1 } from '@chairside/contracts';
import { UnitOfWork } from '@chairside/messaging';
import {
  AddChairDto,
  ChairOutageView,
  ChairView,
  LocationView,
  RegisterLocationDto,
  ScheduleChairOutageDto,
  UpdateLocationDto,
} from './dto/location.dto.js';
import { ChairOutage } from './chair-outage.entity.js';
import { HOLDS_TIME } from '../appointments/appointment.entity.js';
import { Location } from './location.entity.js';
import { RegisterLocationUseCase } from './register-location/register-location.use-case.js';
import { UpdateLocationUseCase } from './update-location/update-location.use-case.js';

const uuid = uuidParam('locationId');

function locationView(l: Location): LocationView {
  return {
    id: l.id,
    organisationId: l.organisationId,
    name: l.name,
    timeZone: l.timeZone,
    centerAddress: l.centerAddress,
    version: l.version,
  };
}

function chairView(c: Chair): ChairView {
  return { id: c.id, locationId: c.locationId, label: c.label, kind: c.kind };
}

@ApiTags('locations')
@Controller('locations')
export class LocationsController {
  constructor(
    private readonly registerLocation: RegisterLocationUseCase,
    private readonly updateLocation: UpdateLocationUseCase,
    private readonly addChair: AddChairUseCase,
    private readonly unitOfWork: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post()
  @Roles('admin')
  @OrganisationWide()
  @ApiCreatedResponse({ type: LocationView })
  async register(
    @Body() body: RegisterLocationDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LocationView> {
    const location = await this.registerLocation.execute({
      organisationId: user.org,
      name: body.name,
      timeZone: body.timeZone,
      ...(body.centerAddress !== undefined ? { centerAddress: body.centerAddress } : {}),
    });
    res.setHeader('ETag', `"${location.version}"`);
    res.setHeader('Location', `/locations/${location.id}`);
    return locationView(location);
  }

  @Get()
  @Roles('admin', 'scheduler', 'nurse', 'analyst')
  @ApiOkResponse({ type: [LocationView], description: 'The locations of your organisation that you may act on.' })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<LocationView[]> {
    const where =
      user.locations === '*' ? { organisationId: user.org } : { organisationId: user.org, id: In([...user.locations]) };
    const locations = await this.dataSource.getRepository(Location).find({ where, order: { name: 'ASC' } });
    return locations.map(locationView);
  }

  @Get(':locationId')
  @Roles('admin', 'scheduler', 'nurse', 'analyst')
  @ApiOkResponse({ type: LocationView })
  async get(
    @Param('locationId', uuid) locationId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LocationView> {
    const location = await this.dataSource.getRepository(Location).findOneBy({ id: locationId, organisationId: user.org });
    if (!location) throw ProblemException.notFound('Location', locationId);
    res.setHeader('ETag', `"${location.version}"`);
    return locationView(location);
  }

  @Patch(':locationId')
  @Roles('admin')
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version you are changing; 409 if it has moved on.' })
  @ApiOkResponse({ type: LocationView })
  async update(
    @Param('locationId', uuid) locationId: string,
    @Body() body: UpdateLocationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LocationView> {
    const expectedVersion = parseIfMatch(ifMatch);
    const location = await this.updateLocation.execute({
      organisationId: user.org,
      locationId,
      ...body,
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    res.setHeader('ETag', `"${location.version}"`);
    return locationView(location);
  }

  @Post(':locationId/chairs')
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ type: ChairView })
  async addChairTo(
    @Param('locationId', uuid) locationId: string,
    @Body() body: AddChairDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ChairView> {
    return chairView(await this.addChair.execute({ organisationId: user.org, locationId, label: body.label, kind: body.kind }));
  }

  @Get(':locationId/chairs')
  @Roles('admin', 'scheduler', 'nurse', 'analyst')
  @ApiOkResponse({ type: [ChairView] })
  async chairs(@Param('locationId', uuid) locationId: string, @CurrentUser() user: AuthenticatedUser): Promise<ChairView[]> {
    const location = await this.dataSource.getRepository(Location).existsBy({ id: locationId, organisationId: user.org });
    if (!location) throw ProblemException.notFound('Location', locationId);
    const chairs = await this.dataSource.getRepository(Chair).find({ where: { locationId }, order: { label: 'ASC' } });
    return chairs.map(chairView);
  }

  @Post(':locationId/chairs/:chairId/outages')
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({
    type: ChairOutageView,
    description: 'The chair takes no new bookings in that period. Appointments already on it are listed, not moved.',
  })
  async scheduleOutage(
    @Param('locationId', uuid) locationId: string,
    @Param('chairId', uuidParam('chairId')) chairId: string,
    @Body() body: ScheduleChairOutageDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ChairOutageView> {
    if (body.endsAt <= body.startsAt) throw ProblemException.validation([{ field: 'endsAt', reason: 'must be after startsAt' }]);
    return this.unitOfWork.run(async (tx) => {
      // The chair row lock keeps a booking on this chair from slipping in unseen while the outage is recorded.
      const [chair] = (await tx.manager.query(
        `SELECT c.id FROM chair c JOIN location l ON l.id = c.location_id WHERE c.id = $1 AND c.location_id = $2 AND l.organisation_id = $3 FOR UPDATE OF c`,
        [chairId, locationId, user.org],
      )) as unknown[];
      if (!chair) throw ProblemException.notFound('Chair', chairId);
      const outage = tx.manager.create(ChairOutage, {
        id: randomUUID(),
        chairId,
        startsAt: body.startsAt,
        endsAt: body.endsAt,
        reason: body.reason,
      });
      await tx.manager.insert(ChairOutage, outage);
      const affected = (
        (await tx.manager.query(
          `SELECT id FROM appointment WHERE chair_id = $1 AND status IN ${HOLDS_TIME} AND starts_at < $3 AND chair_released_at > $2 ORDER BY starts_at`,
          [chairId, body.startsAt, body.endsAt],
        )) as Array<{ id: string }>
      ).map((a) => a.id);
      await tx.publish(
        ChairOutageScheduledV1,
        {
          outageId: outage.id,
          chairId,
          locationId,
          startsAt: body.startsAt.toISOString(),
          endsAt: body.endsAt.toISOString(),
          reason: body.reason,
          affectedAppointmentIds: affected,
        },
        { aggregateId: chairId, aggregateSequence: await this.nextChairSequence(tx.manager, chairId), locationId },
      );
      return {
        id: outage.id,
        chairId,
        startsAt: body.startsAt.toISOString(),
        endsAt: body.endsAt.toISOString(),
        reason: body.reason,
        affectedAppointmentIds: affected,
      };
    });
  }

  @Get(':locationId/chairs/:chairId/outages')
  @Roles('admin', 'scheduler', 'nurse')
  @ApiOkResponse({ type: [ChairOutageView] })
  async outages(
    @Param('locationId', uuid) locationId: string,
    @Param('chairId', uuidParam('chairId')) chairId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Array<Omit<ChairOutageView, 'affectedAppointmentIds'>>> {
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.starts_at, o.ends_at, o.reason FROM chair_outage o JOIN chair c ON c.id = o.chair_id JOIN location l ON l.id = c.location_id
        WHERE o.chair_id = $1 AND c.location_id = $2 AND l.organisation_id = $3 AND o.ends_at > now() ORDER BY o.starts_at`,
      [chairId, locationId, user.org],
    )) as Array<{ id: string; starts_at: Date; ends_at: Date; reason: string }>;
    return rows.map((o) => ({
      id: o.id,
      chairId,
      startsAt: o.starts_at.toISOString(),
      endsAt: o.ends_at.toISOString(),
      reason: o.reason,
    }));
  }

  /** The chair's events are added (1), then one per outage. */
  private async nextChairSequence(manager: EntityManager, chairId: string): Promise<number> {
    const [{ n }] = (await manager.query('SELECT count(*)::int AS n FROM chair_outage WHERE chair_id = $1', [chairId])) as [
      { n: number },
    ];
    return 1 + n;
  }
}
