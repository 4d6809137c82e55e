import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PeriodicTask, PINO_LOGGER } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { SessionsConfig } from '../config/sessions.config.js';
import { ProjectOverrunsUseCase } from '../overruns/project-overruns/project-overruns.use-case.js';
import { ReportOverdueVitalsUseCase } from '../vitals/report-overdue-vitals/report-overdue-vitals.use-case.js';
import { Clock } from './clock.js';

/**
 * What changes with time alone, with no one touching the session: every SESSION_WATCH_INTERVAL_MS,
 * overdue vitals are reported and projected ends moved (overruns announced). Overruns follow the
 * clock of each session's organisation (the wall clock, unless a test moved it).
 */
@Injectable()
export class SessionWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    overdueVitals: ReportOverdueVitalsUseCase,
    overruns: ProjectOverrunsUseCase,
    clock: Clock,
    @InjectDataSource() dataSource: DataSource,
    @Inject(PINO_LOGGER) logger: Logger,
    @Inject(SERVICE_CONFIG) config: SessionsConfig,
  ) {
    const graceMinutes = config.VITALS_OVERDUE_GRACE_MINUTES;
    this.task = new PeriodicTask(
      'session-watch',
      config.SESSION_WATCH_INTERVAL_MS,
      async () => {
        const overdue = await overdueVitals.execute({ now: clock.now(), graceMinutes });
        const shifted = clock.shifted();
        const moved = shifted.length
          ? ((await dataSource.query(
              'SELECT organisation_id, array_agg(location_id) AS locations FROM directory_location WHERE organisation_id = ANY($1) GROUP BY organisation_id',
              [shifted],
            )) as Array<{ organisation_id: string; locations: string[] }>)
          : [];
        let announced = await overruns.execute({ now: clock.now(), exceptLocationIds: moved.flatMap((m) => m.locations) });
        for (const m of moved)
          announced += await overruns.execute({ now: clock.now(m.organisation_id), onlyLocationIds: m.locations });
        const found = { overruns: announced, overdue };
        if (found.overruns || found.overdue)
          logger.info({ component: 'session-watch', ...found }, 'announced overruns and overdue vitals');
      },
      logger,
    );
  }

  /** Looks now rather than at the next interval (after a test moved the clock). */
  kick(): void {
    this.task.kick();
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
