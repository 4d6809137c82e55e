import type { EntityManager } from 'typeorm';
import type { TherapyCode, TherapyDefinition } from '@chairside/domain';
import { EXCLUSION_VIOLATION, type SqlStatement, sqlState } from '@chairside/database';
import type { Transaction } from '@chairside/messaging';
import { ProblemException } from '@chairside/platform';
import { Appointment } from './appointment.entity.js';
import type { CenterState, Slot, TreatmentRequest } from '../slot-search/center.js';
import { HOUR } from '@chairside/domain';
import { evaluateStart, type Relaxation, type StartRejection } from '../slot-search/find-slots.js';
import type { CenterStateRepository } from './center-state.repository.js';
import { effectiveTherapy, treatmentRequest } from './treatment-request.js';

export interface Placement {
  organisationId: string;
  locationId: string;
  patientId: string;
  therapyCode: TherapyCode;
  /** A therapy the organisation defined: its own values, instead of the catalog's for therapyCode. */
  therapy?: TherapyDefinition;
  /** The patient's infusion time; the therapy's default when absent. */
  durationMinutes?: number;
  start: number;
  now: number;
  chairId?: string;
  nurseId?: string;
  /** When moving an appointment: its current time must not block its new one. */
  excludeAppointmentId?: string;
  /** An admin placing a treatment against the hours, lead-time or nurse-capacity rules, knowingly. */
  overbook?: boolean;
  /**
   * The drug is already being prepared for an earlier start (a re-plan moving a booked treatment
   * later): the pharmacy lead time is met, not broken, so it is neither checked nor a violation.
   */
  leadTimeMet?: boolean;
}

export interface Placed {
  center: CenterState;
  slot: Slot;
  request: TreatmentRequest;
  therapy: TherapyDefinition;
  /** Rules an overbooking breaks (empty for every ordinary placement). */
  violations: Violation[];
}

export type Violation = 'outside-opening-hours' | 'pharmacy-lead-time' | 'nurse-capacity';

const RELAXABLE: Partial<Record<StartRejection, [keyof Relaxation, Violation]>> = {
  closed: ['hours', 'outside-opening-hours'],
  'too-soon': ['leadTime', 'pharmacy-lead-time'],
  'no-nurse': ['nurseCapacity', 'nurse-capacity'],
};

const WHY: Record<StartRejection, string> = {
  closed: 'The center is closed for part of that stay (treatment and observation must end before closing).',
  'too-soon': 'The pharmacy cannot have the drug ready by then.',
  'patient-busy': 'The patient already has a treatment at that time.',
  'no-chair': 'No suitable chair is in service and free for the whole stay and turnover.',
  'no-nurse': 'No certified nurse on shift has a free start window and monitoring capacity for the whole stay.',
  'no-matching-resources':
    'The location has no chair of a suitable kind or no nurse with the certification (or not the ones requested).',
};

export function unavailable(reason: StartRejection): ProblemException {
  return ProblemException.conflict('slot-unavailable', WHY[reason], { reason });
}

interface LockRow {
  patient_known: boolean;
  therapy: TherapyDefinition | null;
}

/**
 * Decides where a treatment goes, inside the caller's transaction.
 *
 * A nurse's monitoring capacity is an aggregate no constraint can hold, so placements that could
 * share a nurse are serialised: lock the shifts of the location's nurses that cover the start (in
 * id order, so two placements never wait on each other in a cycle), then read and decide with
 * what is committed. A stay lies within one shift of its nurse and one nurse's shifts never
 * overlap, so two treatments that could overload a nurse always lock the same shift; placements
 * on other days or at other locations do not wait for each other. The lock is taken in its own
 * statement because a READ COMMITTED statement reads the snapshot of its own start. The location
 * row is taken for share in the same statement: an outage, a retired chair or a closure takes it
 * for update (resource-gate), so a placement either commits before such a change (which then lists
 * it as affected) or reads the change and keeps out of it. Chair,
 * patient and start-window overlaps are also refused by exclusion constraints on insert.
 */
