import { Body, Controller, Delete, Get, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DEFAULT_THERAPIES, THERAPY_CODES, type TherapyCode } from '@chairside/domain';
import {
  type AuthenticatedUser,
  CurrentUser,
  OrganisationWide,
  parseIfMatch,
  ProblemException,
  Roles,
} from '@chairside/platform';
import { ReplaceTherapySettingsUseCase } from './replace-therapy-settings/replace-therapy-settings.use-case.js';
import { ResetTherapySettingsUseCase } from './reset-therapy-settings/reset-therapy-settings.use-case.js';
import { canonical } from './therapy-settings.js';
import { TherapySettingsDto, TherapyView } from './dto/therapy.dto.js';
import { TherapySetting } from './therapy-setting.entity.js';

function therapyCode(raw: string): TherapyCode {
  if (!(THERAPY_CODES as readonly string[]).includes(raw)) throw ProblemException.notFound('Therapy', raw);
  return raw as TherapyCode;
}

function view(code: TherapyCode, setting: TherapySetting | null): TherapyView {
  const t = setting ? { ...setting.settings, code } : DEFAULT_THERAPIES[code];
  return { ...t, isDefault: canonical(t) === canonical(DEFAULT_THERAPIES[code]), version: setting?.version ?? 0 };
}

/**
 * The therapy catalog as this organisation uses it. Values are configuration: the nine defaults
 * come from the source material, and an admin may replace any of them for the whole organisation.
 * Appointments already placed keep the durations they were placed with.
 */
@ApiTags('therapy catalog')
@Controller('therapies')
export class TherapiesController {
  constructor(
    private readonly replaceSettings: ReplaceTherapySettingsUseCase,
    private readonly resetSettings: ResetTherapySettingsUseCase,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  // The charge nurse's board names each appointment's therapy; the manager's reports name them too.
  @Roles('admin', 'scheduler', 'nurse', 'analyst', 'charge-nurse', 'manager')
  @ApiOkResponse({ type: [TherapyView] })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<TherapyView[]> {
    const settings = new Map(
      (await this.dataSource.getRepository(TherapySetting).findBy({ organisationId: user.org })).map((s) => [s.therapyCode, s]),
    );
    return THERAPY_CODES.map((code) => view(code, settings.get(code) ?? null));
  }

  @Get(':code')
  // The charge nurse's board names each appointment's therapy; the manager's reports name them too.
  @Roles('admin', 'scheduler', 'nurse', 'analyst', 'charge-nurse', 'manager')
  @ApiOkResponse({ type: TherapyView })
  async get(
    @Param('code') raw: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TherapyView> {
    const code = therapyCode(raw);
    const setting = await this.dataSource
      .getRepository(TherapySetting)
      .findOneBy({ organisationId: user.org, therapyCode: code });
    res.setHeader('ETag', `"${setting?.version ?? 0}"`);
    return view(code, setting);
  }

  @Put(':code')
  @Roles('admin')
  @OrganisationWide()
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag of the values you are replacing ("0" for the default); 409 if they changed meanwhile.',
  })
  @ApiOkResponse({ type: TherapyView })
  async replace(
    @Param('code') raw: string,
    @Body() body: TherapySettingsDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TherapyView> {
    const code = therapyCode(raw);
    const expectedVersion = parseIfMatch(ifMatch);
    const saved = await this.replaceSettings.execute({
      organisationId: user.org,
      definition: { code, ...body, vitals: { ...body.vitals } },
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    res.setHeader('ETag', `"${saved.version}"`);
    return view(code, saved);
  }

  @Delete(':code')
  @Roles('admin')
  @OrganisationWide()
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: TherapyView, description: 'Back to the catalog default.' })
  async reset(
    @Param('code') raw: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<TherapyView> {
    const code = therapyCode(raw);
    const expectedVersion = parseIfMatch(ifMatch);
    const saved = await this.resetSettings.execute({
      organisationId: user.org,
      code,
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    return view(code, saved);
  }
}
