import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PeriodicTask, PINO_LOGGER } from '@chairside/platform';
import { purgeExpiredAuditRecords } from './audit-purge.js';
import { AUDIT_OPTIONS, type AuditOptions } from './audit-trail.js';

const HOUR_MS = 3600_000;

/** Hourly (and at start): removes audit records past AUDIT_RETENTION_DAYS, oldest first. */
@Injectable()
export class AuditPurgeTask implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
    private readonly dataSource: DataSource,
    @Inject(PINO_LOGGER) private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask('audit-purge', options.purgeEveryMs ?? HOUR_MS, () => this.purge(), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
    this.task.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  private async purge(): Promise<void> {
    const removed = await purgeExpiredAuditRecords(
      (sql, parameters) => this.dataSource.query(sql, parameters),
      this.options.retentionDays,
    );
    if (removed) this.logger.info({ component: 'audit-purge', removed }, 'removed audit records past retention');
  }
}
