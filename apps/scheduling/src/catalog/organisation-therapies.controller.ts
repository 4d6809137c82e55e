import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Audited, fromBody } from '@chairside/audit';
import {
  answerOnce,
  type AuthenticatedUser,
  CurrentUser,
  idempotencyOf,
  OrganisationWide,
  parseIfMatch,
  Roles,
  uuidParam,
} from '@chairside/platform';
import { DefineTherapyUseCase, therapyView } from './define-therapy/define-therapy.use-case.js';
import { ReviseTherapyUseCase } from './revise-therapy/revise-therapy.use-case.js';
import { DefineTherapyDto, OrganisationTherapyValuesDto, OrganisationTherapyView } from './dto/therapy.dto.js';
import { OrganisationTherapy } from './organisation-therapy.entity.js';
import { organisationTherapy } from './organisation-therapies.js';

function command(body: OrganisationTherapyValuesDto) {
  const { countedAs, preparation, vitals, ...values } = body;
  return { countedAs, preparation: { ...preparation }, values: { ...values, vitals: { ...vitals } } };
}

/**
 * Therapies the organisation defines beyond the nine built in (GET /therapies), booked with their
 * id (`therapyId` in slot search and booking). Every location's staff read them; an admin adds and
 * changes them. Adding one changes nothing already booked, anywhere, so an admin of one location
 * may do it, unlike replacing a built-in's values, which changes every location's placements.
 */
@ApiTags('therapy catalog')
@Controller('organisation-therapies')
export class OrganisationTherapiesController {
  constructor(
    private readonly defineTherapy: DefineTherapyUseCase,
    private readonly reviseTherapy: ReviseTherapyUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  // The charge nurse's board names each appointment's therapy; the manager's reports name them too.
  @Roles('admin', 'scheduler', 'nurse', 'analyst', 'charge-nurse', 'manager')
  @ApiOkResponse({ type: [OrganisationTherapyView] })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<OrganisationTherapyView[]> {
    // Bounded: an organisation defines at most MAX_ORGANISATION_THERAPIES.
    const rows = await this.dataSource
      .getRepository(OrganisationTherapy)
      .find({ where: { organisationId: user.org }, order: { code: 'ASC' } });
    return rows.map(therapyView);
  }

  @Get(':therapyId')
  // The charge nurse's board names each appointment's therapy; the manager's reports name them too.
  @Roles('admin', 'scheduler', 'nurse', 'analyst', 'charge-nurse', 'manager')
  @ApiOkResponse({ type: OrganisationTherapyView })
  async get(
    @Param('therapyId', uuidParam('therapyId')) therapyId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationTherapyView> {
    const therapy = await organisationTherapy(this.dataSource.manager, user.org, therapyId);
    res.setHeader('ETag', `"${therapy.version}"`);
    return therapyView(therapy);
  }

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @Audited({ resource: 'therapy', action: 'create', resourceId: fromBody('id') })
  @ApiCreatedResponse({ type: OrganisationTherapyView })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retrying with the same key returns the first response (not a 409 for the code it made).',
  })
  async define(
    @Body() body: DefineTherapyDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationTherapyView> {
    const { code, ...values } = body;
    const outcome = await this.defineTherapy.execute({
      organisationId: user.org,
      code,
      ...command(values),
      ...idempotencyOf(idempotencyKey, user.org, 'POST /organisation-therapies', body),
    });
    const therapy = answerOnce(outcome, res, therapyView);
    res.setHeader('ETag', `"${therapy.version}"`);
    res.setHeader('Location', `/organisation-therapies/${therapy.id}`);
    return therapy;
  }

  @Put(':therapyId')
  @Roles('admin')
  // Adding a therapy changes nothing already booked, so one center's admin may; revising one
  // changes how every center that uses it books, so it needs an admin of every location.
  @OrganisationWide()
  @Audited({ resource: 'therapy', action: 'update', resourceId: 'therapyId' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag of the version you are replacing; 409 if it changed meanwhile.',
  })
  @ApiOkResponse({ type: OrganisationTherapyView })
  async revise(
    @Param('therapyId', uuidParam('therapyId')) therapyId: string,
    @Body() body: OrganisationTherapyValuesDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationTherapyView> {
    const expectedVersion = parseIfMatch(ifMatch);
    const therapy = await this.reviseTherapy.execute({
      organisationId: user.org,
      therapyId,
      ...command(body),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    res.setHeader('ETag', `"${therapy.version}"`);
    return therapyView(therapy);
  }
}
