import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LocationGrant, NotificationPreferences } from '@chairside/domain';
import { ProblemException } from '@chairside/platform';
import { HOLDS_TIME } from '../../appointments/appointment.entity.js';
import { locationsParameter, visibleTo } from '../patient-scope.js';

interface PatientRow {
  id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  phone: string | null;
  email: string | null;
  preferred_language: string;
  preferred_channel: string;
  notification_consent: boolean;
  preferences: NotificationPreferences | null;
  version: number;
}
interface AppointmentRow {
  id: string;
  location_id: string;
  therapy_code: string;
  therapy_id: string | null;
  starts_at: Date;
  ends_at: Date;
  status: string;
  confirmed: boolean;
  at_risk: boolean;
  reschedule_requested: boolean;
  overbooked: boolean;
  treatment_plan_id: string | null;
  dose_number: number | null;
  version: number;
}
interface PlanRow {
  id: string;
  location_id: string;
  therapy_code: string;
  therapy_id: string | null;
  doses: number;
  interval_days: number;
  first_starts_at: Date;
  unplaced: number;
}
interface WaitlistRow {
  id: string;
  location_id: string;
  therapy_code: string;
  therapy_id: string | null;
  earliest: Date;
  latest: Date;
  status: string;
}
interface RevisionRow {
  version: number;
  actor_id: string;
  changed_fields: string[];
  changed_at: Date;
}

/** Each list of a record is bounded: the newest (past) or nearest (upcoming) this many. */
export const RECORD_LIST_LIMIT = 50;

export interface PatientRecordCriteria {
  organisationId: string;
  locations: LocationGrant;
  patientId: string;
  now: Date;
}

export interface RecordAppointment {
  id: string;
  locationId: string;
  /** For a therapy the organisation defined, the built-in it is counted as. */
  therapyCode: string;
  /** A therapy the organisation defined (GET /organisation-therapies), or null. */
  therapyId: string | null;
  startsAt: string;
  endsAt: string;
  status: string;
  confirmed: boolean;
  atRisk: boolean;
  rescheduleRequested: boolean;
  overbooked: boolean;
  treatmentPlanId: string | null;
  doseNumber: number | null;
  version: number;
}

export interface PatientRecord {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  phone: string | null;
  email: string | null;
  preferredLanguage: string;
  preferredChannel: string;
  notificationConsent: boolean;
  /**
   * Channel order with fallback, kinds opted out of, quiet hours (null: notifications derives them
   * from preferredChannel). Given so a client replacing the contact (PUT …/contact replaces the
   * whole state) can send them back instead of clearing them.
   */
  preferences: NotificationPreferences | null;
  version: number;
  /** Holding time and not yet over, nearest first. */
  upcomingAppointments: RecordAppointment[];
  /** Everything else (over, cancelled, no-show), newest first. */
  pastAppointments: RecordAppointment[];
  treatmentPlans: Array<{
    id: string;
    locationId: string;
    therapyCode: string;
    therapyId: string | null;
    doses: number;
    intervalDays: number;
    firstStartsAt: string;
    unplacedDoses: number;
  }>;
  waitlist: Array<{
    id: string;
    locationId: string;
    therapyCode: string;
    therapyId: string | null;
    earliest: string;
    latest: string;
    status: string;
  }>;
  /**
   * Messages live in the notifications service (scheduling keeps no copy): per appointment at
   * `GET /appointments/{appointmentId}/messages` there.
   */
  messages: { service: 'notifications'; perAppointment: string };
  revisions: Array<{ version: number; actorId: string; changedFields: string[]; changedAt: string }>;
}

/**
 * A patient's record as the caller may see it: demographics and contact, and the appointments,
 * plans and waitlist requests at the caller's locations (all of them for an organisation-wide
 * user). A patient the caller may not see is not found (patient-scope.ts).
 */
