import { nextVitalsDue } from '@chairside/domain';
import type { SessionState } from '../session-lifecycle/session-machine.js';
import type { SessionTherapy } from '../sessions/session.entity.js';

export interface VitalsClock {
  state: SessionState;
  doseNumber: number | null;
  therapy: SessionTherapy;
  lastVitalsAt: Date | string | null;
}

/**
 * When the session's next vital signs are due, or null when it is not running. Derived, never
 * stored: the vitals write stays one statement, and a schedule change cannot leave a stale copy.
 */
export function vitalsDueAt(s: VitalsClock): number | null {
  const { state } = s;
  if ((state.status !== 'infusing' && state.status !== 'paused') || state.startedAt === undefined) return null;
  return nextVitalsDue({
    startedAt: state.startedAt,
    ...(s.lastVitalsAt ? { lastTakenAt: new Date(s.lastVitalsAt).getTime() } : {}),
    firstDose: s.doseNumber === null || s.doseNumber === 1,
    schedule: s.therapy.vitals,
  });
}
