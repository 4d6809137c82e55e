import type {
  BookedTreatment,
  CenterState,
  ChairState,
  Interval,
  NurseState,
  SearchWindow,
  Slot,
  SlotScore,
  TreatmentRequest,
} from './center.js';
import { HOUR, MINUTE } from '@chairside/domain';
import { localMinuteOfDay, openingIntervals, parseLocalTime } from './opening-hours.js';

const overlaps = (a: Interval, start: number, end: number) => a.start < end && start < a.end;

/** Most intervals active at once within [start, end) (half-open), counting only those given. */
export function peakConcurrency(intervals: readonly Interval[], start: number, end: number): number {
  let peak = 0;
  for (const point of [start, ...intervals.filter((i) => i.start > start && i.start < end).map((i) => i.start)]) {
    let active = 0;
    for (const i of intervals) if (i.start <= point && point < i.end) active++;
    peak = Math.max(peak, active);
  }
  return peak;
}

interface Candidate {
  start: number;
  end: number;
  chair: ChairState;
  nurse: NurseState;
  setupEnd: number;
  dayOpen: number;
}

/**
 * Every feasible start for one treatment at one center, best first.
 *
 * Feasible means: the stay (treatment and observation) lies inside one opening interval of a
 * local day that is not closed; the start is at least the pharmacy lead time from now; a chair
 * of an allowed kind is in service and free from the start until the stay plus turnover ends; a
 * nurse with the certification is on one shift for the whole stay, is not on a break and not
 * setting up anyone else during the start window, and monitors fewer than her capacity at every
 * moment of the stay; the patient has nothing else at that time.
 *
 * Ranking level-loads the center: fewer chairs in use at the peak, a lighter nurse, fewer starts
 * bunched together, long treatments early; then closeness to the patient's preferred times.
 */
export function findSlots(
  center: CenterState,
  request: TreatmentRequest,
  window: SearchWindow,
  patientBusy: readonly Interval[] = [],
): Slot[] {
  const step = (window.stepMinutes ?? 15) * MINUTE;
  const stay = (request.durationMinutes + request.observationMinutes) * MINUTE;
  const turnover = request.turnoverMinutes * MINUTE;
  const earliest = Math.max(window.from, window.now + request.pharmacyLeadMinutes * MINUTE);
  const chairs = center.chairs.filter((c) => request.chairKinds.includes(c.kind)).sort((a, b) => a.id.localeCompare(b.id));
  const nurses = center.nurses.filter((n) => n.certifications.includes(request.certification) && n.capacity > 0);
  if (!chairs.length || !nurses.length) return [];

  const slots: Slot[] = [];
  for (const open of openingIntervals(center.calendar, window.from, window.to)) {
    // Only what can touch a stay inside this interval (its chair turnover included) matters:
    // narrowing to it keeps a fortnight's search from rescanning every booking per start.
    const day = { start: open.start, end: open.end + turnover };
    const dayBookings = center.bookings.filter((b) => b.start < day.end && day.start < b.chairReleasedAt);
    const context = searchContext(
      dayBookings,
      request,
      patientBusy.filter((p) => overlaps(p, day.start, day.end)),
    );
    // Starts on a grid from the opening time, so slots read as 08:00, 08:15… locally.
    const first = open.start + Math.max(0, Math.ceil((earliest - open.start) / step)) * step;
    for (let start = first; start + stay <= open.end && start < window.to; start += step) {
      const candidate = candidateAt(context, chairs, nurses, start, stay, turnover, open.start);
      if (candidate)
        slots.push(
          toSlot(
            center.chairs.length,
            center.locationId,
            center.calendar.timeZone,
            dayBookings,
            window,
            candidate,
            context.byNurse,
            turnover,
          ),
        );
    }
  }

  slots.sort((a, b) => a.score.total - b.score.total || a.start - b.start || a.chairId.localeCompare(b.chairId));
  return slots.slice(0, window.limit ?? 20);
}

interface SearchContext {
  byChair: Map<string, BookedTreatment[]>;
  byNurse: Map<string, BookedTreatment[]>;
  patientIntervals: Interval[];
}

function searchContext(
  bookings: readonly BookedTreatment[],
  request: TreatmentRequest,
  patientBusy: readonly Interval[],
): SearchContext {
  return {
    byChair: groupBy(bookings, (b) => b.chairId),
    byNurse: groupBy(bookings, (b) => b.nurseId),
    patientIntervals: [...patientBusy, ...bookings.filter((b) => b.patientId === request.patientId)],
  };
}

