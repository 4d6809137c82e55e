import { Injectable } from '@nestjs/common';
import { type Transaction, UnitOfWork } from '@chairside/messaging';

export interface ChangeReminderSettingsCommand {
  organisationId: string;
  reminderOffsetsHours: number[];
}

export interface ReminderSettings {
  reminderOffsetsHours: number[];
  version: number;
}

/**
 * An organisation's reminder schedule. Applies to appointments booked or moved from now on;
 * what is scheduled keeps its times.
 */
@Injectable()
export class ChangeReminderSettingsUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: ChangeReminderSettingsCommand): Promise<ReminderSettings> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, c: ChangeReminderSettingsCommand): Promise<ReminderSettings> {
    const offsets = [...c.reminderOffsetsHours].sort((a, b) => b - a);
    const [row] = (await tx.manager.query(
      `INSERT INTO notification_settings (organisation_id, reminder_offsets_hours, version) VALUES ($1, $2, 1)
       ON CONFLICT (organisation_id) DO UPDATE SET reminder_offsets_hours = EXCLUDED.reminder_offsets_hours, version = notification_settings.version + 1
       RETURNING version`,
      [c.organisationId, JSON.stringify(offsets)],
    )) as Array<{ version: number }>;
    return { reminderOffsetsHours: offsets, version: row!.version };
  }
}
