import { type AtRiskReason, boardAtRisk } from '@chairside/domain/board-at-risk.js';
import type { BoardSession, DayResources } from './board.js';

export type DayOutage = DayResources['outages'][number];

/**
 * Why each bar is at risk (libs/domain's rule), from the board's sessions as they are now
 * (projected ends, live changes included) and the day's resources; nothing without resources.
 */
export function atRiskOf(
  sessions: readonly BoardSession[],
  resources: DayResources | null | undefined,
): ReadonlyMap<string, AtRiskReason[]> {
  if (!resources) return NO_RISKS;
  return boardAtRisk(
    sessions.map((s) => ({
      appointmentId: s.appointmentId,
      chairId: s.chairId,
      nurseId: s.nurseId,
      status: s.status,
      startsAt: s.plannedStartsAt,
      endsAt: s.projectedEndsAt,
    })),
    {
      outages: resources.outages,
      nurses: resources.nurses,
      closesAt: resources.opening.at(-1)?.closesAt ?? null,
    },
  );
}
const NO_RISKS: ReadonlyMap<string, AtRiskReason[]> = new Map();

/** The day's outages by chair, soonest first (as scheduling lists them). */
export function outagesByChair(resources: DayResources | null | undefined): ReadonlyMap<string, DayOutage[]> {
  const byChair = new Map<string, DayOutage[]>();
  for (const outage of resources?.outages ?? []) byChair.set(outage.chairId, [...(byChair.get(outage.chairId) ?? []), outage]);
  return byChair;
}

/** Each nurse's capacity (patients at once) on the day, by nurse id; a nurse not on shift is absent. */
export function capacities(resources: DayResources | null | undefined): ReadonlyMap<string, number> {
  return new Map((resources?.nurses ?? []).map((n) => [n.nurseId, n.capacity]));
}
