import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReminderSettings } from './change-reminder-settings/change-reminder-settings.use-case.js';
import { DEFAULT_REMINDER_OFFSETS_HOURS } from './reminder-schedule.js';

/** The organisation's reminder schedule; the defaults at version 0 until it set its own. */
@Injectable()
export class ReminderSettingsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(q: { organisationId: string }): Promise<ReminderSettings> {
    const [row] = (await this.dataSource.query(
      'SELECT reminder_offsets_hours, version FROM notification_settings WHERE organisation_id = $1',
      [q.organisationId],
    )) as Array<{ reminder_offsets_hours: number[]; version: number }>;
    return { reminderOffsetsHours: row?.reminder_offsets_hours ?? DEFAULT_REMINDER_OFFSETS_HOURS, version: row?.version ?? 0 };
  }
}
