import type { DoseUnit, ReactionAction, ReactionKind, ReactionOutcome, Route } from '@chairside/domain';
import { MINUTE, SEVERE_REACTION_GRADE } from '@chairside/domain';

/**
 * The infusion as it happens, as a pure state machine (FHIR R4 Encounter for the visit,
 * MedicationAdministration for the drug). Every accepted command returns the next state and
 * exactly one step to append to the session's log; a refused command changes nothing and names
 * the commands the session accepts now. Nothing here reads a clock: callers pass the time.
 */
export const SESSION_STATUSES = [
  'expected',
  'arrived',
  'in_chair',
  'infusing',
  'paused',
  'observation',
  'stopped',
  'discharged',
  'no_show',
  'cancelled',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const TERMINAL_STATUSES: readonly SessionStatus[] = ['discharged', 'no_show', 'cancelled'];

export interface AccessRecord {
  route: Route;
  site: string;
  attempts: number;
  numbingSprayUsed: boolean;
  at: number;
}

export interface SessionState {
  status: SessionStatus;
  plannedStart: number;
  plannedEnd: number;
  /** Drug time at the ordered rate, and observation after it. */
  durationMinutes: number;
  observationMinutes: number;
  arrivedAt?: number;
  seatedAt?: number;
  drugReadyAt?: number;
  access?: AccessRecord;
  startedAt?: number;
  /** Share of the ordered rate the drug runs at now (100 = as ordered). */
  ratePercent: number;
  rateMlPerHour?: number;
  /** Dose delivered so far, in milliseconds at the ordered rate. */
  deliveredMs: number;
  /** While infusing: since when the current rate runs. */
  runningSince?: number;
  /** Milliseconds the drug actually ran, pauses excluded. */
  infusingMs: number;
  pauseReason?: string;
  completedAt?: number;
  stoppedAt?: number;
  stopReason?: string;
  dischargedAt?: number;
  highestReactionGrade: number;
  /** Time of the last accepted step: steps never go back in time. */
  lastStepAt: number;
}

export type SessionCommand =
  | { kind: 'check-in' }
  | { kind: 'seat' }
  | { kind: 'drug-ready' }
  | { kind: 'establish-access'; route: Route; site: string; attempts: number; numbingSprayUsed: boolean }
  | { kind: 'start'; rateMlPerHour?: number }
  | { kind: 'pause'; reason: string }
  | { kind: 'resume'; ratePercent: number; rateMlPerHour?: number }
  | { kind: 'change-rate'; ratePercent: number; rateMlPerHour?: number }
  | { kind: 'complete' }
  | { kind: 'stop'; reason: string }
  | { kind: 'discharge'; mayDrive: boolean; escortRequired: boolean; instructions?: string }
  | { kind: 'record-vitals' }
  | {
      kind: 'record-reaction';
      reactionId: string;
      reaction: ReactionKind;
      grade: number;
      actions: ReactionAction[];
      outcome: ReactionOutcome;
      /** Continuing after a grade 3+ reaction against the protocol: who decided it and why. */
      override?: ReactionOverride;
    }
  | {
      kind: 'record-medication';
      medicationId: string;
      drug: string;
      dose: number;
      doseUnit: DoseUnit;
      volumeMl: number;
      route: Route;
      lot: string;
      /** UTC instant (ISO-8601) the medication was given. */
      administeredAt: string;
    }
  | { kind: 'cancel' }
  | { kind: 'no-show' };

export type CommandKind = SessionCommand['kind'];
export const COMMAND_KINDS: readonly CommandKind[] = [
  'check-in',
  'seat',
  'drug-ready',
  'establish-access',
  'start',
  'pause',
  'resume',
  'change-rate',
  'complete',
  'stop',
  'discharge',
  'record-vitals',
  'record-reaction',
  'record-medication',
  'cancel',
  'no-show',
];

/** Who decided to continue the infusion against the CTCAE protocol, and why. */
export interface ReactionOverride {
  /** The clinician who authorised continuing (name or staff id); the recording nurse is the step's actor. */
  authorisedBy: string;
  reason: string;
}

/** One fact in the session's log: what happened, when (server time), with its details. */
export interface SessionStep {
  kind: CommandKind;
  at: number;
  details: Record<string, unknown>;
  /** Status before and after, so the log alone replays the session. */
  from: SessionStatus;
  to: SessionStatus;
}

export type Decision =
  | { accepted: true; state: SessionState; step: SessionStep }
  /** `field`: the refusal is about a value of the command (a 400 naming it), not the session's state. */
  | { accepted: false; allowed: CommandKind[]; reason: string; field?: string };

/** Which commands each status accepts, before the guards below. */
const BY_STATUS: Record<SessionStatus, readonly CommandKind[]> = {
  expected: ['check-in', 'drug-ready', 'cancel', 'no-show'],
  arrived: ['seat', 'drug-ready', 'record-vitals'],
  in_chair: ['establish-access', 'drug-ready', 'start', 'stop', 'record-vitals', 'record-reaction', 'record-medication'],
  infusing: ['pause', 'change-rate', 'complete', 'stop', 'record-vitals', 'record-reaction', 'record-medication'],
  paused: ['resume', 'establish-access', 'stop', 'record-vitals', 'record-reaction', 'record-medication'],
  observation: ['discharge', 'record-vitals', 'record-reaction', 'record-medication'],
  stopped: ['discharge', 'record-vitals', 'record-reaction', 'record-medication'],
  discharged: [],
  no_show: [],
  cancelled: [],
};

/** Guards beyond the status: why a command the status allows is still refused. */
function guard(state: SessionState, kind: CommandKind): string | undefined {
  if (kind === 'start' && !state.access) return 'Access must be established before the infusion starts.';
  if (kind === 'drug-ready' && state.drugReadyAt !== undefined) return 'The drug is already recorded as ready.';
  return undefined;
}

export function allowedCommands(state: SessionState): CommandKind[] {
  return BY_STATUS[state.status].filter((kind) => guard(state, kind) === undefined);
}

/** The statuses in which a command may be taken (guards aside), e.g. for a SQL status check. */
export function statusesTaking(kind: CommandKind): SessionStatus[] {
  return SESSION_STATUSES.filter((status) => BY_STATUS[status].includes(kind));
}

export function newSession(p: {
  plannedStart: number;
  plannedEnd: number;
  durationMinutes: number;
  observationMinutes: number;
  at: number;
}): SessionState {
  return {
    status: 'expected',
    plannedStart: p.plannedStart,
    plannedEnd: p.plannedEnd,
    durationMinutes: p.durationMinutes,
    observationMinutes: p.observationMinutes,
    ratePercent: 100,
    deliveredMs: 0,
    infusingMs: 0,
    highestReactionGrade: 0,
    lastStepAt: p.at,
  };
}

/** Dose delivered up to `at`, if the drug is running. */
function settle(state: SessionState, at: number): SessionState {
  if (state.status !== 'infusing' || state.runningSince === undefined) return state;
  const ran = Math.max(0, at - state.runningSince);
  return {
    ...state,
    deliveredMs: state.deliveredMs + (ran * state.ratePercent) / 100,
    infusingMs: state.infusingMs + ran,
    runningSince: at,
  };
}

export function decide(
  state: SessionState,
  command: SessionCommand,
  requestedAt: number,
  /** A replay of the log re-applies what was accepted then, under the rules of then. */
  options: { enforceProtocol: boolean } = { enforceProtocol: true },
): Decision {
  const allowed = allowedCommands(state);
  if (!allowed.includes(command.kind)) {
    const why = BY_STATUS[state.status].includes(command.kind)
      ? guard(state, command.kind)!
      : `A session that is ${state.status.replace('_', ' ')} cannot ${command.kind.replace('-', ' ')}.`;
    return { accepted: false, allowed, reason: why };
  }
  const invalid = invalidDetails(command);
  if (invalid) return { accepted: false, allowed, reason: invalid };
  const againstProtocol = options.enforceProtocol ? protocolRefusal(state, command) : undefined;
  if (againstProtocol) return { accepted: false, allowed, reason: againstProtocol, field: 'override' };
  // Server clocks can step back a little; the log must not.
  const at = Math.max(requestedAt, state.lastStepAt);
  const next = apply(settle(state, at), command, at);
  const { kind: _kind, ...details } = command;
  return {
    accepted: true,
    state: { ...next, lastStepAt: at },
    step: { kind: command.kind, at, details, from: state.status, to: next.status },
  };
}

/** Statuses in which the drug is running or may still start: a severe reaction here must stop it. */
const DRUG_MAY_RUN: readonly SessionStatus[] = ['in_chair', 'infusing', 'paused'];

/**
 * CTCAE infusion-related reaction, grade 3 (prolonged, hospitalisation) and 4 (life-threatening):
 * the protocol stops the infusion. Anything else (continue, slow, pause) needs an override that
 * names who authorised it and why, or is refused.
 */
function protocolRefusal(state: SessionState, c: SessionCommand): string | undefined {
  if (c.kind !== 'record-reaction' || c.grade < SEVERE_REACTION_GRADE) return undefined;
  if (!DRUG_MAY_RUN.includes(state.status) || c.actions.includes('stopped')) return undefined;
  if (c.override && c.override.authorisedBy.trim() && c.override.reason.trim()) return undefined;
  return `A CTCAE grade ${c.grade} reaction stops the infusion (protocol): record the action 'stopped', or an override naming who authorised continuing and why.`;
}

function invalidDetails(c: SessionCommand): string | undefined {
  switch (c.kind) {
    case 'resume':
    case 'change-rate':
      return Number.isInteger(c.ratePercent) && c.ratePercent >= 1 && c.ratePercent <= 200
        ? undefined
        : 'ratePercent must be a whole number from 1 to 200.';
    case 'record-reaction':
      return Number.isInteger(c.grade) && c.grade >= 1 && c.grade <= 5
        ? c.actions.length
          ? undefined
          : 'actions must name at least one action.'
        : 'grade must be a CTCAE grade from 1 to 5.';
    case 'establish-access':
      return Number.isInteger(c.attempts) && c.attempts >= 1 ? undefined : 'attempts must be 1 or more.';
    default:
      return undefined;
  }
}

function apply(s: SessionState, c: SessionCommand, at: number): SessionState {
  switch (c.kind) {
    case 'check-in':
      return { ...s, status: 'arrived', arrivedAt: at };
    case 'seat':
      return { ...s, status: 'in_chair', seatedAt: at };
    case 'drug-ready':
      return { ...s, drugReadyAt: at };
    case 'establish-access':
      return { ...s, access: { route: c.route, site: c.site, attempts: c.attempts, numbingSprayUsed: c.numbingSprayUsed, at } };
    case 'start':
      // A drug that was never marked ready was ready when it started: the pharmacy wait is zero, not unknown.
      return {
        ...s,
        status: 'infusing',
        startedAt: at,
        runningSince: at,
        drugReadyAt: s.drugReadyAt ?? at,
        ...(c.rateMlPerHour !== undefined ? { rateMlPerHour: c.rateMlPerHour } : {}),
      };
    case 'pause':
      return withoutRunning({ ...s, status: 'paused', pauseReason: c.reason });
    case 'resume': {
      const { pauseReason: _reason, ...rest } = s;
      return {
        ...rest,
        status: 'infusing',
        runningSince: at,
        ratePercent: c.ratePercent,
        ...(c.rateMlPerHour !== undefined ? { rateMlPerHour: c.rateMlPerHour } : {}),
      };
    }
    case 'change-rate':
      return { ...s, ratePercent: c.ratePercent, ...(c.rateMlPerHour !== undefined ? { rateMlPerHour: c.rateMlPerHour } : {}) };
    case 'complete':
      return withoutRunning({ ...s, status: 'observation', completedAt: at });
    case 'stop':
      return withoutRunning({ ...s, status: 'stopped', stoppedAt: at, stopReason: c.reason });
    case 'discharge':
      return { ...s, status: 'discharged', dischargedAt: at };
    case 'record-vitals':
    case 'record-medication':
      return s;
    case 'record-reaction': {
      const graded = { ...s, highestReactionGrade: Math.max(s.highestReactionGrade, c.grade) };
      if (c.actions.includes('stopped') && (s.status === 'infusing' || s.status === 'paused' || s.status === 'in_chair')) {
        return withoutRunning({
          ...graded,
          status: 'stopped',
          stoppedAt: at,
          stopReason: `${c.reaction.replaceAll('_', ' ')}, CTCAE grade ${c.grade}`,
        });
      }
      if (c.actions.includes('paused') && s.status === 'infusing')
        return withoutRunning({
          ...graded,
          status: 'paused',
          pauseReason: `${c.reaction.replaceAll('_', ' ')}, CTCAE grade ${c.grade}`,
        });
      return graded;
    }
    case 'cancel':
      return { ...s, status: 'cancelled' };
    case 'no-show':
      return { ...s, status: 'no_show' };
  }
}

function withoutRunning(s: SessionState): SessionState {
  const { runningSince: _since, ...rest } = s;
  return rest;
}

/**
 * When the patient will leave the chair, as far as can be told at `now`: the rest of the dose at
 * the current rate (a paused drug is assumed to restart now), then observation.
 */
export function projectedEnd(s: SessionState, now: number): number {
  const observation = s.observationMinutes * MINUTE;
  switch (s.status) {
    case 'expected':
    case 'arrived':
    case 'in_chair':
      return Math.max(now, s.plannedStart) + s.durationMinutes * MINUTE + observation;
    case 'infusing':
    case 'paused': {
      const settled = settle(s, now);
      const remaining = Math.max(0, s.durationMinutes * MINUTE - settled.deliveredMs);
      return now + (remaining * 100) / s.ratePercent + observation;
    }
    case 'observation':
      return Math.max(now, s.completedAt! + observation);
    case 'stopped':
      return now;
    case 'discharged':
      return s.dischargedAt!;
    case 'no_show':
    case 'cancelled':
      return s.plannedEnd;
  }
}

export interface LoggedStep {
  seq: number;
  kind: CommandKind;
  at: number;
  details: Record<string, unknown>;
}

export type Replay =
  { ok: true; state: SessionState } | { ok: false; refusedSeq: number; refusedKind: CommandKind; reason: string };

/**
 * The session as if only `steps` had been recorded (in order, at their own times): what a
 * correction leaves when a step is entered in error. A later step that the remaining log no
 * longer allows (e.g. seating a patient whose check-in was an error) makes the replay fail, naming
 * that step, so a correction never leaves a log the machine could not have produced.
 */
export function replay(current: SessionState, steps: readonly LoggedStep[]): Replay {
  let state = newSession({
    plannedStart: current.plannedStart,
    plannedEnd: current.plannedEnd,
    durationMinutes: current.durationMinutes,
    observationMinutes: current.observationMinutes,
    at: 0,
  });
  for (const step of steps) {
    const decision = decide(state, { kind: step.kind, ...step.details } as SessionCommand, step.at, { enforceProtocol: false });
    if (!decision.accepted) return { ok: false, refusedSeq: step.seq, refusedKind: step.kind, reason: decision.reason };
    state = decision.state;
  }
  // Steps never go back in time, corrected or not.
  return { ok: true, state: { ...state, lastStepAt: Math.max(state.lastStepAt, current.lastStepAt) } };
}