export async function placeTreatment(
  tx: Pick<Transaction, 'queryTogether'>,
  centers: CenterStateRepository,
  p: Placement,
): Promise<Placed> {
  const window = {
    locationId: p.locationId,
    organisationId: p.organisationId,
    from: new Date(p.start - 24 * HOUR),
    to: new Date(p.start + 36 * HOUR),
    patientId: p.patientId,
  };
  // The lock and the read go in one round trip but stay two statements: the read must see what
  // was committed while the lock was awaited.
  const [[locked], [found]] = (await tx.queryTogether([
    {
      sql: `WITH locked AS (
         SELECT s.id FROM nurse_shift s JOIN nurse n ON n.id = s.nurse_id
          WHERE n.location_id = $1 AND s.starts_at <= $2 AND s.ends_at > $2 ORDER BY s.id FOR UPDATE OF s)
       SELECT (SELECT count(*) FROM locked) AS shifts,
              EXISTS (SELECT 1 FROM patient pt WHERE pt.id = $3 AND pt.organisation_id = l.organisation_id) AS patient_known,
              (SELECT t.settings FROM therapy_setting t WHERE t.organisation_id = l.organisation_id AND t.therapy_code = $4) AS therapy
         FROM location l WHERE l.id = $1 AND l.organisation_id = $5 FOR SHARE OF l`,
      parameters: [p.locationId, new Date(p.start), p.patientId, p.therapyCode, p.organisationId],
    },
    centers.loadStatement(window),
  ])) as [[LockRow | undefined], [unknown]];
  if (!locked) throw ProblemException.notFound('Location', p.locationId);
  if (!locked.patient_known) throw ProblemException.notFound('Patient', p.patientId);
  const therapy = p.therapy ?? effectiveTherapy(p.therapyCode, locked.therapy);
  const request = treatmentRequest(p.patientId, therapy, p.durationMinutes);

  const loaded = centers.fromRow(window, found);
  if (!loaded) throw ProblemException.notFound('Location', p.locationId);
  const center = p.excludeAppointmentId
    ? { ...loaded, bookings: loaded.bookings.filter((b) => b.id !== p.excludeAppointmentId) }
    : loaded;
  const busy = loaded.patientBusy.filter((b) => b.id !== p.excludeAppointmentId);
  const only = { ...(p.chairId ? { chairId: p.chairId } : {}), ...(p.nurseId ? { nurseId: p.nurseId } : {}) };

  const relax: Relaxation = p.leadTimeMet ? { leadTime: true } : {};
  const violations: Violation[] = [];
  for (;;) {
    const verdict = evaluateStart(center, request, p.start, p.now, only, busy, relax);
    if ('slot' in verdict) return { center, slot: verdict.slot, request, therapy, violations };
    const relaxable = p.overbook ? RELAXABLE[verdict.rejected] : undefined;
    if (!relaxable || relax[relaxable[0]]) throw unavailable(verdict.rejected);
    relax[relaxable[0]] = true;
    violations.push(relaxable[1]);
  }
}

const OVERLAPS: Record<string, string> = {
  appointment_chair_no_overlap: 'Another booking took that chair for an overlapping time.',
  appointment_patient_no_overlap: 'The patient was booked elsewhere for an overlapping time.',
  appointment_nurse_setup_no_overlap: 'The nurse is starting another patient at that time.',
};

/** The appointment columns a placement decides. */
export function slotFields(
  slot: Slot,
  request: TreatmentRequest,
): Pick<
  Appointment,
  'chairId' | 'nurseId' | 'startsAt' | 'endsAt' | 'chairReleasedAt' | 'setupEndsAt' | 'durationMinutes' | 'observationMinutes'
> {
  return {
    chairId: slot.chairId,
    nurseId: slot.nurseId,
    startsAt: new Date(slot.start),
    endsAt: new Date(slot.end),
    chairReleasedAt: new Date(slot.chairReleasedAt),
    setupEndsAt: new Date(slot.setupEnd),
    durationMinutes: request.durationMinutes,
    observationMinutes: request.observationMinutes,
  };
}

/**
 * Updates an appointment; an overlap that slipped past placeTreatment (another transaction won
 * the race) fails on the exclusion constraints and becomes a 409.
 */
export async function writeAppointment(manager: EntityManager, appointment: Appointment): Promise<void> {
  await refusingOverlaps(() => manager.save(appointment));
}

/** The INSERT of a new appointment, to run alone or in one statement with its event. */
export function appointmentInsert(manager: EntityManager, appointment: Appointment): SqlStatement {
  const [sql, parameters] = manager.createQueryBuilder().insert().into(Appointment).values(appointment).getQueryAndParameters();
  return { sql, parameters };
}

/** Runs a write of appointment times; losing a race on the exclusion constraints becomes a 409. */
export async function refusingOverlaps<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (sqlState(error) === EXCLUSION_VIOLATION)
      throw overlap((error as { driverError?: { constraint?: string } }).driverError?.constraint);
    throw error;
  }
}

/** 23P01 from an appointment exclusion constraint, as the 409 a client can act on. */
function overlap(constraint: string | undefined): ProblemException {
  return ProblemException.conflict('slot-unavailable', OVERLAPS[constraint ?? ''] ?? 'The slot was taken meanwhile.', {
    reason: 'conflict',
    constraint,
  });
}

/**
 * Runs one placement among several in a savepoint: a refusal (any 4xx, including an exclusion
 * constraint that aborted the statement) comes back as a value, not a throw, and leaves the
 * caller's transaction usable for the next one. Treatment plans and waitlist offers use it.
 */
export async function tryPlacement<T>(manager: EntityManager, work: () => Promise<T>): Promise<T | ProblemException> {
  await manager.query('SAVEPOINT placement');
  try {
    const result = await work();
    await manager.query('RELEASE SAVEPOINT placement');
    return result;
  } catch (error) {
    if (!(error instanceof ProblemException) || error.problem.status >= 500) throw error;
    await manager.query('ROLLBACK TO SAVEPOINT placement');
    return error;
  }
}
