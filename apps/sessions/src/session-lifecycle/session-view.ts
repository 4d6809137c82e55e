import type { Session } from '../sessions/session.entity.js';
import { vitalsDueAt } from '../vitals/vitals-due.js';
import { allowedCommands, type CommandKind, type SessionStatus } from './session-machine.js';

export interface SessionView {
  appointmentId: string;
  locationId: string;
  patientId: string;
  therapyCode: string;
  chairId: string;
  nurseId: string;
  status: SessionStatus;
  plannedStartsAt: string;
  plannedEndsAt: string;
  projectedEndsAt: string;
  arrivedAt: string | null;
  seatedAt: string | null;
  drugReadyAt: string | null;
  access: { route: string; site: string; attempts: number; numbingSprayUsed: boolean; at: string } | null;
  startedAt: string | null;
  completedAt: string | null;
  stoppedAt: string | null;
  stopReason: string | null;
  pauseReason: string | null;
  dischargedAt: string | null;
  ratePercent: number;
  rateMlPerHour: number | null;
  infusingMinutes: number;
  highestReactionGrade: number;
  lastVitalsAt: string | null;
  nextVitalsDueAt: string | null;
  allowedNext: CommandKind[];
  version: number;
  steps?: unknown[];
  vitals?: unknown[];
}

const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());

export function sessionView(s: Session, steps?: unknown[], vitals?: unknown[]): SessionView {
  const st = s.state;
  return {
    appointmentId: s.appointmentId,
    locationId: s.locationId,
    patientId: s.patientId,
    therapyCode: s.therapyCode,
    chairId: s.chairId,
    nurseId: s.nurseId,
    status: s.status,
    plannedStartsAt: s.plannedStartsAt.toISOString(),
    plannedEndsAt: s.plannedEndsAt.toISOString(),
    projectedEndsAt: s.projectedEndsAt.toISOString(),
    arrivedAt: iso(st.arrivedAt),
    seatedAt: iso(st.seatedAt),
    drugReadyAt: iso(st.drugReadyAt),
    access: st.access
      ? {
          route: st.access.route,
          site: st.access.site,
          attempts: st.access.attempts,
          numbingSprayUsed: st.access.numbingSprayUsed,
          at: iso(st.access.at)!,
        }
      : null,
    startedAt: iso(st.startedAt),
    completedAt: iso(st.completedAt),
    stoppedAt: iso(st.stoppedAt),
    stopReason: st.stopReason ?? null,
    pauseReason: st.pauseReason ?? null,
    dischargedAt: iso(st.dischargedAt),
    ratePercent: st.ratePercent,
    rateMlPerHour: st.rateMlPerHour ?? null,
    infusingMinutes: Math.round(st.infusingMs / 60_000),
    highestReactionGrade: st.highestReactionGrade,
    lastVitalsAt: s.lastVitalsAt ? new Date(s.lastVitalsAt).toISOString() : null,
    nextVitalsDueAt: iso(vitalsDueAt(s) ?? undefined),
    allowedNext: allowedCommands(st),
    version: s.version,
    ...(steps ? { steps } : {}),
    ...(vitals ? { vitals } : {}),
  };
}
