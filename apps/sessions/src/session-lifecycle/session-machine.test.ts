import { decide, newSession, projectedEnd, type SessionCommand, type SessionState } from './session-machine.js';
import { MINUTE } from '@chairside/domain';
const T0 = Date.UTC(2026, 10, 30, 15, 0);

function run(
  commands: Array<[SessionCommand, number]>,
  from: SessionState = newSession({
    plannedStart: T0,
    plannedEnd: T0 + 90 * MINUTE,
    durationMinutes: 60,
    observationMinutes: 30,
    at: T0 - 60 * MINUTE,
  }),
): SessionState {
  let state = from;
  for (const [command, minute] of commands) {
    const decision = decide(state, command, T0 + minute * MINUTE);
    if (!decision.accepted) throw new Error(`${command.kind} refused: ${decision.reason}`);
    state = decision.state;
  }
  return state;
}

const seated: Array<[SessionCommand, number]> = [
  [{ kind: 'check-in' }, -5],
  [{ kind: 'seat' }, 5],
  [{ kind: 'establish-access', route: 'iv', site: 'left forearm', attempts: 2, numbingSprayUsed: true }, 10],
];

describe('session state machine', () => {
  it('runs a whole infusion: check-in, chair, access, drug, pause for a grade 2 reaction, resume at 50%, complete, discharge', () => {
    const state = run([
      ...seated,
      [{ kind: 'drug-ready' }, 20],
      [{ kind: 'start', rateMlPerHour: 120 }, 25],
      [
        {
          kind: 'record-reaction',
          reactionId: '00000000-0000-4000-8000-000000000009',
          reaction: 'infusion_reaction',
          grade: 2,
          actions: ['paused', 'medication_given'],
          outcome: 'resolved',
        },
        45,
      ],
      [{ kind: 'resume', ratePercent: 50 }, 60],
      [{ kind: 'complete' }, 140],
      [{ kind: 'discharge', mayDrive: false, escortRequired: true }, 170],
    ]);
    expect(state.status).toBe('discharged');
    expect(state.highestReactionGrade).toBe(2);
    // 20 minutes at 100% and 80 at 50%: 60 minutes of dose in 100 minutes of running.
    expect(state.infusingMs).toBe(100 * MINUTE);
    expect(state.deliveredMs).toBe(60 * MINUTE);
    expect(state.access).toMatchObject({ route: 'iv', attempts: 2, numbingSprayUsed: true });
  });

  it('refuses an invalid step and names the allowed ones', () => {
    const state = run(seated.slice(0, 2));
    const decision = decide(state, { kind: 'start' }, T0 + 10 * MINUTE);
    expect(decision).toEqual({
      accepted: false,
      allowed: ['establish-access', 'drug-ready', 'stop', 'record-vitals', 'record-reaction'],
      reason: 'Access must be established before the infusion starts.',
    });
    expect(decide(run([]), { kind: 'complete' }, T0)).toMatchObject({
      accepted: false,
      allowed: ['check-in', 'drug-ready', 'cancel', 'no-show'],
    });
  });

  it('refuses a cancellation after check-in (a late or out-of-order event is not applied)', () => {
    expect(decide(run(seated.slice(0, 1)), { kind: 'cancel' }, T0)).toMatchObject({
      accepted: false,
      allowed: ['seat', 'drug-ready', 'record-vitals'],
    });
  });

  it('stops at a grade 3 reaction when the nurse stops, and still discharges', () => {
    const state = run([
      ...seated,
      [{ kind: 'start' }, 15],
      [
        {
          kind: 'record-reaction',
          reactionId: '00000000-0000-4000-8000-000000000009',
          reaction: 'anaphylaxis',
          grade: 3,
          actions: ['stopped', 'medication_given'],
          outcome: 'resolving',
        },
        20,
      ],
    ]);
    expect(state).toMatchObject({ status: 'stopped', stopReason: 'anaphylaxis, CTCAE grade 3' });
    expect(run([[{ kind: 'discharge', mayDrive: false, escortRequired: true }, 90]], state).status).toBe('discharged');
  });

  it('projects the end from the dose left at the current rate plus observation', () => {
    const infusing = run([...seated, [{ kind: 'start' }, 30]]);
    // Started 30 minutes late: ends at 30 + 60 + 30 = 120 minutes after the planned start.
    expect(projectedEnd(infusing, T0 + 30 * MINUTE)).toBe(T0 + 120 * MINUTE);
    const slowed = run([[{ kind: 'change-rate', ratePercent: 50 }, 40]], infusing);
    // 10 minutes of dose done, 50 left at half rate: 100 minutes, then 30 of observation.
    expect(projectedEnd(slowed, T0 + 40 * MINUTE)).toBe(T0 + 170 * MINUTE);
  });

  it('keeps the log in time order when a clock steps back', () => {
    const state = run([[{ kind: 'check-in' }, 10]]);
    const decision = decide(state, { kind: 'seat' }, T0 + 5 * MINUTE);
    expect(decision.accepted && decision.step.at).toBe(T0 + 10 * MINUTE);
  });
});
