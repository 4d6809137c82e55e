import fc from 'fast-check';
import { REACTION_ACTIONS, REACTION_KINDS, REACTION_OUTCOMES, ROUTES, MINUTE } from '@chairside/domain';
import {
  allowedCommands,
  COMMAND_KINDS,
  decide,
  newSession,
  projectedEnd,
  SESSION_STATUSES,
  type SessionCommand,
  type SessionState,
  type SessionStep,
  TERMINAL_STATUSES,
} from './session-machine.js';
const T0 = Date.UTC(2026, 2, 8, 14, 0);

const commandArb: fc.Arbitrary<SessionCommand> = fc.oneof(
  fc.constantFrom<SessionCommand>(
    { kind: 'check-in' },
    { kind: 'seat' },
    { kind: 'drug-ready' },
    { kind: 'start' },
    { kind: 'complete' },
    { kind: 'record-vitals' },
    { kind: 'cancel' },
    { kind: 'no-show' },
  ),
  fc.record({
    kind: fc.constant('establish-access' as const),
    route: fc.constantFrom(...ROUTES),
    site: fc.constantFrom('left forearm', 'port'),
    attempts: fc.integer({ min: 0, max: 4 }),
    numbingSprayUsed: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('start' as const), rateMlPerHour: fc.integer({ min: 10, max: 500 }) }),
  fc.record({ kind: fc.constant('pause' as const), reason: fc.constantFrom('patient request', 'pump alarm') }),
  fc.record({ kind: fc.constantFrom('resume' as const, 'change-rate' as const), ratePercent: fc.integer({ min: -5, max: 220 }) }),
  fc.record({ kind: fc.constant('stop' as const), reason: fc.constant('infiltration') }),
  fc.record({ kind: fc.constant('discharge' as const), mayDrive: fc.boolean(), escortRequired: fc.boolean() }),
  fc.record({
    kind: fc.constant('record-reaction' as const),
    reactionId: fc.uuid(),
    reaction: fc.constantFrom(...REACTION_KINDS),
    grade: fc.integer({ min: 0, max: 6 }),
    actions: fc.subarray([...REACTION_ACTIONS]),
    outcome: fc.constantFrom(...REACTION_OUTCOMES),
  }),
);

/** Each command comes some minutes after the last, sometimes from a clock that stepped back. */
const runArb = fc.array(fc.tuple(commandArb, fc.integer({ min: -3, max: 40 })), { maxLength: 40 });

function replay(run: Array<[SessionCommand, number]>) {
  let state = newSession({
    plannedStart: T0,
    plannedEnd: T0 + 150 * MINUTE,
    durationMinutes: 120,
    observationMinutes: 30,
    at: T0 - 60 * MINUTE,
  });
  let clock = T0 - 30 * MINUTE;
  const log: SessionStep[] = [];
  const history: Array<{ before: SessionState; after: SessionState; command: SessionCommand; accepted: boolean }> = [];
  for (const [command, minutes] of run) {
    clock += minutes * MINUTE;
    const before = state;
    const decision = decide(state, command, clock);
    if (decision.accepted) {
      state = decision.state;
      log.push(decision.step);
    }
    history.push({ before, after: state, command, accepted: decision.accepted });
  }
  return { state, log, history };
}

