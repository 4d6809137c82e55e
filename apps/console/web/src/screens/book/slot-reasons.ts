import type { MessageKey } from '../../i18n/en.js';

/** What scheduling's slot search says a slot's score weighs (SlotView.reasons), as counts. */
export interface SlotReasonCounts {
  chairsBusy: number;
  chairs: number;
  nursePatients: number;
  nurseCapacity: number;
  startsNearby: number;
  preferenceHours: number;
  longStayHoursAfterOpening: number;
}

/** One reason, as a message of the i18n layer and its values. */
export interface SlotReason {
  key: MessageKey;
  values?: Record<string, string | number>;
}

/**
 * Chairs at most half busy are a quiet time, four in five or more a busy one: the words only; the
 * order is scheduling's (level load first), never recomputed here.
 */
const QUIET = 0.5;
const BUSY = 0.8;

/**
 * Why a slot ranks where it does, in the clinic's words, from the counts scheduling ranked it by:
 * the chairs busy at the peak of the stay, the nurse's patients at once, starts close together,
 * a long treatment starting late, distance from the patient's preferred times; whether it is the
 * earliest of the slots offered, and when the slot above has the same score, that it starts
 * earlier (scheduling's tie-break). Factors that weigh nothing are left out.
 */
export function slotReasons(
  reasons: SlotReasonCounts,
  nurse: string,
  earliest: boolean,
  locale: string,
  /** The rank of the slot above when it has the same score and starts earlier (what put it above). */
  tiesWithRank?: number,
): SlotReason[] {
  // Hours to one decimal at most ("1.5", "2"), in the locale's digits.
  const hours = (h: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(h);
  const share = reasons.chairsBusy / Math.max(1, reasons.chairs);
  const chairs = { busy: reasons.chairsBusy, chairs: reasons.chairs };
  const said: SlotReason[] = [
    {
      key: share <= QUIET ? 'book.why.chairs.quiet' : share >= BUSY ? 'book.why.chairs.busy' : 'book.why.chairs',
      values: chairs,
    },
    { key: 'book.why.nurse', values: { nurse, patients: reasons.nursePatients, capacity: reasons.nurseCapacity } },
  ];
  if (reasons.startsNearby > 0) said.push({ key: 'book.why.startsNearby', values: { count: reasons.startsNearby } });
  if (reasons.longStayHoursAfterOpening > 0)
    said.push({ key: 'book.why.lateLong', values: { hours: hours(reasons.longStayHoursAfterOpening) } });
  if (reasons.preferenceHours > 0) said.push({ key: 'book.why.preference', values: { hours: hours(reasons.preferenceHours) } });
  if (earliest) said.push({ key: 'book.why.earliest' });
  if (tiesWithRank !== undefined) said.push({ key: 'book.why.tie', values: { rank: tiesWithRank } });
  return said;
}
