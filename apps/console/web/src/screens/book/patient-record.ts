/**
 * What the Book screen reads of a patient's record at scheduling (GET /patients/{id}: audited;
 * its answer has no OpenAPI schema yet). Only the appointments and waitlist requests at the
 * caller's locations are in it.
 */
export interface RecordAppointment {
  id: string;
  locationId: string;
  therapyCode: string;
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
  earliest: string;
  latest: string;
  status: string;
}

export interface BookPatientRecord {
  id: string;
  upcomingAppointments: RecordAppointment[];
  waitlist: RecordWaitlistRequest[];
}
