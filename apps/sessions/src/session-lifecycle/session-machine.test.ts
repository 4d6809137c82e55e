import {
  decide,
  type LoggedStep,
  newSession,
  projectedEnd,
  replay,
  type SessionCommand,
  type SessionState,
} from './session-machine.js';
import { MINUTE, type ReactionAction } from '@chairside/domain';
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
      allowed: ['establish-access', 'drug-ready', 'stop', 'record-vitals', 'record-reaction', 'record-medication'],
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

  const grade4 = (actions: ReactionAction[], override?: { authorisedBy: string; reason: string }) =>
    ({
      kind: 'record-reaction',
      reactionId: '00000000-0000-4000-8000-000000000004',
      reaction: 'anaphylaxis',
      grade: 4,
      actions,
      outcome: 'ongoing',
      ...(override ? { override } : {}),
    }) as SessionCommand;

  it('refuses a grade 4 reaction that keeps the drug running unless an override names who and why (CTCAE: stop)', () => {
    const infusing = run([...seated, [{ kind: 'start' }, 15]]);
    for (const actions of [['none'], ['slowed'], ['paused', 'medication_given']] as const) {
      const refused = decide(infusing, grade4([...actions]), T0 + 20 * MINUTE);
      expect(refused).toMatchObject({ accepted: false, field: 'override', reason: expect.stringContaining('grade 4') });
    }
    expect(decide(infusing, grade4(['none'], { authorisedBy: ' ', reason: 'x' }), T0 + 20 * MINUTE).accepted).toBe(false);
    const overridden = decide(
      infusing,
      grade4(['medication_given'], { authorisedBy: 'Dr. Oncall', reason: 'responded to epinephrine' }),
      T0 + 20 * MINUTE,
    );
    expect(overridden).toMatchObject({
      accepted: true,
      state: { status: 'infusing', highestReactionGrade: 4 },
      step: { details: { override: { authorisedBy: 'Dr. Oncall', reason: 'responded to epinephrine' } } },
    });
    expect(decide(infusing, grade4(['stopped']), T0 + 20 * MINUTE)).toMatchObject({
      accepted: true,
      state: { status: 'stopped' },
    });
    // Grade 2 pauses under the protocol without any override; after the drug is done there is nothing to stop.
    expect(decide(infusing, { ...grade4(['none']), grade: 2 } as SessionCommand, T0 + 20 * MINUTE).accepted).toBe(true);
    const observing = run([[{ kind: 'complete' }, 80]], infusing);
    expect(decide(observing, grade4(['medication_given']), T0 + 85 * MINUTE).accepted).toBe(true);
  });

  it('records medication given in the chair without changing the infusion, and not before the patient is in the chair', () => {
    const medication: SessionCommand = {
      kind: 'record-medication',
      medicationId: '00000000-0000-4000-8000-000000000007',
      drug: 'ondansetron',
      dose: 8,
      doseUnit: 'mg',
      volumeMl: 4,
      route: 'iv',
      lot: 'AB12-3',
      administeredAt: new Date(T0 + 12 * MINUTE).toISOString(),
    };
    const arrived = run([[{ kind: 'check-in' }, -5]]);
    expect(decide(arrived, medication, T0).accepted).toBe(false);
    const inChair = run(seated);
    const given = decide(inChair, medication, T0 + 12 * MINUTE);
    expect(given).toMatchObject({
      accepted: true,
      state: { status: 'in_chair' },
      step: { kind: 'record-medication', details: { lot: 'AB12-3' } },
    });
  });

  it('replays the log without a step entered in error, and refuses when a later step depended on it', () => {
    const commands: Array<[SessionCommand, number]> = [...seated, [{ kind: 'start' }, 15]];
    const current = run(commands);
    const log: LoggedStep[] = [];
    let state = newSession({
      plannedStart: T0,
      plannedEnd: T0 + 90 * MINUTE,
      durationMinutes: 60,
      observationMinutes: 30,
      at: 0,
    });
    commands.forEach(([command, minute], i) => {
      const d = decide(state, command, T0 + minute * MINUTE);
      if (!d.accepted) throw new Error('refused');
      state = d.state;
      log.push({ seq: i + 1, kind: d.step.kind, at: d.step.at, details: d.step.details });
    });
    // Everything replayed: the same session.
    expect(replay(current, log)).toEqual({ ok: true, state: current });
    // The check-in alone in error: the seat after it has no arrival to follow.
    expect(replay(current, log.slice(1))).toMatchObject({ ok: false, refusedSeq: 2, refusedKind: 'seat' });
    // The start in error (the last step): back in the chair, access kept.
    const withoutStart = replay(current, log.slice(0, 3));
    expect(withoutStart).toMatchObject({ ok: true, state: { status: 'in_chair', access: { site: 'left forearm' } } });
    expect(withoutStart.ok && withoutStart.state.startedAt).toBeUndefined();
    // Only the check-in: undone, the session is expected again.
    expect(replay(run([[{ kind: 'check-in' }, -5]]), [])).toMatchObject({ ok: true, state: { status: 'expected' } });
  });
});
