import { Injectable } from '@nestjs/common';
import { valuesPlaceholders } from '@chairside/database';
import type { EventContext, StagedWrite } from '@chairside/messaging';
import { stageKpiRefresh } from '../kpis/rollups/kpi-rollups.projector.js';

/** Columns a session event may set, first value kept. */
export const VISIT_MOMENTS = [
  'checked_in_at',
  'seated_at',
  'drug_ready_at',
  'infusion_started_at',
  'infusion_completed_at',
  'stopped_early_at',
  'discharged_at',
  'confirmed_at',
] as const;
export type VisitMoment = (typeof VISIT_MOMENTS)[number];

export interface PlannedVisit {
  appointmentId: string;
  locationId: string;
  patientId: string;
  therapyCode: string;
  chairId: string;
  nurseId: string;
  startsAt: string;
  endsAt: string;
  durationMinutes?: number;
  bookedAt?: string;
}

interface PlannedRow extends PlannedVisit {
  sequence: number;
}

interface MomentsRow {
  appointmentId: string;
  locationId: string;
  moments: Partial<Record<VisitMoment, string>>;
  infusingMinutes?: number;
  fulfilled: boolean;
}

interface EndRow {
  appointmentId: string;
  locationId: string;
  at: string;
  lateCancellation?: boolean;
}

interface ReactionRow {
  reactionId: string;
  appointmentId: string;
  locationId: string;
  therapyCode: string;
  kind: string;
  grade: number;
  occurredAt: string;
}

type MessageStatus = 'suppressed' | 'cancelled' | 'failed' | 'sent' | 'delivered';
interface MessageRow {
  messageId: string;
  appointmentId: string;
  locationId: string;
  kind: string;
  channel: string;
  status: MessageStatus;
  rank: number;
  at: string;
}

const byAppointment = (row: { appointmentId: string }) => row.appointmentId;
const keepFirst = <R>(earlier: R): R => earlier;
const date = (iso: string | undefined) => (iso ? new Date(iso) : null);

/** Booked or moved: the plan of the highest scheduling sequence; the first booking time kept. */
const plannedWrite: StagedWrite<PlannedRow> = {
  key: byAppointment,
  merge: (earlier, later) => {
    if (later.sequence <= earlier.sequence) return earlier;
    const durationMinutes = later.durationMinutes ?? earlier.durationMinutes;
    const bookedAt = earlier.bookedAt ?? later.bookedAt;
    return {
      ...later,
      ...(durationMinutes !== undefined ? { durationMinutes } : {}),
      ...(bookedAt !== undefined ? { bookedAt } : {}),
    };
  },
  write: async (manager, rows) => {
    await manager.query(
      `INSERT INTO visit_fact (appointment_id, location_id, patient_id, therapy_code, chair_id, nurse_id, starts_at, ends_at, duration_minutes, booked_at, appointment_sequence, status)
       VALUES ${valuesPlaceholders(rows.length, 12)}
       ON CONFLICT (appointment_id) DO UPDATE SET
         patient_id = EXCLUDED.patient_id, therapy_code = EXCLUDED.therapy_code, chair_id = EXCLUDED.chair_id, nurse_id = EXCLUDED.nurse_id, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
         duration_minutes = coalesce(EXCLUDED.duration_minutes, visit_fact.duration_minutes), booked_at = coalesce(visit_fact.booked_at, EXCLUDED.booked_at),
         status = coalesce(visit_fact.status, 'booked'), appointment_sequence = EXCLUDED.appointment_sequence
       WHERE visit_fact.appointment_sequence < EXCLUDED.appointment_sequence`,
      rows.flatMap((v) => [
        v.appointmentId,
        v.locationId,
        v.patientId,
        v.therapyCode,
        v.chairId,
        v.nurseId,
        new Date(v.startsAt),
        new Date(v.endsAt),
        v.durationMinutes ?? null,
        date(v.bookedAt),
        v.sequence,
        'booked',
      ]),
    );
  },
};

/** Moments of visits: the first report of each wins (a replay reports the same). */
const momentsWrite: StagedWrite<MomentsRow> = {
  key: byAppointment,
  merge: (earlier, later) => {
    const infusingMinutes = earlier.infusingMinutes ?? later.infusingMinutes;
    return {
      ...earlier,
      moments: { ...later.moments, ...earlier.moments },
      ...(infusingMinutes !== undefined ? { infusingMinutes } : {}),
      fulfilled: earlier.fulfilled || later.fulfilled,
    };
  },
  write: async (manager, rows) => {
    await manager.query(
      `INSERT INTO visit_fact (appointment_id, location_id, ${VISIT_MOMENTS.join(', ')}, infusing_minutes, status)
       VALUES ${valuesPlaceholders(rows.length, VISIT_MOMENTS.length + 4)}
       ON CONFLICT (appointment_id) DO UPDATE SET ${VISIT_MOMENTS.map((c) => `${c} = coalesce(visit_fact.${c}, EXCLUDED.${c})`).join(', ')},
         infusing_minutes = coalesce(visit_fact.infusing_minutes, EXCLUDED.infusing_minutes),
         status = CASE WHEN EXCLUDED.status = 'fulfilled' THEN 'fulfilled' ELSE visit_fact.status END`,
      rows.flatMap((r) => [
        r.appointmentId,
        r.locationId,
        ...VISIT_MOMENTS.map((c) => date(r.moments[c])),
        r.infusingMinutes ?? null,
        r.fulfilled ? 'fulfilled' : null,
      ]),
    );
  },
};

