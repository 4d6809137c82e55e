import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import type { Logger } from 'pino';
import { patientSeenAtLocationsScope } from '@chairside/audit';
import { serviceInfrastructure } from '@chairside/runtime';
import type { NotificationsConfig } from './config/notifications.config.js';
import { DirectoryModule } from './directory/directory.module.js';
import { DispatchModule } from './dispatch/dispatch.module.js';
import { TestClockModule } from './dispatch/test-clock.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { OptOutModule } from './opt-out/opt-out.module.js';
import { PatientPageModule } from './patient-page/patient-page.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { RepliesModule } from './replies/replies.module.js';
import { BouncesModule } from './bounces/bounces.module.js';

/** Notifications' features, one module each: the root module serves them, the fast test tier tests them. */
export const NOTIFICATIONS_FEATURES = [
  DirectoryModule,
  MessagesModule,
  RemindersModule,
  RepliesModule,
  OptOutModule,
  DispatchModule,
  PatientPageModule,
  BouncesModule,
];

@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig, dataSource: DataSourceOptions, logger: Logger): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        ...serviceInfrastructure('notifications', config, dataSource, logger),
        // The audit trail's patient scope: a center's staff read who looked at their own patients.
        // Notifications places a patient by its copy of their appointments (any status), the part
        // of scheduling's rule it can check. Index: directory_appointment_patient_idx.
        patientSeenAtLocationsScope('directory_appointment'),
        ...NOTIFICATIONS_FEATURES,
        // The test clock exists only where it is allowed (tests and the demo; production refuses the flag).
        ...(config.NOTIFICATIONS_ADJUSTABLE_CLOCK ? [TestClockModule] : []),
      ],
    };
  }
}
