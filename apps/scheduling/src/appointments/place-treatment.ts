import type { EntityManager } from 'typeorm';
import { EXCLUSION_VIOLATION, sqlState } from '@chairside/database';
import { Appointment } from './appointment.entity.js';
import { ProblemException } from '@chairside/platform';
import type { CenterState, Slot, TreatmentRequest } from '../slot-search/center.js';
import { HOUR } from '../slot-search/center.js';
import { evaluateStart, type StartRejection } from '../slot-search/find-slots.js';
import type { CenterStateRepository } from './center-state.repository.js';

export interface Placement {
  locationId: string;
  request: TreatmentRequest;
  start: number;
  now: number;
  chairId?: string;
  nurseId?: string;
  /** When moving an appointment: its current time must not block its new one. */
  excludeAppointmentId?: string;
}

const WHY: Record<StartRejection, string> = {
  closed: 'The center is closed for part of that stay (treatment and observation must end before closing).',
  'too-soon': 'The pharmacy cannot have the drug ready by then.',
  'patient-busy': 'The patient already has a treatment at that time.',
  'no-chair': 'No suitable chair is free for the whole stay and turnover.',
  'no-nurse': 'No certified nurse on shift has a free start window and monitoring capacity for the whole stay.',
  'no-matching-resources': 'The location has no chair of a suitable kind or no nurse with the certification (or not the ones requested).',
};

export function unavailable(reason: StartRejection): ProblemException {
  return ProblemException.conflict('slot-unavailable', WHY[reason], { reason });
}

/**
 * Decides where a treatment goes, inside the caller's transaction. The nurses' capacity is an
 * aggregate no constraint can hold: lock every nurse who could take it (in id order, so two
 * bookings never wait on each other in a cycle), then decide with what is committed. Chair,
 * patient and start-window overlaps are also refused by exclusion constraints on insert.
 */
export async function placeTreatment(manager: EntityManager, centers: CenterStateRepository, p: Placement): Promise<{ center: CenterState; slot: Slot }> {
  await manager.query(
    `SELECT id FROM nurse WHERE location_id = $1 AND $2 = ANY(certifications) AND ($3::uuid IS NULL OR id = $3) ORDER BY id FOR UPDATE`,
    [p.locationId, p.request.certification, p.nurseId ?? null],
  );
  const loaded = await centers.load(manager, p.locationId, new Date(p.start - 24 * HOUR), new Date(p.start + 36 * HOUR), p.request.patientId);
  if (!loaded) throw ProblemException.notFound('Location', p.locationId);
  const center = p.excludeAppointmentId ? { ...loaded, bookings: loaded.bookings.filter((b) => b.id !== p.excludeAppointmentId) } : loaded;
  const busy = loaded.patientBusy.filter((b) => b.id !== p.excludeAppointmentId);
  const only = { ...(p.chairId ? { chairId: p.chairId } : {}), ...(p.nurseId ? { nurseId: p.nurseId } : {}) };
  const verdict = evaluateStart(center, p.request, p.start, p.now, only, busy);
  if ('rejected' in verdict) throw unavailable(verdict.rejected);
  return { center, slot: verdict.slot };
}

const OVERLAPS: Record<string, string> = {
  appointment_chair_no_overlap: 'Another booking took that chair for an overlapping time.',
  appointment_patient_no_overlap: 'The patient was booked elsewhere for an overlapping time.',
  appointment_nurse_setup_no_overlap: 'The nurse is starting another patient at that time.',
};

/** The appointment columns a placed slot decides. */
export function slotFields(slot: Slot): Pick<Appointment, 'chairId' | 'nurseId' | 'startsAt' | 'endsAt' | 'chairReleasedAt' | 'setupEndsAt'> {
  return { chairId: slot.chairId, nurseId: slot.nurseId, startsAt: new Date(slot.start), endsAt: new Date(slot.end), chairReleasedAt: new Date(slot.chairReleasedAt), setupEndsAt: new Date(slot.setupEnd) };
}

/**
 * Inserts or updates an appointment; an overlap that slipped past placeTreatment (another
 * transaction won the race) fails on the exclusion constraints and becomes a 409.
 */
export async function writeAppointment(manager: EntityManager, appointment: Appointment, mode: 'insert' | 'update'): Promise<void> {
  try {
    if (mode === 'insert') await manager.insert(Appointment, appointment);
    else await manager.save(appointment);
  } catch (error) {
    if (sqlState(error) === EXCLUSION_VIOLATION) throw overlap((error as { driverError?: { constraint?: string } }).driverError?.constraint);
    throw error;
  }
}

/** 23P01 from an appointment exclusion constraint, as the 409 a client can act on. */
function overlap(constraint: string | undefined): ProblemException {
  return ProblemException.conflict('slot-unavailable', OVERLAPS[constraint ?? ''] ?? 'The slot was taken meanwhile.', { reason: 'conflict', constraint });
}