function candidateAt(
  context: SearchContext,
  chairs: ChairState[],
  nurses: NurseState[],
  start: number,
  stay: number,
  turnover: number,
  dayOpen: number,
  anyNurseLoad = false,
): Candidate | undefined {
  const end = start + stay;
  if (context.patientIntervals.some((p) => overlaps(p, start, end))) return undefined;
  const chair = pickChair(chairs, context.byChair, start, end + turnover);
  if (!chair) return undefined;
  const pick = pickNurse(nurses, context.byNurse, start, end, anyNurseLoad);
  if (!pick) return undefined;
  return { start, end, chair, nurse: pick.nurse, setupEnd: pick.setupEnd, dayOpen };
}

export type StartRejection = 'closed' | 'too-soon' | 'patient-busy' | 'no-chair' | 'no-nurse' | 'no-matching-resources';

/**
 * Rules an admin may knowingly break (an audited overbooking). A chair or a patient in two places
 * at once, a chair out of service and a nurse setting up two patients at once are never relaxed.
 */
export interface Relaxation {
  /** Outside opening hours or on a closed day. */
  hours?: boolean;
  /** Earlier than the pharmacy can have the drug ready. */
  leadTime?: boolean;
  /** A nurse off shift, on a break or over her monitoring capacity. */
  nurseCapacity?: boolean;
}

/**
 * Whether one treatment can start at exactly `start` (the same rules as findSlots), optionally
 * on a given chair or with a given nurse. Booking re-checks the chosen slot with this, under
 * the nurse's lock.
 */
export function evaluateStart(
  center: CenterState,
  request: TreatmentRequest,
  start: number,
  now: number,
  only: { chairId?: string; nurseId?: string } = {},
  patientBusy: readonly Interval[] = [],
  relax: Relaxation = {},
): { slot: Slot } | { rejected: StartRejection } {
  const stay = (request.durationMinutes + request.observationMinutes) * MINUTE;
  const turnover = request.turnoverMinutes * MINUTE;
  const chairs = center.chairs.filter((c) => request.chairKinds.includes(c.kind) && (!only.chairId || c.id === only.chairId));
  const nurses = center.nurses.filter(
    (n) => n.certifications.includes(request.certification) && n.capacity > 0 && (!only.nurseId || n.id === only.nurseId),
  );
  if (!chairs.length || !nurses.length) return { rejected: 'no-matching-resources' };
  if (!relax.leadTime && start < now + request.pharmacyLeadMinutes * MINUTE) return { rejected: 'too-soon' };
  const open = relax.hours
    ? { start, end: start + stay }
    : openingIntervals(center.calendar, start, start + 1).find((o) => o.start <= start && start + stay <= o.end);
  if (!open) return { rejected: 'closed' };
  const context = searchContext(center.bookings, request, patientBusy);
  if (context.patientIntervals.some((p) => overlaps(p, start, start + stay))) return { rejected: 'patient-busy' };
  if (!pickChair(chairs, context.byChair, start, start + stay + turnover)) return { rejected: 'no-chair' };
  const candidate = candidateAt(context, chairs, nurses, start, stay, turnover, open.start, relax.nurseCapacity ?? false);
  if (!candidate) return { rejected: 'no-nurse' };
  return {
    slot: toSlot(
      center.chairs.length,
      center.locationId,
      center.calendar.timeZone,
      center.bookings,
      { from: start, to: start + 1, now },
      candidate,
      context.byNurse,
      turnover,
    ),
  };
}

function pickChair(
  chairs: ChairState[],
  byChair: Map<string, BookedTreatment[]>,
  start: number,
  releasedAt: number,
): ChairState | undefined {
  let best: ChairState | undefined;
  let bestGap = Infinity;
  for (const chair of chairs) {
    if (chair.outOfService.some((o) => overlaps(o, start, releasedAt))) continue;
    const bookings = byChair.get(chair.id) ?? [];
    if (bookings.some((b) => b.start < releasedAt && start < b.chairReleasedAt)) continue;
    // Best fit: the chair whose last patient leaves closest before this start, so idle gaps stay
    // few and long chairs stay free for long treatments.
    const before = bookings
      .filter((b) => b.chairReleasedAt <= start)
      .reduce((latest, b) => Math.max(latest, b.chairReleasedAt), -Infinity);
    const gap = before === -Infinity ? Number.MAX_SAFE_INTEGER : start - before;
    if (gap < bestGap) {
      best = chair;
      bestGap = gap;
    }
  }
  return best;
}

