import type { Certification, ChairKind } from '@chairside/domain';

/** Half-open [start, end) in UTC epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Opening hours as the center states them, in its own time zone ("08:00"–"18:00"). */
export interface LocationCalendar {
  timeZone: string;
  weeklyHours: Partial<Record<IsoWeekday, Array<{ opens: string; closes: string }>>>;
  /** Local dates (YYYY-MM-DD) when the center is closed: holidays, closures. */
  closedDates: string[];
}

export interface ChairState {
  id: string;
  kind: ChairKind;
  outOfService: Interval[];
}

export interface ShiftState extends Interval {
  /** A nurse does not start (set up) a patient during a break; colleagues cover monitoring. */
  breaks: Interval[];
}

/**
 * The infusion-scheduling model (Hesaraki, Dellaert, de Kok): a nurse is exclusively busy for
 * `startWindowMinutes` while setting up one patient, and otherwise monitors up to `capacity`
 * patients at once.
 */
export interface NurseState {
  id: string;
  certifications: Certification[];
  capacity: number;
  startWindowMinutes: number;
  shifts: ShiftState[];
}

/** A treatment already on the schedule, as the constraints see it. */
export interface BookedTreatment {
  id: string;
  patientId: string;
  chairId: string;
  nurseId: string;
  /** Treatment start (the nurse's set-up starts here too). */
  start: number;
  /** End of treatment and observation: the patient leaves the chair. */
  end: number;
  /** end + turnover: the chair is ready for the next patient. */
  chairReleasedAt: number;
  /** start + the nurse's start window. */
  setupEnd: number;
}

export interface CenterState {
  locationId: string;
  calendar: LocationCalendar;
  chairs: ChairState[];
  nurses: NurseState[];
  bookings: BookedTreatment[];
}

/** What one treatment needs; from the therapy catalog and the patient's order. */
export interface TreatmentRequest {
  patientId: string;
  durationMinutes: number;
  observationMinutes: number;
  turnoverMinutes: number;
  chairKinds: ChairKind[];
  certification: Certification;
  pharmacyLeadMinutes: number;
}

export interface SearchWindow {
  /** Slots start at or after `from` and before `to`. */
  from: number;
  to: number;
  /** The pharmacy lead time counts from now. */
  now: number;
  /** The patient's preferred local start times, e.g. { from: '09:00', to: '11:00' }. */
  preferredLocal?: { from: string; to: string };
  stepMinutes?: number;
  limit?: number;
}

export interface SlotScore {
  total: number;
  /** Most chairs in use at once during the stay, with this one, over the chairs there are. */
  chairPeak: number;
  /** Most patients the nurse monitors at once during the stay, with this one, over capacity. */
  nurseLoad: number;
  /** Other treatments starting within 30 minutes of this start. */
  startsNearby: number;
  /** Long treatments pay for starting late in the day. */
  lateLongTreatment: number;
  /** Hours outside the patient's preferred window. */
  preferenceHours: number;
  /** chairPeak's numerator: most chairs in use at once during the stay, this one included. */
  chairsBusy: number;
  /** chairPeak's denominator: the center's chairs (at least 1). */
  chairs: number;
  /** nurseLoad's numerator: most patients the nurse monitors at once during the stay, this one included. */
  nursePatients: number;
  /** nurseLoad's denominator: the nurse's capacity. */
  nurseCapacity: number;
  /** For a stay of 4 hours or more, hours from the day's opening to its start (what lateLongTreatment weighs); 0 otherwise. */
  longStayHoursAfterOpening: number;
}

export interface Slot {
  locationId: string;
  start: number;
  end: number;
  chairReleasedAt: number;
  setupEnd: number;
  chairId: string;
  nurseId: string;
  score: SlotScore;
}
