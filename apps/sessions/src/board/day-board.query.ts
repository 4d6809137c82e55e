import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { localDateProblem, ProblemException } from '@chairside/platform';
import {
  allowedCommands,
  type CommandKind,
  type SessionState,
  type SessionStatus,
} from '../session-lifecycle/session-machine.js';
import { OVERRUN_TOLERANCE_MS } from '../overruns/announce-overrun.js';
import type { SessionTherapy } from '../sessions/session.entity.js';
import { vitalsDueAt } from '../vitals/vitals-due.js';
import { MINUTE, SEVERE_REACTION_GRADE } from '@chairside/domain';
/** A patient this late and not here shows as "not arrived" on the board. */
const NOT_ARRIVED_AFTER_MS = 15 * MINUTE;
const IN_CHAIR = new Set<SessionStatus>(['in_chair', 'infusing', 'paused', 'observation', 'stopped']);

export interface BoardSession {
  appointmentId: string;
  patientId: string;
  therapyCode: string;
  /** A therapy the organisation defined (therapyCode is then the built-in it is counted as), or null. */
  therapyId: string | null;
  chairId: string;
  nurseId: string;
  status: SessionStatus;
  plannedStartsAt: string;
  plannedEndsAt: string;
  projectedEndsAt: string;
  /** Minutes the projected end lies after the planned end (0 when on time). */
  minutesLate: number;
  /** Why the session needs attention, if it does. */
  flags: Array<
    'running-late' | 'not-arrived' | 'vitals-overdue' | 'reaction' | 'severe-reaction' | 'waiting-for-chair' | 'waiting-for-drug'
  >;
  waitingSince: string | null;
  nextVitalsDueAt: string | null;
  ratePercent: number;
  highestReactionGrade: number;
  allowedNext: CommandKind[];
  version: number;
}

export interface DayBoard {
  locationId: string;
  date: string;
  timeZone: string;
  generatedAt: string;
  counts: Partial<Record<SessionStatus, number>>;
  chairs: Array<{ chairId: string; label: string; kind: string; occupiedBy: string | null; sessions: string[] }>;
  nurses: Array<{ nurseId: string; displayName: string; patientsInChair: number; sessions: string[] }>;
  sessions: BoardSession[];
  late: string[];
}

interface BoardRow {
  time_zone: string;
  chairs: Array<{ chairId: string; label: string; kind: string }>;
  nurses: Array<{ nurseId: string; displayName: string }>;
  sessions: Array<{
    appointmentId: string;
    patientId: string;
    therapyCode: string;
    chairId: string;
    nurseId: string;
    status: SessionStatus;
    plannedStartsAt: string;
    plannedEndsAt: string;
    projectedEndsAt: string;
    state: SessionState;
    doseNumber: number | null;
    therapy: SessionTherapy;
    lastVitalsAt: string | null;
    version: number;
  }>;
}