/** What must hold of any state the machine can reach. */
function invariants(s: SessionState): string[] {
  const broken: string[] = [];
  if (!SESSION_STATUSES.includes(s.status)) broken.push(`unknown status ${s.status}`);
  const needs = (cond: boolean, what: string) => cond || broken.push(`${s.status}: ${what}`);
  if (['arrived', 'in_chair', 'infusing', 'paused', 'observation', 'discharged'].includes(s.status))
    needs(s.arrivedAt !== undefined, 'has an arrival');
  if (['in_chair', 'infusing', 'paused', 'observation'].includes(s.status)) needs(s.seatedAt !== undefined, 'has a chair time');
  if (['infusing', 'paused', 'observation'].includes(s.status))
    needs(
      s.startedAt !== undefined && s.access !== undefined && s.drugReadyAt !== undefined,
      'started with access and a ready drug',
    );
  needs((s.status === 'infusing') === (s.runningSince !== undefined), 'the drug runs exactly while infusing');
  if (s.status === 'observation') needs(s.completedAt !== undefined, 'completed');
  if (s.status === 'stopped') needs(s.stoppedAt !== undefined && !!s.stopReason, 'stopped with a reason');
  if (s.status === 'discharged')
    needs(
      s.dischargedAt !== undefined && (s.completedAt !== undefined) !== (s.stoppedAt !== undefined),
      'discharged after exactly one of complete or stop',
    );
  const times = [s.arrivedAt, s.seatedAt, s.startedAt, s.completedAt ?? s.stoppedAt, s.dischargedAt].filter(
    (t): t is number => t !== undefined,
  );
  needs(
    times.every((t, i) => i === 0 || t >= times[i - 1]!),
    'milestones in time order',
  );
  needs(s.ratePercent >= 1 && s.ratePercent <= 200, 'a rate between 1% and 200%');
  needs(
    s.deliveredMs >= 0 && s.infusingMs >= 0 && s.deliveredMs <= 2 * s.infusingMs + 1e-6,
    'delivered dose consistent with running time',
  );
  needs(s.highestReactionGrade >= 0 && s.highestReactionGrade <= 5, 'a CTCAE grade');
  return broken;
}

describe('session state machine (property)', () => {
  it('no sequence of commands reaches an invalid state', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        for (const { after } of replay(run).history) expect(invariants(after)).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  });

  it('no recorded fact is lost: the log grows by exactly one step per accepted command, in time order, and replays to the state', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const { state, log, history } = replay(run);
        expect(log).toHaveLength(history.filter((h) => h.accepted).length);
        for (let i = 1; i < log.length; i++) {
          expect(log[i]!.at).toBeGreaterThanOrEqual(log[i - 1]!.at);
          expect(log[i]!.from).toBe(log[i - 1]!.to);
        }
        expect(log.at(-1)?.to ?? 'expected').toBe(state.status);
        // Facts, once recorded, stay: an arrival, access, start or reaction grade is never forgotten.
        for (const { before, after } of history) {
          for (const key of [
            'arrivedAt',
            'seatedAt',
            'drugReadyAt',
            'access',
            'startedAt',
            'completedAt',
            'stoppedAt',
            'dischargedAt',
          ] as const) {
            if (before[key] !== undefined && key !== 'access') expect(after[key]).toEqual(before[key]);
            if (key === 'access' && before.access) expect(after.access).toBeDefined();
          }
          expect(after.highestReactionGrade).toBeGreaterThanOrEqual(before.highestReactionGrade);
          expect(after.infusingMs).toBeGreaterThanOrEqual(before.infusingMs);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('a refused command changes nothing and names exactly the commands the session accepts', () => {
    fc.assert(
      fc.property(runArb, commandArb, (run, command) => {
        const { state } = replay(run);
        const decision = decide(state, command, T0 + 10 * 60 * MINUTE);
        if (!decision.accepted) {
          expect(decision.allowed).toEqual(allowedCommands(state));
          expect(decision.reason.length).toBeGreaterThan(0);
        } else {
          expect(allowedCommands(state)).toContain(command.kind);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('a finished session accepts nothing; a live one always has a way forward', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const { state } = replay(run);
        if (TERMINAL_STATUSES.includes(state.status)) expect(allowedCommands(state)).toEqual([]);
        else
          expect(
            allowedCommands(state).filter((k) => k !== 'record-vitals' && k !== 'record-reaction' && k !== 'drug-ready').length,
          ).toBeGreaterThan(0);
        expect(COMMAND_KINDS).toEqual(expect.arrayContaining(allowedCommands(state)));
      }),
      { numRuns: 1_000 },
    );
  });

  it('the projected end never lies before now for a session still in the chair', () => {
    fc.assert(
      fc.property(runArb, fc.integer({ min: 0, max: 600 }), (run, later) => {
        const { state } = replay(run);
        const now = state.lastStepAt + later * MINUTE;
        if (['arrived', 'in_chair', 'infusing', 'paused', 'observation', 'stopped'].includes(state.status))
          expect(projectedEnd(state, now)).toBeGreaterThanOrEqual(now);
      }),
      { numRuns: 1_000 },
    );
  });
});
