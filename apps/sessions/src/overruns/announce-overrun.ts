import { SessionOverrunProjectedV1 } from '@chairside/contracts';
import type { Transaction } from '@chairside/messaging';
import type { Session } from '../sessions/session.entity.js';
import { publishAbout } from '../sessions/session-events.js';
import { MINUTE } from '@chairside/domain';

/** A projection within this of the planned end (or of the last one announced) is not news. */
export const OVERRUN_TOLERANCE_MS = 5 * MINUTE;

/** Sessions whose end can still slip: the patient is here and not yet stopped or discharged. */
export const WATCHED_STATUSES = ['arrived', 'in_chair', 'infusing', 'paused', 'observation'] as const;
const WATCHED = new Set<string>(WATCHED_STATUSES);

/**
 * Announces that the session will end after its planned end, once per real slip: scheduling
 * marks later appointments at risk from it, notifications warns their patients. Returns the
 * projected end now announced (or the one before, if nothing new).
 */
export async function announceOverrun(tx: Transaction, session: Session, projected: number, at: Date): Promise<Date | null> {
  if (!wouldAnnounce(session, projected)) return session.overrunAnnouncedUntil;
  await publishAbout(tx, session, SessionOverrunProjectedV1, {
    appointmentId: session.appointmentId,
    locationId: session.locationId,
    chairId: session.chairId,
    nurseId: session.nurseId,
    plannedEndsAt: session.plannedEndsAt.toISOString(),
    projectedEndsAt: new Date(projected).toISOString(),
    projectedAt: at.toISOString(),
  });
  return new Date(projected);
}

/** The projection lies beyond the planned end, and beyond the last one announced, by more than the tolerance. */
export function wouldAnnounce(session: Session, projected: number): boolean {
  const planned = session.plannedEndsAt.getTime();
  const last = session.overrunAnnouncedUntil?.getTime() ?? planned;
  return (
    WATCHED.has(session.state.status) && projected > planned + OVERRUN_TOLERANCE_MS && projected > last + OVERRUN_TOLERANCE_MS
  );
}
