import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type QueryRunner } from 'typeorm';
import { ReportGate } from './report-gate.js';

/**
 * The KPI reports' own database connections, as many as the gate admits reports: a report's
 * statements never take a connection from the service's pool, which the event consumers and the
 * rollup refresher keep to themselves (with a shared pool, a burst of reports could leave the inbox
 * waiting for a connection while events piled up).
 */
@Injectable()
export class ReportPool implements OnModuleInit, OnApplicationShutdown {
  private readonly pool: DataSource;

  constructor(@InjectDataSource() service: DataSource, gate: ReportGate) {
    this.pool = new DataSource({
      ...service.options,
      poolSize: gate.width,
      applicationName: 'chairside-reporting-reports',
    } as typeof service.options);
  }

  async onModuleInit(): Promise<void> {
    await this.pool.initialize();
  }

  /** A connection for one report; release it when the report is done. */
  queryRunner(): QueryRunner {
    return this.pool.createQueryRunner();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.pool.isInitialized) await this.pool.destroy();
  }
}