const cancelledWrite: StagedWrite<EndRow> = {
  key: byAppointment,
  merge: (earlier, later) => ({ ...later, at: earlier.at }),
  write: async (manager, rows) => {
    await manager.query(
      `INSERT INTO visit_fact (appointment_id, location_id, cancelled_at, late_cancellation, status) VALUES ${valuesPlaceholders(rows.length, 5)}
       ON CONFLICT (appointment_id) DO UPDATE SET status = 'cancelled', cancelled_at = coalesce(visit_fact.cancelled_at, EXCLUDED.cancelled_at), late_cancellation = EXCLUDED.late_cancellation`,
      rows.flatMap((r) => [r.appointmentId, r.locationId, new Date(r.at), r.lateCancellation ?? false, 'cancelled']),
    );
  },
};

const noShowWrite: StagedWrite<EndRow> = {
  key: byAppointment,
  merge: keepFirst,
  write: async (manager, rows) => {
    await manager.query(
      `INSERT INTO visit_fact (appointment_id, location_id, no_show_at, status) VALUES ${valuesPlaceholders(rows.length, 4)}
       ON CONFLICT (appointment_id) DO UPDATE SET status = 'noshow', no_show_at = coalesce(visit_fact.no_show_at, EXCLUDED.no_show_at)`,
      rows.flatMap((r) => [r.appointmentId, r.locationId, new Date(r.at), 'noshow']),
    );
  },
};

const reactionWrite: StagedWrite<ReactionRow> = {
  key: (r) => r.reactionId,
  merge: keepFirst,
  write: async (manager, rows) => {
    await manager.query(
      `INSERT INTO reaction_fact (reaction_id, appointment_id, location_id, therapy_code, kind, grade, occurred_at) VALUES ${valuesPlaceholders(rows.length, 7)} ON CONFLICT (reaction_id) DO NOTHING`,
      rows.flatMap((r) => [r.reactionId, r.appointmentId, r.locationId, r.therapyCode, r.kind, r.grade, new Date(r.occurredAt)]),
    );
  },
};

const MESSAGE_RANK: Record<MessageStatus, number> = { suppressed: 1, cancelled: 1, failed: 2, sent: 3, delivered: 4 };

/** A message's highest state wins (delivered over sent over failed), whatever order they arrive in. */
const messageWrite: StagedWrite<MessageRow> = {
  key: (m) => m.messageId,
  merge: (earlier, later) => (later.rank > earlier.rank ? later : earlier),
  write: async (manager, rows) => {
    await manager.query(
      `INSERT INTO message_fact (message_id, appointment_id, location_id, kind, channel, status, rank, at) VALUES ${valuesPlaceholders(rows.length, 8)}
       ON CONFLICT (message_id) DO UPDATE SET status = EXCLUDED.status, rank = EXCLUDED.rank, at = EXCLUDED.at WHERE message_fact.rank < EXCLUDED.rank`,
      rows.flatMap((m) => [m.messageId, m.appointmentId, m.locationId, m.kind, m.channel, m.status, m.rank, new Date(m.at)]),
    );
  },
};

/**
 * Applies scheduling, sessions and notifications events to the facts. Every write is safe to
 * replay and staged, so a run of events lands as one statement per kind of write; the KPI rollups
 * of the days the run touched are recomputed after them.
 */
@Injectable()
export class VisitFactsProjector {
  planned(ctx: EventContext, v: PlannedVisit, sequence: number): void {
    stageKpiRefresh(ctx, v.locationId);
    ctx.stage(plannedWrite, { ...v, sequence });
  }

  cancelled(ctx: EventContext, row: EndRow): void {
    stageKpiRefresh(ctx, row.locationId);
    ctx.stage(cancelledWrite, row);
  }

  noShow(ctx: EventContext, row: EndRow): void {
    stageKpiRefresh(ctx, row.locationId);
    ctx.stage(noShowWrite, row);
  }

  moment(
    ctx: EventContext,
    appointmentId: string,
    locationId: string,
    column: VisitMoment,
    at: string,
    extra: { infusingMinutes?: number; fulfilled?: boolean } = {},
  ): void {
    stageKpiRefresh(ctx, locationId);
    ctx.stage(momentsWrite, {
      appointmentId,
      locationId,
      moments: { [column]: at },
      ...(extra.infusingMinutes !== undefined ? { infusingMinutes: extra.infusingMinutes } : {}),
      fulfilled: extra.fulfilled ?? false,
    });
  }

  reaction(ctx: EventContext, r: ReactionRow): void {
    stageKpiRefresh(ctx, r.locationId);
    ctx.stage(reactionWrite, r);
  }

  message(
    ctx: EventContext,
    m: { messageId: string; appointmentId: string; locationId: string; kind: string; channel: string },
    status: MessageStatus,
    at: string,
  ): void {
    stageKpiRefresh(ctx, m.locationId);
    ctx.stage(messageWrite, {
      messageId: m.messageId,
      appointmentId: m.appointmentId,
      locationId: m.locationId,
      kind: m.kind,
      channel: m.channel,
      status,
      rank: MESSAGE_RANK[status],
      at,
    });
  }
}
