import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Columns a session event may set, first value kept. */
export type VisitMoment = 'checked_in_at' | 'seated_at' | 'drug_ready_at' | 'infusion_started_at' | 'infusion_completed_at' | 'stopped_early_at' | 'discharged_at' | 'confirmed_at';

export interface PlannedVisit {
  appointmentId: string;
  locationId: string;
  patientId: string;
  therapyCode: string;
  chairId: string;
  startsAt: string;
  endsAt: string;
  durationMinutes?: number;
  bookedAt?: string;
}

/** Applies scheduling, sessions and notifications events to the facts. Every method is safe to replay. */
@Injectable()
export class VisitFactsProjector {
  /** Booked or moved: the plan, if this event is newer than the last one applied. */
  async planned(manager: EntityManager, v: PlannedVisit, sequence: number): Promise<void> {
    await manager.query(
      `INSERT INTO visit_fact (appointment_id, location_id, patient_id, therapy_code, chair_id, starts_at, ends_at, duration_minutes, booked_at, status, appointment_sequence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'booked', $10)
       ON CONFLICT (appointment_id) DO UPDATE SET
         patient_id = EXCLUDED.patient_id, therapy_code = EXCLUDED.therapy_code, chair_id = EXCLUDED.chair_id, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
         duration_minutes = coalesce(EXCLUDED.duration_minutes, visit_fact.duration_minutes), booked_at = coalesce(visit_fact.booked_at, EXCLUDED.booked_at),
         status = coalesce(visit_fact.status, 'booked'), appointment_sequence = EXCLUDED.appointment_sequence
       WHERE visit_fact.appointment_sequence < EXCLUDED.appointment_sequence`,
      [v.appointmentId, v.locationId, v.patientId, v.therapyCode, v.chairId, new Date(v.startsAt), new Date(v.endsAt), v.durationMinutes ?? null, v.bookedAt ? new Date(v.bookedAt) : null, sequence],
    );
  }

  async cancelled(manager: EntityManager, appointmentId: string, locationId: string, at: string, late: boolean): Promise<void> {
    await manager.query(
      `INSERT INTO visit_fact (appointment_id, location_id, status, cancelled_at, late_cancellation) VALUES ($1, $2, 'cancelled', $3, $4)
       ON CONFLICT (appointment_id) DO UPDATE SET status = 'cancelled', cancelled_at = coalesce(visit_fact.cancelled_at, EXCLUDED.cancelled_at), late_cancellation = EXCLUDED.late_cancellation`,
      [appointmentId, locationId, new Date(at), late],
    );
  }

  async noShow(manager: EntityManager, appointmentId: string, locationId: string, at: string): Promise<void> {
    await manager.query(
      `INSERT INTO visit_fact (appointment_id, location_id, status, no_show_at) VALUES ($1, $2, 'noshow', $3)
       ON CONFLICT (appointment_id) DO UPDATE SET status = 'noshow', no_show_at = coalesce(visit_fact.no_show_at, EXCLUDED.no_show_at)`,
      [appointmentId, locationId, new Date(at)],
    );
  }

  /** A moment of the visit; the first report of it wins (a replay reports the same). */
  async moment(manager: EntityManager, appointmentId: string, locationId: string, column: VisitMoment, at: string, extra: { infusingMinutes?: number; fulfilled?: boolean } = {}): Promise<void> {
    await manager.query(
      `INSERT INTO visit_fact (appointment_id, location_id, ${column}, infusing_minutes, status) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (appointment_id) DO UPDATE SET ${column} = coalesce(visit_fact.${column}, EXCLUDED.${column}),
         infusing_minutes = coalesce(visit_fact.infusing_minutes, EXCLUDED.infusing_minutes),
         status = CASE WHEN EXCLUDED.status = 'fulfilled' THEN 'fulfilled' ELSE visit_fact.status END`,
      [appointmentId, locationId, new Date(at), extra.infusingMinutes ?? null, extra.fulfilled ? 'fulfilled' : null],
    );
  }

  async reaction(manager: EntityManager, r: { reactionId: string; appointmentId: string; locationId: string; therapyCode: string; kind: string; grade: number; occurredAt: string }): Promise<void> {
    await manager.query(
      `INSERT INTO reaction_fact (reaction_id, appointment_id, location_id, therapy_code, kind, grade, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (reaction_id) DO NOTHING`,
      [r.reactionId, r.appointmentId, r.locationId, r.therapyCode, r.kind, r.grade, new Date(r.occurredAt)],
    );
  }

  async message(manager: EntityManager, m: { messageId: string; appointmentId: string; locationId: string; kind: string; channel: string }, status: 'suppressed' | 'cancelled' | 'failed' | 'sent' | 'delivered', at: string): Promise<void> {
    const rank = { suppressed: 1, cancelled: 1, failed: 2, sent: 3, delivered: 4 }[status];
    await manager.query(
      `INSERT INTO message_fact (message_id, appointment_id, location_id, kind, channel, status, rank, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (message_id) DO UPDATE SET status = EXCLUDED.status, rank = EXCLUDED.rank, at = EXCLUDED.at WHERE message_fact.rank < EXCLUDED.rank`,
      [m.messageId, m.appointmentId, m.locationId, m.kind, m.channel, status, rank, new Date(at)],
    );
  }
}
