import type { TreatmentPlan } from './treatment-plan.entity.js';
import type { DoseState, TreatmentPlanView } from './dto/treatment-plan.dto.js';

/** A dose's appointment as the view needs it (the latest one for its dose number). */
export interface DoseAppointment {
  id: string;
  dose_number: number;
  status: string;
  starts_at: Date;
  confirmed_at: Date | null;
  version: number;
}

const STATES: Record<string, DoseState> = {
  proposed: 'held',
  booked: 'booked',
  arrived: 'under-way',
  'checked-in': 'under-way',
  fulfilled: 'done',
  cancelled: 'cancelled',
  noshow: 'no-show',
  'entered-in-error': 'entered-in-error',
};

/** The plan with every dose in order and its state; a dose never placed is `pending`, with why. */
export function treatmentPlanView(plan: TreatmentPlan, appointments: DoseAppointment[]): TreatmentPlanView {
  const byDose = new Map(appointments.map((a) => [a.dose_number, a]));
  const unplaced = new Map(plan.unplacedDoses.map((u) => [u.dose, u]));
  const series = Array.from({ length: plan.doses }, (_, i) => {
    const dose = i + 1;
    const a = byDose.get(dose);
    if (a) {
      const state = a.status === 'booked' && a.confirmed_at ? 'confirmed' : (STATES[a.status] ?? 'booked');
      return {
        dose,
        state,
        appointmentId: a.id,
        startsAt: a.starts_at.toISOString(),
        appointmentVersion: a.version,
      };
    }
    const u = unplaced.get(dose);
    return {
      dose,
      state: 'pending' as const,
      appointmentId: null,
      startsAt: null,
      ...(u ? { targetStartsAt: u.targetStartsAt, reason: u.reason } : {}),
    };
  });
  return {
    id: plan.id,
    locationId: plan.locationId,
    patientId: plan.patientId,
    therapyCode: plan.therapyCode,
    therapyId: plan.therapyId,
    doses: plan.doses,
    intervalDays: plan.intervalDays,
    status: plan.status,
    version: plan.version,
    placed: appointments
      .filter((a) => a.status !== 'cancelled')
      .map((a) => ({ dose: a.dose_number, appointmentId: a.id, startsAt: a.starts_at.toISOString() })),
    unplaced: plan.unplacedDoses,
    series,
  };
}
