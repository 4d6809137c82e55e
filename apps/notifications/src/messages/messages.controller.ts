import { Body, Controller, Get, HttpCode, NotFoundException, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDate, IsInt, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser, CurrentUser, OrganisationWide, ProblemException, Roles, uuidParam } from '@chairside/platform';
import { Clock } from '../dispatch/clock.js';
import { Dispatcher } from '../dispatch/dispatcher.js';
import { DEFAULT_REMINDER_OFFSETS_HOURS } from './message.entity.js';
import { Audited } from '@chairside/audit';

export class ReminderSettingsDto {
  @ApiProperty({
    example: [72, 24, 2],
    description: 'Hours before the start; whole days keep the local time across DST changes.',
  })
  @IsArray()
  @ArrayMinSize(0)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(336, { each: true })
  reminderOffsetsHours!: number[];
}

export class ClockDto {
  @ApiProperty({ example: '2026-12-01T14:00:00Z' })
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO-8601 instant' })
  now!: Date;
}

/** The message schedule as staff see it: what goes when, on which channel, and what happened. Never bodies or addresses. */
@ApiTags('notifications')
@Controller()
export class MessagesController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly dispatcher: Dispatcher,
  ) {}

  @Get('appointments/:appointmentId/messages')
  @Audited({
    resource: 'messages',
    action: 'read',
    resourceId: 'appointmentId',
    patientId: (_req, body) =>
      Array.isArray(body) ? ((body[0] as { patientId?: string } | undefined)?.patientId ?? null) : null,
  })
  @Roles('admin', 'scheduler')
  @ApiOkResponse({ description: 'Every message planned for the appointment, with its delivery state.' })
  async messages(
    @Param('appointmentId', uuidParam('appointmentId')) appointmentId: string,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    const rows = (await this.dataSource.query(
      `SELECT m.id, m.kind, m.offset_hours AS "offsetHours", m.channel, m.status, m.reason, m.due_at AS "dueAt", m.sent_at AS "sentAt", m.delivered_at AS "deliveredAt", m.attempts, m.occurrence, m.fallback_for AS "fallbackFor", m.location_id AS "locationId", m.patient_id AS "patientId"
         FROM message m JOIN known_location l ON l.location_id = m.location_id
        WHERE m.appointment_id = $1 AND l.organisation_id = $2 ORDER BY m.due_at, m.kind`,
      [appointmentId, user.org],
    )) as Array<{ locationId: string }>;
    const visible = rows.filter((r) => user.locations === '*' || user.locations.includes(r.locationId));
    if (!visible.length) throw ProblemException.notFound('Appointment', appointmentId);
    return visible;
  }

  @Get('notification-settings')
  @Roles('admin')
  async settings(@CurrentUser() user: AuthenticatedUser) {
    const [row] = (await this.dataSource.query(
      'SELECT reminder_offsets_hours, version FROM notification_settings WHERE organisation_id = $1',
      [user.org],
    )) as Array<{ reminder_offsets_hours: number[]; version: number }>;
    return { reminderOffsetsHours: row?.reminder_offsets_hours ?? DEFAULT_REMINDER_OFFSETS_HOURS, version: row?.version ?? 0 };
  }

  /** Applies to appointments booked or moved from now on; what is scheduled keeps its times. */
  @Put('notification-settings')
  @HttpCode(200)
  @Roles('admin')
  @OrganisationWide()
  async setSettings(@Body() body: ReminderSettingsDto, @CurrentUser() user: AuthenticatedUser) {
    const offsets = [...body.reminderOffsetsHours].sort((a, b) => b - a);
    const [row] = (await this.dataSource.query(
      `INSERT INTO notification_settings (organisation_id, reminder_offsets_hours, version) VALUES ($1, $2, 1)
       ON CONFLICT (organisation_id) DO UPDATE SET reminder_offsets_hours = EXCLUDED.reminder_offsets_hours, version = notification_settings.version + 1
       RETURNING version`,
      [user.org, JSON.stringify(offsets)],
    )) as Array<{ version: number }>;
    return { reminderOffsetsHours: offsets, version: row!.version };
  }

  /** Tests and the demo only (NOTIFICATIONS_ADJUSTABLE_CLOCK=true): move the dispatcher's clock forward and dispatch. */
  @Put('test/clock')
  @HttpCode(200)
  @Roles('admin')
  moveClock(@Body() body: ClockDto) {
    if (!this.clock.adjustable) throw new NotFoundException();
    this.clock.moveTo(body.now);
    this.dispatcher.kick();
    return { now: this.clock.now().toISOString() };
  }
}