/** The day board of one location, in one query: what the nurses at the chairs look at all day. */
@Injectable()
export class DayBoardQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(q: { organisationId: string; locationId: string; date?: string; now: Date }): Promise<DayBoard> {
    const dateProblem = q.date === undefined ? undefined : localDateProblem(q.date);
    if (dateProblem !== undefined) throw ProblemException.validation([{ field: 'date', reason: dateProblem }]);
    // One round trip: the day defaults to today in the location's own zone, computed there.
    const [row] = (await this.dataSource.query(
      `SELECT l.time_zone, to_char(d.day, 'YYYY-MM-DD') AS date,
         (SELECT coalesce(json_agg(json_build_object('chairId', c.chair_id, 'label', c.label, 'kind', c.kind) ORDER BY c.label, c.chair_id), '[]') FROM directory_chair c WHERE c.location_id = l.location_id) AS chairs,
         (SELECT coalesce(json_agg(json_build_object('nurseId', n.nurse_id, 'displayName', n.display_name) ORDER BY n.display_name, n.nurse_id), '[]') FROM directory_nurse n WHERE n.location_id = l.location_id) AS nurses,
         (SELECT coalesce(json_agg(json_build_object('appointmentId', s.appointment_id, 'patientId', s.patient_id, 'therapyCode', s.therapy_code, 'chairId', s.chair_id, 'nurseId', s.nurse_id,
                 'status', s.status, 'plannedStartsAt', s.planned_starts_at, 'plannedEndsAt', s.planned_ends_at, 'projectedEndsAt', s.projected_ends_at,
                 'doseNumber', s.dose_number, 'therapy', s.therapy, 'lastVitalsAt', s.last_vitals_at, 'state', s.state, 'version', s.version) ORDER BY s.planned_starts_at, s.appointment_id), '[]')
            FROM session s WHERE s.location_id = l.location_id AND s.local_date = d.day) AS sessions
       FROM directory_location l CROSS JOIN LATERAL (SELECT coalesce($2::date, ($3::timestamptz AT TIME ZONE l.time_zone)::date) AS day) d
      WHERE l.location_id = $1 AND l.organisation_id = $4`,
      [q.locationId, q.date ?? null, q.now, q.organisationId],
    )) as Array<BoardRow & { date: string }>;
    if (!row) throw ProblemException.notFound('Location', q.locationId);
    const date = row.date;
    const now = q.now.getTime();
    const sessions = row.sessions.map((s) => boardSession(s, now));
    const counts: DayBoard['counts'] = {};
    for (const s of sessions) counts[s.status] = (counts[s.status] ?? 0) + 1;
    return {
      locationId: q.locationId,
      date,
      timeZone: row.time_zone,
      generatedAt: q.now.toISOString(),
      counts,
      chairs: row.chairs.map((c) => {
        const mine = sessions.filter((s) => s.chairId === c.chairId);
        return {
          ...c,
          occupiedBy: mine.find((s) => IN_CHAIR.has(s.status))?.appointmentId ?? null,
          sessions: mine.map((s) => s.appointmentId),
        };
      }),
      nurses: row.nurses.map((n) => {
        const mine = sessions.filter((s) => s.nurseId === n.nurseId);
        return {
          ...n,
          patientsInChair: mine.filter((s) => IN_CHAIR.has(s.status)).length,
          sessions: mine.map((s) => s.appointmentId),
        };
      }),
      sessions,
      late: sessions
        .filter((s) => s.flags.includes('running-late') || s.flags.includes('not-arrived'))
        .map((s) => s.appointmentId),
    };
  }
}

function boardSession(s: BoardRow['sessions'][number], now: number): BoardSession {
  const plannedStart = Date.parse(s.plannedStartsAt);
  const plannedEnd = Date.parse(s.plannedEndsAt);
  const projected = Date.parse(s.projectedEndsAt);
  const live = !['discharged', 'no_show', 'cancelled'].includes(s.status);
  const due = vitalsDueAt(s);
  const flags: BoardSession['flags'] = [];
  if (live && projected > plannedEnd + OVERRUN_TOLERANCE_MS) flags.push('running-late');
  if (s.status === 'expected' && now > plannedStart + NOT_ARRIVED_AFTER_MS) flags.push('not-arrived');
  if (due !== null && due < now) flags.push('vitals-overdue');
  if (s.state.highestReactionGrade > 0) flags.push('reaction');
  // CTCAE grade 3 and above: the protocol stops the drug and the charge nurse must see it from across the floor.
  if (s.state.highestReactionGrade >= SEVERE_REACTION_GRADE) flags.push('severe-reaction');
  if (s.status === 'arrived') flags.push('waiting-for-chair');
  if (s.status === 'in_chair' && s.state.drugReadyAt === undefined) flags.push('waiting-for-drug');
  const waitingSince = s.status === 'arrived' ? s.state.arrivedAt : s.status === 'in_chair' ? s.state.seatedAt : undefined;
  return {
    appointmentId: s.appointmentId,
    patientId: s.patientId,
    therapyCode: s.therapyCode,
    therapyId: s.therapy.organisationTherapyId ?? null,
    chairId: s.chairId,
    nurseId: s.nurseId,
    status: s.status,
    plannedStartsAt: new Date(plannedStart).toISOString(),
    plannedEndsAt: new Date(plannedEnd).toISOString(),
    projectedEndsAt: new Date(projected).toISOString(),
    minutesLate: Math.max(0, Math.round((projected - plannedEnd) / MINUTE)),
    flags,
    waitingSince: waitingSince !== undefined ? new Date(waitingSince).toISOString() : null,
    nextVitalsDueAt: due !== null ? new Date(due).toISOString() : null,
    ratePercent: s.state.ratePercent,
    highestReactionGrade: s.state.highestReactionGrade,
    allowedNext: allowedCommands(s.state),
    version: s.version,
  };
}
