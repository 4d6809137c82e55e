import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import type { Logger } from 'pino';
import { serviceInfrastructure } from '@chairside/runtime';
import type { SchedulingConfig } from './config/scheduling.config.js';
import { LocationsModule } from './locations/locations.module.js';
import { AppointmentsModule } from './appointments/appointments.module.js';
import { PatientsModule } from './patients/patients.module.js';
import { PatientAuditScopeModule } from './patients/patient-audit-scope.js';
import { StaffingModule } from './staffing/staffing.module.js';
import { OpeningHoursModule } from './opening-hours/opening-hours.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { TreatmentPlansModule } from './treatment-plans/treatment-plans.module.js';
import { WaitlistModule } from './waitlist/waitlist.module.js';
import { ReactionsModule } from './reactions/reactions.module.js';
import { OutagesModule } from './outages/outages.module.js';
import { ClosuresModule } from './closures/closures.module.js';
import { WorkQueuesModule } from './work-queues/work-queues.module.js';
import { DayBookModule } from './day-book/day-book.module.js';
import { DayResourcesModule } from './day-resources/day-resources.module.js';
import { NotesModule } from './notes/notes.module.js';
import { ReplansModule } from './replans/replans.module.js';
import { PatientAlertsModule } from './patient-alerts/patient-alerts.module.js';
import { WarmUpModule } from './warm-up/warm-up.module.js';

/** Scheduling's features, one module each: the root module serves them, the fast test tier tests them. */
export const SCHEDULING_FEATURES = [
  LocationsModule,
  OutagesModule,
  ClosuresModule,
  OpeningHoursModule,
  StaffingModule,
  PatientsModule,
  CatalogModule,
  AppointmentsModule,
  TreatmentPlansModule,
  WaitlistModule,
  ReactionsModule,
  ReplansModule,
  PatientAlertsModule,
  WorkQueuesModule,
  DayBookModule,
  DayResourcesModule,
  NotesModule,
];

@Module({})
export class SchedulingModule {
  static forRoot(config: SchedulingConfig, dataSource: DataSourceOptions, logger: Logger): DynamicModule {
    return {
      module: SchedulingModule,
      // The audit trail's patient scope: a center's privacy officer reads their own patients' trail.
      imports: [
        ...serviceInfrastructure('scheduling', config, dataSource, logger),
        PatientAuditScopeModule,
        ...SCHEDULING_FEATURES,
        WarmUpModule,
      ],
    };
  }
}
