import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Audited } from '@chairside/audit';
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
  return {
    id: c.id,
    locationId: c.locationId,
    label: c.label,
    kind: c.kind,
    retiredAt: c.retiredAt?.toISOString() ?? null,
    version: c.version,
  };
}

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
  @Roles('admin', 'scheduler', 'nurse', 'charge-nurse', 'analyst')
  @ApiOkResponse({ type: [ChairView] })
  async chairs(@Param('locationId', uuid) locationId: string, @CurrentUser() user: AuthenticatedUser): Promise<ChairView[]> {
    const location = await this.dataSource.getRepository(Location).existsBy({ id: locationId, organisationId: user.org });
    if (!location) throw ProblemException.notFound('Location', locationId);
    const chairs = await this.dataSource.getRepository(Chair).find({ where: { locationId }, order: { label: 'ASC' } });
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
