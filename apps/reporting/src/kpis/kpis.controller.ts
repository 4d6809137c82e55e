import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser, Roles } from '@chairside/platform';
import { type CsvView, KpiReportQuery, MAX_HEATMAP_LOCATION_DAYS, MAX_JSON_LOCATION_DAYS } from './kpi-report.query.js';
import { KpiReportView } from './kpi-report.view.js';
import { csvSink, jsonSink, paced, REPORT_WRITE_DEADLINE_MS } from './report-stream.js';

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
    type: KpiReportView,
    description: `Utilization, waits, on-time starts, no-shows, cancellations, reactions and delivery, per location and local day and rolled up; CSV with format=csv. JSON carries each location's days up to ${MAX_JSON_LOCATION_DAYS} location-days (else daysOmitted says so); the CSV always has them.`,
  })
  async report(@Query() query: KpiQueryDto, @CurrentUser() user: AuthenticatedUser, @Res() res: Response): Promise<void> {
    const csv = query.format === 'csv';
    const view = query.view ?? 'days';
    const send = paced(res);
    // Headers on the first chunk, not before: a refusal (400, 404, 503) still goes out as problem+json.
    const write = (text: string) => {
      if (!res.headersSent) {
        res.status(200).type(csv ? 'text/csv' : 'application/json');
        if (csv)
          res.setHeader('content-disposition', `attachment; filename="chairside-kpis-${view}-${query.from}-${query.to}.csv"`);
      }
      return send(text);
    };
    const sink = csv ? csvSink(view, write) : jsonSink(write);
    const deadline = setTimeout(() => res.destroy(), REPORT_WRITE_DEADLINE_MS).unref();
    try {
      await this.kpis.write(
        {
          organisationId: user.org,
          locations: user.locations,
          from: query.from,
          to: query.to,
          ...(query.locationId ? { locationId: query.locationId } : {}),
          // The CSV of days is the bulk export: every location-day, however many (JSON stops at MAX_JSON_LOCATION_DAYS).
          ...(csv && view === 'days' ? { allDays: true, daysCsv: true } : {}),
          ...(query.include === 'heatmap' || (csv && view === 'hours')
            ? { heatmap: csv ? ('view' as const) : ('include' as const) }
            : {}),
        },
        sink,
      );
      await sink.end();
      res.end();
    } catch (error) {
      // Before the first byte the exception filter answers (problem+json); after it, the status is
      // gone and a cut connection is the only honest way to say the report is incomplete.
      if (!res.headersSent) throw error;
      res.destroy();
    } finally {
      clearTimeout(deadline);
    }
  }
}
