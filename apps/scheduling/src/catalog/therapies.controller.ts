import { Body, Controller, Delete, Get, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TherapySettingsChangedV1 } from '@chairside/contracts';
import { DEFAULT_THERAPIES, THERAPY_CODES, therapyProblems, type TherapyCode, type TherapyDefinition } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import {
  type AuthenticatedUser,
  CurrentUser,
  OrganisationWide,
  parseIfMatch,
  ProblemException,
  Roles,
} from '@chairside/platform';
import { TherapySettingsDto, TherapyView } from './dto/therapy.dto.js';
import { TherapySetting } from './therapy-setting.entity.js';

function therapyCode(raw: string): TherapyCode {
  if (!(THERAPY_CODES as readonly string[]).includes(raw)) throw ProblemException.notFound('Therapy', raw);
  return raw as TherapyCode;
}

/** Key order does not survive jsonb, so compare canonically. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

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
    private readonly unitOfWork: UnitOfWork,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Roles('admin', 'scheduler', 'nurse', 'analyst')
  @OrganisationWide()
  @ApiOkResponse({ type: [TherapyView] })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<TherapyView[]> {
    const settings = new Map(
      (await this.dataSource.getRepository(TherapySetting).findBy({ organisationId: user.org })).map((s) => [s.therapyCode, s]),
    );
    return THERAPY_CODES.map((code) => view(code, settings.get(code) ?? null));
  }

  @Get(':code')
  @Roles('admin', 'scheduler', 'nurse', 'analyst')
  @OrganisationWide()
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
    const definition: TherapyDefinition = { code, ...body, vitals: { ...body.vitals } };
    const problems = therapyProblems(definition);
    if (problems.length)
      throw ProblemException.validation(
        problems.map((reason) => ({ field: reason.split(' ')[0]!, reason: reason.slice(reason.indexOf(' ') + 1) })),
      );
    const expected = parseIfMatch(ifMatch);
    const saved = await this.unitOfWork.run(async (tx) => {
      const current = await this.lockCurrent(tx, user.org, code, expected);
      const setting = tx.manager.create(TherapySetting, {
        organisationId: user.org,
        therapyCode: code,
        settings: definition,
        version: (current?.version ?? 0) + 1,
      });
      await tx.manager.save(setting);
      await publishChange(
        tx,
        user.org,
        definition,
        setting.version,
        canonical(definition) === canonical(DEFAULT_THERAPIES[code]),
      );
      return setting;
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
    const expected = parseIfMatch(ifMatch);
    // The row stays, holding the defaults, so the version (and the events' sequence) keeps counting up.
    const saved = await this.unitOfWork.run(async (tx) => {
      const current = await this.lockCurrent(tx, user.org, code, expected);
      if (!current) return null;
      const setting = tx.manager.create(TherapySetting, {
        organisationId: user.org,
        therapyCode: code,
        settings: DEFAULT_THERAPIES[code],
        version: current.version + 1,
      });
      await tx.manager.save(setting);
      await publishChange(tx, user.org, DEFAULT_THERAPIES[code], setting.version, true);
      return setting;
    });
    return view(code, saved);
  }

  private async lockCurrent(
    tx: Transaction,
    organisationId: string,
    code: TherapyCode,
    expected: number | undefined,
  ): Promise<TherapySetting | null> {
    const current = await tx.manager.findOne(TherapySetting, {
      where: { organisationId, therapyCode: code },
      lock: { mode: 'pessimistic_write' },
    });
    if (expected !== undefined && expected !== (current?.version ?? 0)) {
      throw ProblemException.conflict(
        'version-mismatch',
        `Therapy ${code} is at version ${current?.version ?? 0}, not ${expected}. Reload and try again.`,
        { currentVersion: current?.version ?? 0 },
      );
    }
    return current;
  }
}

async function publishChange(
  tx: Transaction,
  organisationId: string,
  t: TherapyDefinition,
  version: number,
  isDefault: boolean,
): Promise<void> {
  const { code, ...values } = t;
  await tx.publish(
    TherapySettingsChangedV1,
    { organisationId, therapyCode: code, ...values, isDefault, version },
    { aggregateId: `${organisationId}:${code}`, aggregateSequence: version },
  );
}
