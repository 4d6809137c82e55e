import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import type { Logger } from 'pino';
import { serviceInfrastructure } from '@chairside/runtime';
import type { SessionsConfig } from './config/sessions.config.js';
import { AppointmentIntakeConsumer } from './appointment-intake/appointment-intake.consumer.js';
import { ExpectSessionUseCase } from './appointment-intake/expect-session.use-case.js';
import { DayBoardQuery } from './board/day-board.query.js';
import { DirectoryConsumer } from './directory/directory.consumer.js';
import { SessionWatch } from './overruns/session-watch.js';
import { WatchSessionsUseCase } from './overruns/watch-sessions.use-case.js';
import { RecordSessionStepUseCase } from './session-lifecycle/record-session-step/record-session-step.use-case.js';
import { SessionsController } from './session-lifecycle/sessions.controller.js';
import { SessionRecords } from './sessions/session-records.js';
import { RecordVitalsUseCase } from './vitals/record-vitals/record-vitals.use-case.js';
import { VitalsWriter } from './vitals/record-vitals/vitals-writer.js';

@Module({
  controllers: [SessionsController, AppointmentIntakeConsumer, DirectoryConsumer],
  providers: [
    SessionRecords,
    RecordSessionStepUseCase,
    RecordVitalsUseCase,
    VitalsWriter,
    ExpectSessionUseCase,
    DayBoardQuery,
    WatchSessionsUseCase,
    SessionWatch,
  ],
})
class SessionFeaturesModule {}

@Module({})
export class SessionsModule {
  static forRoot(config: SessionsConfig, dataSource: DataSourceOptions, logger: Logger): DynamicModule {
    return {
      module: SessionsModule,
      imports: [...serviceInfrastructure('sessions', config, dataSource, logger), SessionFeaturesModule],
    };
  }
}
