import type { Appointment } from './appointment.entity.js';
import type { AppointmentView } from './dto/appointment.dto.js';

export function appointmentView(a: Appointment): AppointmentView {
  return {
    id: a.id,
    locationId: a.locationId,
    patientId: a.patientId,
    therapyCode: a.therapyCode,
    therapyId: a.therapyId ?? null,
    chairId: a.chairId,
    nurseId: a.nurseId,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    durationMinutes: a.durationMinutes,
    status: a.status,
    confirmedAt: a.confirmedAt?.toISOString() ?? null,
    holdExpiresAt: a.holdExpiresAt?.toISOString() ?? null,
    overbooked: a.overbooked,
    atRiskSince: a.atRiskSince?.toISOString() ?? null,
    treatmentPlanId: a.treatmentPlanId,
    actualEndsAt: a.actualEndsAt?.toISOString() ?? null,
    overrunEndsAt: a.overrunEndsAt?.toISOString() ?? null,
    rescheduleRequestedAt: a.rescheduleRequestedAt?.toISOString() ?? null,
    version: a.version,
  };
}
