/**
 * What the Book screen reads of a patient's record at scheduling (GET /patients/{id}: audited;
 * its answer has no OpenAPI schema yet). Only the appointments and waitlist requests at the
 * caller's locations are in it.
 */
export interface RecordAppointment {
  id: string;
  locationId: string;
  therapyCode: string;
  /** A therapy the organisation defined (therapyCode is then the built-in it is counted as), or null. */
  therapyId: string | null;
  startsAt: string;
  endsAt: string;
  status: string;
  confirmed: boolean;
  atRisk: boolean;
  version: number;
}

export interface RecordWaitlistRequest {
  id: string;
  locationId: string;
  therapyCode: string;
  therapyId: string | null;
  earliest: string;
  latest: string;
  status: string;
}

export interface RecordTreatmentPlan {
  id: string;
  locationId: string;
  therapyCode: string;
  therapyId: string | null;
  doses: number;
  intervalDays: number;
  firstStartsAt: string;
  unplacedDoses: number;
}

export interface BookPatientRecord {
  id: string;
  upcomingAppointments: RecordAppointment[];
  treatmentPlans: RecordTreatmentPlan[];
  waitlist: RecordWaitlistRequest[];
}
