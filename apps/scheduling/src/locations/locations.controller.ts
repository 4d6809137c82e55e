import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Audited, fromBody } from '@chairside/audit';
import {
  answerOnce,
  type AuthenticatedUser,
  cappedListQuery,
  cappedPage,
  CurrentUser,
  idempotencyOf,
  OrganisationWide,
  parseIfMatch,
  ProblemException,
  Roles,
  uuidParam,
} from '@chairside/platform';
import { AddChairUseCase, chairView } from './add-chair/add-chair.use-case.js';
import { Chair } from './chair.entity.js';
import {
  AddChairDto,
  ChairView,
  LocationView,
  RegisterLocationDto,
  UpdateChairDto,
  UpdatedChairView,
  UpdateLocationDto,
} from './dto/location.dto.js';
import { UpdateChairUseCase } from './update-chair/update-chair.use-case.js';
import { Location } from './location.entity.js';
import { locationView, RegisterLocationUseCase } from './register-location/register-location.use-case.js';
import { UpdateLocationUseCase } from './update-location/update-location.use-case.js';

const uuid = uuidParam('locationId');

/** An organisation's centers a request lists at most: five times the enterprise of 100 centers the platform is sized for. */
export const MAX_LOCATIONS_LISTED = 500;
/** A location's chairs a request lists at most: a large center has about 30. */
export const MAX_CHAIRS_LISTED = 200;
export class LocationsListQueryDto extends cappedListQuery(MAX_LOCATIONS_LISTED, 'locations') {}
export class ChairsListQueryDto extends cappedListQuery(MAX_CHAIRS_LISTED, 'chairs') {}

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Retrying with the same key returns the first response and creates nothing twice.',
};

@ApiTags('locations')
@Controller('locations')
export class LocationsController {
  constructor(
    private readonly registerLocation: RegisterLocationUseCase,
    private readonly updateLocation: UpdateLocationUseCase,
    private readonly addChair: AddChairUseCase,
    private readonly updateChair: UpdateChairUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post()
  @Roles('admin')
  @OrganisationWide()
  @Audited({ resource: 'location', action: 'create', resourceId: fromBody('id') })
  @ApiCreatedResponse({ type: LocationView })
  @ApiHeader(IDEMPOTENCY_HEADER)
  async register(
    @Body() body: RegisterLocationDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LocationView> {
    const outcome = await this.registerLocation.execute({
      organisationId: user.org,
      name: body.name,
      timeZone: body.timeZone,
      ...(body.centerAddress !== undefined ? { centerAddress: body.centerAddress } : {}),
      ...idempotencyOf(idempotencyKey, user.org, 'POST /locations', body),
    });
    const location = answerOnce(outcome, res, locationView);
    res.setHeader('ETag', `"${location.version}"`);
    res.setHeader('Location', `/locations/${location.id}`);
    return location;
  }

  @Get()
  // The charge nurse too: a user who is only the charge nurse had no location to run the console at.
  @Roles('admin', 'scheduler', 'nurse', 'charge-nurse', 'analyst')
  @ApiOkResponse({
    type: [LocationView],
    description: `The locations of your organisation that you may act on, by name, at most ${MAX_LOCATIONS_LISTED} a request.`,
  })
  async list(@Query() page: LocationsListQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<LocationView[]> {
    const where =
      user.locations === '*' ? { organisationId: user.org } : { organisationId: user.org, id: In([...user.locations]) };
    const locations = await this.dataSource
      .getRepository(Location)
      .find({ where, order: { name: 'ASC', id: 'ASC' }, ...cappedPage(page, MAX_LOCATIONS_LISTED) });
    return locations.map(locationView);
  }

  @Get(':locationId')
  @Roles('admin', 'scheduler', 'nurse', 'charge-nurse', 'analyst')
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

  /** Renames a location, or changes its address or time zone (refused while appointments are to come there). */
  @Patch(':locationId')
  @Roles('admin')
  @Audited({ resource: 'location', action: 'update', resourceId: 'locationId' })
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
      now: new Date(),
    });
    res.setHeader('ETag', `"${location.version}"`);
    return locationView(location);
  }

  @Post(':locationId/chairs')
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ type: ChairView })
  @ApiHeader(IDEMPOTENCY_HEADER)
  async addChairTo(
    @Param('locationId', uuid) locationId: string,
    @Body() body: AddChairDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChairView> {
    const outcome = await this.addChair.execute({
      organisationId: user.org,
      locationId,
      label: body.label,
      kind: body.kind,
      ...idempotencyOf(idempotencyKey, user.org, `POST /locations/${locationId}/chairs`, body),
    });
    return answerOnce(outcome, res, chairView);
  }

  @Get(':locationId/chairs')
  @Roles('admin', 'scheduler', 'nurse', 'charge-nurse', 'analyst')
  @ApiOkResponse({ type: [ChairView], description: `By label, at most ${MAX_CHAIRS_LISTED} a request.` })
  async chairs(
    @Param('locationId', uuid) locationId: string,
    @Query() page: ChairsListQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ChairView[]> {
    const location = await this.dataSource.getRepository(Location).existsBy({ id: locationId, organisationId: user.org });
    if (!location) throw ProblemException.notFound('Location', locationId);
    const chairs = await this.dataSource
      .getRepository(Chair)
      .find({ where: { locationId }, order: { label: 'ASC', id: 'ASC' }, ...cappedPage(page, MAX_CHAIRS_LISTED) });
    return chairs.map(chairView);
  }

  /** Renames a chair, retires it (coming appointments on it are flagged for re-planning and listed) or brings it back. */
  @Patch(':locationId/chairs/:chairId')
  @Roles('admin', 'charge-nurse')
  @Audited({ resource: 'chair', action: 'update', resourceId: 'chairId' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version you are changing; 409 if it has moved on.' })
  @ApiOkResponse({ type: UpdatedChairView })
  async changeChair(
    @Param('locationId', uuid) locationId: string,
    @Param('chairId', uuidParam('chairId')) chairId: string,
    @Body() body: UpdateChairDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UpdatedChairView> {
    const expectedVersion = parseIfMatch(ifMatch);
    const chair = await this.updateChair.execute({
      organisationId: user.org,
      locationId,
      chairId,
      ...(body.label !== undefined ? { label: body.label } : {}),
      ...(body.retired !== undefined ? { retired: body.retired } : {}),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      now: new Date(),
    });
    res.setHeader('ETag', `"${chair.version}"`);
    return chair;
  }
}
