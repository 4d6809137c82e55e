import type { CommandKind } from '../session-lifecycle/session-machine.js';

/**
 * The most vital-signs readings one session records. A long infusion with vitals every 5 minutes
 * for 12 hours is 144 readings; 500 is more than three times that, so no real visit reaches it,
 * while a client stuck in a retry loop cannot grow one session's record (and the session page that
 * returns all of it) without bound. The reading over the limit is refused (409), nothing written.
 */
export const MAX_VITALS_PER_SESSION = 500;

/**
 * The most steps in one session's log. Pauses, resumes, rate changes, reactions and medications
 * repeat; a hard visit has a few dozen of them, never hundreds, so 500 is never reached by care and
 * still bounds the log the session page returns. The steps that end the visit are each taken once,
 * so room is kept for them: every other step is refused from MAX_SESSION_STEPS -
 * ENDING_STEPS.length on, and a session at that point can still be completed, stopped and
 * discharged (or, before check-in, cancelled or marked no-show).
 */
export const MAX_SESSION_STEPS = 500;
export const ENDING_STEPS: readonly CommandKind[] = ['complete', 'stop', 'discharge', 'cancel', 'no-show'];

/** Whether a session whose log has `stepCount` steps takes one more step of `kind`. */
export function stepFits(stepCount: number, kind: CommandKind): boolean {
  return stepCount < (ENDING_STEPS.includes(kind) ? MAX_SESSION_STEPS : MAX_SESSION_STEPS - ENDING_STEPS.length);
}
