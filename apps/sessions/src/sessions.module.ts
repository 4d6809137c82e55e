import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import type { Logger } from 'pino';
import { patientSeenAtLocationsScope } from '@chairside/audit';
import { serviceInfrastructure } from '@chairside/runtime';
import type { SessionsConfig } from './config/sessions.config.js';
import { AppointmentIntakeModule } from './appointment-intake/appointment-intake.module.js';
import { BoardModule } from './board/board.module.js';
import { DirectoryModule } from './directory/directory.module.js';
import { OverrunsModule } from './overruns/overruns.module.js';
import { SessionLifecycleModule } from './session-lifecycle/session-lifecycle.module.js';
import { VitalsModule } from './vitals/vitals.module.js';
import { TestClockModule } from './watch/test-clock.module.js';
import { WatchModule } from './watch/watch.module.js';

/** Sessions' features, one module each: the root module serves them, the fast test tier tests them. */
export const SESSIONS_FEATURES = [
  DirectoryModule,
  AppointmentIntakeModule,
  SessionLifecycleModule,
  VitalsModule,
  BoardModule,
  OverrunsModule,
  WatchModule,
];

@Module({})
export class SessionsModule {
  static forRoot(config: SessionsConfig, dataSource: DataSourceOptions, logger: Logger): DynamicModule {
    return {
      module: SessionsModule,
      imports: [
        ...serviceInfrastructure('sessions', config, dataSource, logger),
        // The audit trail's patient scope: a center's staff read who looked at their own patients.
        // Sessions places a patient by a session there (an appointment it took in, any status): a
        // patient registered at the center but never booked has no session here, so an empty page.
        // Index: session_patient_idx.
        patientSeenAtLocationsScope('session'),
        ...SESSIONS_FEATURES,
        // The test clock exists only where it is allowed (tests and the demo; production refuses the flag).
        ...(config.SESSIONS_ADJUSTABLE_CLOCK ? [TestClockModule] : []),
      ],
    };
  }
}
