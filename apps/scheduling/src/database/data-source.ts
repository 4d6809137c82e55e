import { AuditPurgeFunction1796300100000, AuditTrail1796300000000 } from '@chairside/audit';
import { RuntimeRole1796300200000 } from '../migrations/1796300200000-runtime-role.js';
import { OwnerRole1797030000000 } from '../migrations/1797030000000-owner-role.js';
import { type DatabaseConfig, ownerDatabaseConfigFromEnv, serviceDataSourceOptions } from '@chairside/database';
import { InboxMessage, MessagingTables1764230400000, OutboxMessage } from '@chairside/messaging';
import { IdempotencyKey, IdempotencyKeys1764230900000 } from '@chairside/platform';
import type { DataSourceOptions } from 'typeorm';
import { Chair } from '../locations/chair.entity.js';
import { Location } from '../locations/location.entity.js';
import { LocationsAndChairs1764230500000 } from '../migrations/1764230500000-locations-and-chairs.js';
import { StaffingPatientsAppointments1764230700000 } from '../migrations/1764230700000-staffing-patients-appointments.js';
import { AppointmentLifecycle1764230800000 } from '../migrations/1764230800000-appointment-lifecycle.js';
import { CatalogOutagesHoldsPlansWaitlist1764231000000 } from '../migrations/1764231000000-catalog-outages-holds-plans-waitlist.js';
import { AppointmentActualEnd1764231100000 } from '../migrations/1764231100000-appointment-actual-end.js';
import { CenterAddressPatientPreferences1764231200000 } from '../migrations/1764231200000-center-address-patient-preferences.js';
import { StaffingEdits1796306500000 } from '../migrations/1796306500000-staffing-edits.js';
import { Replans1796460000000 } from '../migrations/1796460000000-replans.js';
import { DelaysAndPatientAlerts1797070000000 } from '../migrations/1797070000000-delays-and-patient-alerts.js';
import { WaitlistPreferredDays1797090000000 } from '../migrations/1797090000000-waitlist-preferred-days.js';
import { ResourceEdits1797120000000 } from '../migrations/1797120000000-resource-edits.js';
import { LocationClosure } from '../closures/location-closure.entity.js';
import { PlanVersionsAndOwnTherapies1797135000000 } from '../migrations/1797135000000-plan-versions-and-own-therapies.js';
import { PatientNameWordCounts1797160000000 } from '../migrations/1797160000000-patient-name-word-counts.js';
import { PatientNameWordCover1797161000000 } from '../migrations/1797161000000-patient-name-word-cover.js';
import { FailedMessageAlerts1797200000000 } from '../migrations/1797200000000-failed-message-alerts.js';
import { ClosureVersions1797200100000 } from '../migrations/1797200100000-closure-versions.js';
import { PatientNameWords1797130000000 } from '../migrations/1797130000000-patient-name-words.js';
import { PatientAlert } from '../patient-alerts/patient-alert.entity.js';
import { OrganisationTherapies1797061000000 } from '../migrations/1797061000000-organisation-therapies.js';
import { OrganisationTherapy } from '../catalog/organisation-therapy.entity.js';
import { ReplanProposal } from '../replans/replan-proposal.entity.js';
import { Appointment } from '../appointments/appointment.entity.js';
import { OverbookingAudit } from '../appointments/overbooking.entity.js';
import { TherapySetting } from '../catalog/therapy-setting.entity.js';
import { ChairOutage } from '../outages/chair-outage.entity.js';
import { TreatmentPlan } from '../treatment-plans/treatment-plan.entity.js';
import { WaitlistRequest } from '../waitlist/waitlist-request.entity.js';
import { Patient } from '../patients/patient.entity.js';
import { PatientRevision } from '../patients/patient-revision.entity.js';
import { PatientRegistry1796301000000 } from '../migrations/1796301000000-patient-registry.js';
import { WorkQueuesAndNotes1796302000000 } from '../migrations/1796302000000-work-queues-and-notes.js';
import { TreatmentPlanCancellation1796303000000 } from '../migrations/1796303000000-treatment-plan-cancellation.js';
import { WorkItemResolution } from '../work-queues/work-item-resolution.entity.js';
import { Note } from '../notes/note.entity.js';
import { Nurse, NurseShift } from '../staffing/nurse.entity.js';

export const schedulingEntities = [
  OutboxMessage,
  InboxMessage,
  IdempotencyKey,
  Location,
  Chair,
  Nurse,
  NurseShift,
  Patient,
  PatientRevision,
  Appointment,
  TherapySetting,
  OrganisationTherapy,
  ChairOutage,
  OverbookingAudit,
  TreatmentPlan,
  WaitlistRequest,
  WorkItemResolution,
  Note,
  ReplanProposal,
  PatientAlert,
  LocationClosure,
];
export const schedulingMigrations = [
  MessagingTables1764230400000,
  LocationsAndChairs1764230500000,
  StaffingPatientsAppointments1764230700000,
  AppointmentLifecycle1764230800000,
  IdempotencyKeys1764230900000,
  CatalogOutagesHoldsPlansWaitlist1764231000000,
  AppointmentActualEnd1764231100000,
  CenterAddressPatientPreferences1764231200000,
  AuditTrail1796300000000,
  AuditPurgeFunction1796300100000,
  RuntimeRole1796300200000,
  PatientRegistry1796301000000,
  WorkQueuesAndNotes1796302000000,
  TreatmentPlanCancellation1796303000000,
  StaffingEdits1796306500000,
  Replans1796460000000,
  OwnerRole1797030000000,
  OrganisationTherapies1797061000000,
  DelaysAndPatientAlerts1797070000000,
  WaitlistPreferredDays1797090000000,
  ResourceEdits1797120000000,
  PatientNameWords1797130000000,
  PlanVersionsAndOwnTherapies1797135000000,
  PatientNameWordCounts1797160000000,
  PatientNameWordCover1797161000000,
  FailedMessageAlerts1797200000000,
  ClosureVersions1797200100000,
];

/** From the service's parsed configuration (startService reads it once at boot). */
export function schedulingDataSource(database: DatabaseConfig): DataSourceOptions {
  return serviceDataSourceOptions({
    service: 'scheduling',
    config: database,
    entities: schedulingEntities,
    migrations: schedulingMigrations,
  });
}

/** From an environment's DATABASE_* variables, validated, as the owner role: for scripts (infra/dev/migrate.mjs) and tests. */
export function schedulingDataSourceOptions(env: Record<string, string | undefined>): DataSourceOptions {
  return schedulingDataSource(ownerDatabaseConfigFromEnv('scheduling', env));
}