@Injectable()
export class PatientRecordQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(criteria: PatientRecordCriteria): Promise<PatientRecord> {
    const locations = locationsParameter(criteria.locations);
    const [patient] = (await this.dataSource.query(
      `SELECT p.id, p.mrn, p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.phone, p.email,
          p.preferred_language, p.preferred_channel, p.notification_consent, p.preferences, p.version
        FROM patient p WHERE p.id = $1 AND p.organisation_id = $2 AND ${visibleTo(3)}`,
      [criteria.patientId, criteria.organisationId, locations],
    )) as PatientRow[];
    if (!patient) throw ProblemException.notFound('Patient', criteria.patientId);
    const here = `($2::uuid[] IS NULL OR location_id = ANY($2::uuid[]))`;
    const appointmentColumns = `id, location_id, therapy_code, therapy_id, starts_at, ends_at, status, confirmed_at IS NOT NULL AS confirmed,
      at_risk_since IS NOT NULL AS at_risk, reschedule_requested_at IS NOT NULL AS reschedule_requested, overbooked,
      treatment_plan_id, dose_number, version`;
    const [upcoming, past, plans, waitlist, revisions] = await Promise.all([
      this.dataSource.query(
        `SELECT ${appointmentColumns} FROM appointment
          WHERE patient_id = $1 AND ${here} AND status IN ${HOLDS_TIME} AND ends_at >= $3
          ORDER BY starts_at, id LIMIT ${RECORD_LIST_LIMIT}`,
        [criteria.patientId, locations, criteria.now],
      ),
      this.dataSource.query(
        `SELECT ${appointmentColumns} FROM appointment
          WHERE patient_id = $1 AND ${here} AND NOT (status IN ${HOLDS_TIME} AND ends_at >= $3)
          ORDER BY starts_at DESC, id LIMIT ${RECORD_LIST_LIMIT}`,
        [criteria.patientId, locations, criteria.now],
      ),
      this.dataSource.query(
        `SELECT id, location_id, therapy_code, therapy_id, doses, interval_days, first_starts_at, jsonb_array_length(unplaced_doses) AS unplaced
          FROM treatment_plan WHERE patient_id = $1 AND ${here} ORDER BY first_starts_at DESC, id LIMIT ${RECORD_LIST_LIMIT}`,
        [criteria.patientId, locations],
      ),
      this.dataSource.query(
        `SELECT id, location_id, therapy_code, therapy_id, earliest, latest, status
          FROM waitlist_request WHERE patient_id = $1 AND ${here} ORDER BY created_at DESC, id LIMIT ${RECORD_LIST_LIMIT}`,
        [criteria.patientId, locations],
      ),
      this.dataSource.query(
        `SELECT version, actor_id, changed_fields, changed_at FROM patient_revision
          WHERE patient_id = $1 ORDER BY version DESC LIMIT ${RECORD_LIST_LIMIT}`,
        [criteria.patientId],
      ),
    ]);
    return {
      id: patient.id,
      mrn: patient.mrn,
      givenName: patient.given_name,
      familyName: patient.family_name,
      dateOfBirth: patient.date_of_birth,
      phone: patient.phone,
      email: patient.email,
      preferredLanguage: patient.preferred_language,
      preferredChannel: patient.preferred_channel,
      notificationConsent: patient.notification_consent,
      preferences: patient.preferences,
      version: patient.version,
      upcomingAppointments: (upcoming as AppointmentRow[]).map(appointmentOf),
      pastAppointments: (past as AppointmentRow[]).map(appointmentOf),
      treatmentPlans: (plans as PlanRow[]).map((r) => ({
        id: r.id,
        locationId: r.location_id,
        therapyCode: r.therapy_code,
        therapyId: r.therapy_id,
        doses: r.doses,
        intervalDays: r.interval_days,
        firstStartsAt: new Date(r.first_starts_at).toISOString(),
        unplacedDoses: Number(r.unplaced),
      })),
      waitlist: (waitlist as WaitlistRow[]).map((r) => ({
        id: r.id,
        locationId: r.location_id,
        therapyCode: r.therapy_code,
        therapyId: r.therapy_id,
        earliest: new Date(r.earliest).toISOString(),
        latest: new Date(r.latest).toISOString(),
        status: r.status,
      })),
      messages: { service: 'notifications', perAppointment: 'GET /appointments/{appointmentId}/messages' },
      revisions: (revisions as RevisionRow[]).map((r) => ({
        version: r.version,
        actorId: r.actor_id,
        changedFields: r.changed_fields,
        changedAt: new Date(r.changed_at).toISOString(),
      })),
    };
  }
}

function appointmentOf(r: AppointmentRow): RecordAppointment {
  return {
    id: r.id,
    locationId: r.location_id,
    therapyCode: r.therapy_code,
    therapyId: r.therapy_id,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    status: r.status,
    confirmed: r.confirmed,
    atRisk: r.at_risk,
    rescheduleRequested: r.reschedule_requested,
    overbooked: r.overbooked,
    treatmentPlanId: r.treatment_plan_id,
    doseNumber: r.dose_number,
    version: r.version,
  };
}
