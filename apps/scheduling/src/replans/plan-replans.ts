import { HOUR, MINUTE } from '@chairside/domain';
import type { BookedTreatment, CenterState, Interval, Slot, TreatmentRequest } from '../slot-search/center.js';
import { bookSlot, evaluateStart, findSlots } from '../slot-search/find-slots.js';

/** An appointment that lost its chair, nurse or time, and what its treatment needs. */
export interface Disturbed {
  booking: BookedTreatment;
  request: TreatmentRequest;
  /** The patient's treatments at other locations. */
  patientBusy: readonly Interval[];
}

export interface Replan {
  appointmentId: string;
  /** The best alternative now, or null when none lies within the horizon. */
  slot: Slot | null;
}

/** How far past its planned start a re-plan looks; beyond that the scheduler calls the patient. */
export const REPLAN_HORIZON_MS = 24 * HOUR;
/** Re-plans start on a finer grid than new bookings: every five minutes of delay count today. */
const REPLAN_STEP_MINUTES = 5;

/**
 * The best alternative for each disturbed appointment, with the same constraint code as booking
 * (evaluateStart and findSlots, never a copy): first another chair or nurse at the same time,
 * else the earliest start that fits, ties broken by the slot engine's level-loading score. They
 * are planned one by one in the order of their starts: each leaves its own place, sees the earlier
 * ones at their proposed places and the later ones still at theirs. So applying the proposals in
 * that order (all, or the first few) never meets a booking that is yet to move, and every rule
 * holds after each step. A start never moves earlier, nor into the past; a later start meets the
 * pharmacy lead time, because the drug is already ordered for the planned one.
 */
export function planReplans(center: CenterState, disturbed: readonly Disturbed[], now: number): Replan[] {
  let bookings = [...center.bookings];
  const replans: Replan[] = [];
  for (const d of [...disturbed].sort((a, b) => a.booking.start - b.booking.start || a.booking.id.localeCompare(b.booking.id))) {
    const others = bookings.filter((b) => b.id !== d.booking.id);
    const slot = bestAlternative({ ...center, bookings: others }, d, now);
    replans.push({ appointmentId: d.booking.id, slot });
    if (slot) bookings = [...others, bookSlot(slot, d.request, d.booking.id)];
  }
  return replans;
}

function bestAlternative(center: CenterState, d: Disturbed, now: number): Slot | null {
  const planned = d.booking.start;
  const lead = d.request.pharmacyLeadMinutes * MINUTE;
  if (planned >= now) {
    const same = evaluateStart(center, d.request, planned, now, {}, d.patientBusy, { leadTime: true });
    if ('slot' in same) return same.slot;
  }
  const from = Math.max(planned, now);
  const slots = findSlots(
    center,
    d.request,
    // "now" minus the lead time: the drug ordered for the planned start is ready from then on.
    { from, to: planned + REPLAN_HORIZON_MS, now: from - lead, stepMinutes: REPLAN_STEP_MINUTES, limit: Number.MAX_SAFE_INTEGER },
    d.patientBusy,
  );
  // findSlots ranks by level-loading first; a re-plan wants the least delay, then the best score.
  let best: Slot | null = null;
  for (const slot of slots) if (!best || slot.start < best.start) best = slot;
  return best;
}
