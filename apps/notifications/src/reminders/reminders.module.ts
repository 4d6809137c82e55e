import { Module } from '@nestjs/common';
import { ChangeReminderSettingsUseCase } from './change-reminder-settings/change-reminder-settings.use-case.js';
import { ReminderSettingsController } from './reminder-settings.controller.js';
import { ReminderSettingsQuery } from './reminder-settings.query.js';

/** Each organisation's reminder schedule (hours before the start); planning reads it through reminder-schedule.ts. */
@Module({
  controllers: [ReminderSettingsController],
  providers: [ReminderSettingsQuery, ChangeReminderSettingsUseCase],
})
export class RemindersModule {}
