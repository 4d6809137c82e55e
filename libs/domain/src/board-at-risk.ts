/**
 * Why an appointment on the day board is at risk, from the board alone: the day's appointments
 * (planned start, projected end) and what the location has to work with (chair outages, nurses
 * on shift with their capacity, closing time). Pure, with no imports, so the console's browser
 * bundle takes it as it is and the services could use the same rule.
 */

export const AT_RISK_REASONS = [
  'chair-out-of-service',
  'nurse-off-shift',
  'nurse-over-capacity',
  'runs-into-next',
  'past-closing',
] as const;
export type AtRiskReason = (typeof AT_RISK_REASONS)[number];

export interface AtRiskAppointment {
  appointmentId: string;
  chairId: string;
  nurseId: string;
  status: string;
  /** Planned start (ISO instant). */
  startsAt: string;
  /** Projected end (ISO instant): the planned end until the session runs late. */
  endsAt: string;
}

export interface AtRiskResources {
  outages: ReadonlyArray<{ chairId: string; from: string; to: string }>;
  /** The nurses on shift that day; a nurse not listed has no shift that day. */
  nurses: ReadonlyArray<{ nurseId: string; capacity: number; shifts: ReadonlyArray<{ from: string; to: string }> }>;
  /** When the center closes that day (its last opening's end); null when closed or unknown. */
  closesAt: string | null;
}

/**
 * Appointments that no longer hold a chair or a nurse: nothing can go wrong with them any more,
 * and they take no one's place.
 */
const ENDED = new Set(['discharged', 'cancelled', 'no_show']);

interface Span {
  id: string;
  start: number;
  end: number;
}

/** Why each appointment of the day is at risk, by appointment id (those at no risk are left out). */
export function boardAtRisk(appointments: readonly AtRiskAppointment[], resources: AtRiskResources): Map<string, AtRiskReason[]> {
  const live = appointments
    .filter((a) => !ENDED.has(a.status))
    .map((a) => ({ ...a, id: a.appointmentId, start: Date.parse(a.startsAt), end: Date.parse(a.endsAt) }))
    .filter((a) => Number.isFinite(a.start) && Number.isFinite(a.end));
  const byChair = groupBy(live, (a) => a.chairId);
  const byNurse = groupBy(live, (a) => a.nurseId);
  const outages = groupBy(
    resources.outages.map((o) => ({ chairId: o.chairId, start: Date.parse(o.from), end: Date.parse(o.to) })),
    (o) => o.chairId,
  );
  const nurses = new Map(resources.nurses.map((n) => [n.nurseId, n]));
  const closesAt = resources.closesAt === null ? undefined : Date.parse(resources.closesAt);
  const answer = new Map<string, AtRiskReason[]>();
  for (const a of live) {
    const reasons: AtRiskReason[] = [];
    if ((outages.get(a.chairId) ?? []).some((o) => overlaps(o, a))) reasons.push('chair-out-of-service');
    const nurse = nurses.get(a.nurseId);
    const shifts = (nurse?.shifts ?? []).map((s) => ({ start: Date.parse(s.from), end: Date.parse(s.to) }));
    if (!shifts.some((s) => s.start <= a.start && a.start < s.end)) reasons.push('nurse-off-shift');
    else if (nurse && mostAtOnce(a, byNurse.get(a.nurseId) ?? []) > nurse.capacity) reasons.push('nurse-over-capacity');
    // The chair's next patient (two booked at the same start are each other's next): it is due before this one is done.
    if ((byChair.get(a.chairId) ?? []).some((b) => b.id !== a.id && b.start >= a.start && b.start < a.end))
      reasons.push('runs-into-next');
    if (closesAt !== undefined && a.end > closesAt) reasons.push('past-closing');
    if (reasons.length) answer.set(a.appointmentId, reasons);
  }
  return answer;
}

/** Why one appointment of the day is at risk ([] when it is not). */
export function atRiskReasons(
  appointmentId: string,
  appointments: readonly AtRiskAppointment[],
  resources: AtRiskResources,
): AtRiskReason[] {
  return boardAtRisk(appointments, resources).get(appointmentId) ?? [];
}

/**
 * The most patients the nurse has at once while `a` lasts, `a` included: the count is highest at
 * some appointment's start, so only the starts inside `a` need counting.
 */
function mostAtOnce(a: Span, hers: readonly Span[]): number {
  let most = 0;
  for (const t of hers.map((b) => b.start).filter((t) => t >= a.start && t < a.end)) {
    most = Math.max(most, hers.filter((b) => b.start <= t && t < b.end).length);
  }
  return most;
}

const overlaps = (x: { start: number; end: number }, y: { start: number; end: number }) => x.start < y.end && y.start < x.end;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
