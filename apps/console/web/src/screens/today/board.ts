import type { components } from '../../api/generated/scheduling.js';

/** Scheduling's day resources, passed through by the back end with the board. */
export type DayResources = components['schemas']['DayResourcesView'];

/** The composed board the back end answers (GET /api/board/{locationId}). */
export interface BoardSession {
  appointmentId: string;
  patientId: string;
  therapyCode: string;
  /** A therapy the organisation defined (therapyCode is then the built-in it is counted as), or null. */
  therapyId?: string | null;
  chairId: string;
  nurseId: string;
  status: string;
  plannedStartsAt: string;
  plannedEndsAt: string;
  projectedEndsAt: string;
  minutesLate: number;
  flags: string[];
  /** The steps the session takes now (sessions' state machine). */
  allowedNext: string[];
}

export interface ComposedDayBoard {
  location: { id: string; name: string; timeZone: string };
  board: {
    locationId: string;
    date: string;
    timeZone: string;
    chairs: Array<{ chairId: string; label: string; kind: string }>;
    nurses: Array<{ nurseId: string; displayName: string; patientsInChair: number; sessions: string[] }>;
    sessions: BoardSession[];
  };
  /** Chairs out of service and nurses on shift with their capacity (scheduling's day resources); null when not answered. */
  resources?: DayResources | null;
  /** Names scheduling disclosed to this user (each one an audited read there). */
  patients: Record<string, { givenName: string; familyName: string }>;
  patientsTruncated: boolean;
  /** Where the location's live events stood in the back end when the read began (the live stream's `ready` says where it begins). */
  livePosition?: string;
}

/** A patient as the board names them: the name scheduling disclosed, else a short reference. */
export function patientNameOn(
  data: Pick<ComposedDayBoard, 'patients'>,
  patientId: string,
  t: (key: 'today.patientName' | 'today.patient', values: Record<string, string>) => string,
): string {
  const name = data.patients[patientId];
  return name
    ? t('today.patientName', { family: name.familyName, given: name.givenName })
    : t('today.patient', { ref: patientId.slice(0, 8) });
}

/** What a live event tells (the back end's LiveEvent). */
export interface LiveEvent {
  name: string;
  locationId: string;
  appointmentId: string;
  occurredAt: string;
  bar?: {
    patientId: string;
    therapyCode: string;
    therapyId?: string;
    chairId: string;
    nurseId: string;
    startsAt: string;
    endsAt: string;
  };
  /** A session step the bar can take from the event alone (see live-board.ts). */
  session?: { status?: string; flag?: string; projectedEndsAt?: string; plannedStartsAt?: string };
  /** Scheduling's echo of a session step: the session's own event changes the bar. */
  echo?: true;
}

/**
 * Sessions of the board, plus bookings announced live that the board does not show yet and that
 * `shown` keeps (those of the day on the board: a booking of another day adds no bar).
 */
export function withAnnounced(
  sessions: BoardSession[],
  announced: ReadonlyMap<string, LiveEvent>,
  shown: (event: LiveEvent) => boolean,
): BoardSession[] {
  const known = new Set(sessions.map((s) => s.appointmentId));
  const extra: BoardSession[] = [];
  for (const event of announced.values()) {
    if (!event.bar || known.has(event.appointmentId) || !shown(event)) continue;
    extra.push({
      appointmentId: event.appointmentId,
      patientId: event.bar.patientId,
      therapyCode: event.bar.therapyCode,
      therapyId: event.bar.therapyId ?? null,
      chairId: event.bar.chairId,
      nurseId: event.bar.nurseId,
      status: 'booked',
      plannedStartsAt: event.bar.startsAt,
      plannedEndsAt: event.bar.endsAt,
      projectedEndsAt: event.bar.endsAt,
      minutesLate: 0,
      flags: [],
      allowedNext: [],
    });
  }
  return [...sessions, ...extra];
}

export const STATUS_STYLE: Record<string, { color: string; symbol: string }> = {
  booked: { color: 'gray', symbol: '○' },
  expected: { color: 'gray', symbol: '○' },
  arrived: { color: 'yellow', symbol: '◐' },
  in_chair: { color: 'orange', symbol: '◑' },
  infusing: { color: 'blue', symbol: '▶' },
  paused: { color: 'grape', symbol: '❚❚' },
  observation: { color: 'teal', symbol: '◔' },
  stopped: { color: 'red', symbol: '■' },
  discharged: { color: 'green', symbol: '✓' },
  no_show: { color: 'red', symbol: '✕' },
  cancelled: { color: 'dark', symbol: '⊘' },
};
