import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser, Roles } from '@chairside/platform';
import {
  type CsvView,
  kpiCsv,
  type KpiReport,
  KpiReportQuery,
  MAX_HEATMAP_LOCATION_DAYS,
  MAX_JSON_LOCATION_DAYS,
} from './kpi-report.query.js';

export class KpiQueryDto {
  @ApiProperty({ example: '2026-11-01', description: "First local date (each location's own zone)." }) @IsString() from!: string;
  @ApiProperty({ example: '2026-11-30', description: 'Last local date, inclusive.' }) @IsString() to!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() locationId?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  @ApiPropertyOptional({
    enum: ['days', 'hours', 'therapies'],
    default: 'days',
    description: 'CSV only: a row per location and day, per location, day and hour (the heatmap), or per location and therapy.',
  })
  @IsOptional()
  @IsIn(['days', 'hours', 'therapies'])
  view?: CsvView;
  @ApiPropertyOptional({
    enum: ['heatmap'],
    description: `JSON: add each location's hourly heatmap (at most ${MAX_HEATMAP_LOCATION_DAYS} location-days a request).`,
  })
  @IsOptional()
  @IsIn(['heatmap'])
  include?: 'heatmap';
}

@ApiTags('reports')
@Controller('reports/kpis')
export class KpisController {
  constructor(private readonly kpis: KpiReportQuery) {}

  @Get()
  @Roles('analyst', 'manager', 'admin')
  @ApiOkResponse({
    description: `Utilization, waits, on-time starts, no-shows, cancellations, reactions and delivery, per location and local day and rolled up; CSV with format=csv. JSON carries each location's days up to ${MAX_JSON_LOCATION_DAYS} location-days (else daysOmitted says so); the CSV always has them.`,
  })
  async report(
    @Query() query: KpiQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<KpiReport | string> {
    const report = await this.kpis.execute({
      organisationId: user.org,
      locations: user.locations,
      from: query.from,
      to: query.to,
      ...(query.locationId ? { locationId: query.locationId } : {}),
      // The CSV of days is the bulk export: every location-day, however many (JSON stops at MAX_JSON_LOCATION_DAYS).
      ...(query.format === 'csv' && (query.view ?? 'days') === 'days' ? { allDays: true } : {}),
      ...(query.include === 'heatmap' || (query.format === 'csv' && query.view === 'hours')
        ? { heatmap: query.format === 'csv' ? ('view' as const) : ('include' as const) }
        : {}),
    });
    if (query.format !== 'csv') return report;
    res.type('text/csv');
    res.setHeader(
      'content-disposition',
      `attachment; filename="chairside-kpis-${query.view ?? 'days'}-${query.from}-${query.to}.csv"`,
    );
    return kpiCsv(report, query.view);
  }
}
