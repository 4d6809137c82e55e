import { AuditPatientScope1796376891794 } from '../migrations/1796376891794-audit-patient-scope.js';
import { AuditPurgeFunction1796300100000, AuditTrail1796300000000 } from '@chairside/audit';
import { RuntimeRole1796300200000 } from '../migrations/1796300200000-runtime-role.js';
import { OwnerRole1797030000000 } from '../migrations/1797030000000-owner-role.js';
import { type DatabaseConfig, ownerDatabaseConfigFromEnv, serviceDataSourceOptions } from '@chairside/database';
import { InboxMessage, MessagingTables1764230400000, OutboxMessage } from '@chairside/messaging';
import type { DataSourceOptions } from 'typeorm';
import { DirectoryChair, DirectoryLocation } from '../directory/directory.entities.js';
import { LocationDirectory1764230600000 } from '../migrations/1764230600000-location-directory.js';
import { VisitFacts1764231400000 } from '../migrations/1764231400000-visit-facts.js';
import { LocationHours1764231500000 } from '../migrations/1764231500000-location-hours.js';
import { VisitNurse1764231700000 } from '../migrations/1764231700000-visit-nurse.js';
import { KpiRollups1764232000000 } from '../migrations/1764232000000-kpi-rollups.js';
import { KpiHistogramYears1796310000000 } from '../migrations/1796310000000-kpi-histogram-years.js';
import { KpiLocationFreshness1796430000000 } from '../migrations/1796430000000-kpi-location-freshness.js';
import { ReportingWithoutJit1796430100000 } from '../migrations/1796430100000-reporting-without-jit.js';
import { KpiCountersByDifference1797040000000 } from '../migrations/1797040000000-kpi-counters-by-difference.js';
import { KpiHistogramCovering1797140000000 } from '../migrations/1797140000000-kpi-histogram-covering.js';
import { KpiStaleDayVersions1797321000000 } from '../migrations/1797321000000-kpi-stale-day-versions.js';
import { KPI_ROLLUP_ENTITIES } from '../kpis/rollups/kpi-rollups.entities.js';
import { MessageFact, ReactionFact, VisitFact } from '../visits/visit-facts.entities.js';

export const reportingEntities = [
  OutboxMessage,
  InboxMessage,
  DirectoryLocation,
  DirectoryChair,
  VisitFact,
  ReactionFact,
  MessageFact,
  ...KPI_ROLLUP_ENTITIES,
];
export const reportingMigrations = [
  MessagingTables1764230400000,
  LocationDirectory1764230600000,
  VisitFacts1764231400000,
  LocationHours1764231500000,
  VisitNurse1764231700000,
  KpiRollups1764232000000,
  AuditTrail1796300000000,
  AuditPurgeFunction1796300100000,
  RuntimeRole1796300200000,
  KpiHistogramYears1796310000000,
  AuditPatientScope1796376891794,
  KpiLocationFreshness1796430000000,
  ReportingWithoutJit1796430100000,
  OwnerRole1797030000000,
  KpiCountersByDifference1797040000000,
  KpiHistogramCovering1797140000000,
  KpiStaleDayVersions1797321000000,
];

/** From the service's parsed configuration (startService reads it once at boot). */
export function reportingDataSource(database: DatabaseConfig): DataSourceOptions {
  return serviceDataSourceOptions({
    service: 'reporting',
    config: database,
    entities: reportingEntities,
    migrations: reportingMigrations,
  });
}

/** From an environment's DATABASE_* variables, validated, as the owner role: for scripts (infra/dev/migrate.mjs) and tests. */
export function reportingDataSourceOptions(env: Record<string, string | undefined>): DataSourceOptions {
  return reportingDataSource(ownerDatabaseConfigFromEnv('reporting', env));
}