function pickNurse(
  nurses: NurseState[],
  byNurse: Map<string, BookedTreatment[]>,
  start: number,
  end: number,
  anyLoad: boolean,
): { nurse: NurseState; setupEnd: number } | undefined {
  let best: { nurse: NurseState; setupEnd: number; load: number } | undefined;
  for (const nurse of nurses) {
    const setupEnd = start + nurse.startWindowMinutes * MINUTE;
    const shift = nurse.shifts.find((s) => s.start <= start && end <= s.end);
    if (!anyLoad && (!shift || shift.breaks.some((b) => overlaps(b, start, setupEnd)))) continue;
    const bookings = byNurse.get(nurse.id) ?? [];
    if (bookings.some((b) => b.start < setupEnd && start < b.setupEnd)) continue;
    const load = peakConcurrency(
      bookings.map((b) => ({ start: b.start, end: b.end })),
      start,
      end,
    );
    if (!anyLoad && load >= nurse.capacity) continue;
    const relative = (load + 1) / nurse.capacity;
    if (!best || relative < best.load) best = { nurse, setupEnd, load: relative };
  }
  return best && { nurse: best.nurse, setupEnd: best.setupEnd };
}

function toSlot(
  chairs: number,
  locationId: string,
  zone: string,
  bookings: readonly BookedTreatment[],
  window: SearchWindow,
  c: Candidate,
  byNurse: Map<string, BookedTreatment[]>,
  turnover: number,
): Slot {
  const chairCount = Math.max(1, chairs);
  const near = bookings.filter((b) => b.start < c.end && c.start < b.chairReleasedAt);
  const chairsBusy = peakConcurrency(
    [...near.map((b) => ({ start: b.start, end: b.chairReleasedAt })), { start: c.start, end: c.end + turnover }],
    c.start,
    c.end,
  );
  const chairPeak = chairsBusy / chairCount;
  const nurseBookings = (byNurse.get(c.nurse.id) ?? []).map((b) => ({ start: b.start, end: b.end }));
  const nursePatients = peakConcurrency([...nurseBookings, { start: c.start, end: c.end }], c.start, c.end);
  const nurseLoad = nursePatients / c.nurse.capacity;
  const startsNearby = bookings.filter((b) => Math.abs(b.start - c.start) < 30 * MINUTE).length;
  const stayHours = (c.end - c.start) / HOUR;
  const longStayHoursAfterOpening = stayHours >= 4 ? (c.start - c.dayOpen) / HOUR : 0;
  const lateLongTreatment = longStayHoursAfterOpening * (stayHours / 4);
  const preferenceHours = preferenceDistance(c.start, zone, window.preferredLocal);
  // Level-loading first: one chair more at the peak (of 30) weighs about two hours of distance from
  // the patient's preferred time (npm run bench:quality, docs/benchmarks.md).
  const score: SlotScore = {
    chairPeak,
    nurseLoad,
    startsNearby,
    lateLongTreatment,
    preferenceHours,
    // The counts behind the ratios, so a scheduler is told "6 of 20 chairs busy", not 0.3.
    chairsBusy,
    chairs: chairCount,
    nursePatients,
    nurseCapacity: c.nurse.capacity,
    longStayHoursAfterOpening,
    total: 30 * chairPeak + 2 * nurseLoad + startsNearby / 3 + lateLongTreatment / 2 + preferenceHours / 2,
  };
  return {
    locationId,
    start: c.start,
    end: c.end,
    chairReleasedAt: c.end + turnover,
    setupEnd: c.setupEnd,
    chairId: c.chair.id,
    nurseId: c.nurse.id,
    score,
  };
}

function preferenceDistance(start: number, zone: string, preferred: SearchWindow['preferredLocal']): number {
  if (!preferred) return 0;
  const minute = localMinuteOfDay(start, zone);
  const from = parseLocalTime(preferred.from);
  const to = parseLocalTime(preferred.to);
  if (minute < from) return (from - minute) / 60;
  if (minute > to) return (minute - to) / 60;
  return 0;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

/** The booking a chosen slot becomes. */
export function bookSlot(slot: Slot, request: TreatmentRequest, id: string): BookedTreatment {
  return {
    id,
    patientId: request.patientId,
    chairId: slot.chairId,
    nurseId: slot.nurseId,
    start: slot.start,
    end: slot.end,
    chairReleasedAt: slot.chairReleasedAt,
    setupEnd: slot.setupEnd,
  };
}
