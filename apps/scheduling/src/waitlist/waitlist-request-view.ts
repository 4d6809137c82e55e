import type { WaitlistRequestView } from './dto/waitlist.dto.js';
import type { WaitlistRequest } from './waitlist-request.entity.js';

/** A waitlist request as the API shows it; also what a retried join (same Idempotency-Key) replays. */
export function waitlistRequestView(w: WaitlistRequest): WaitlistRequestView {
  return {
    id: w.id,
    locationId: w.locationId,
    patientId: w.patientId,
    therapyCode: w.therapyCode,
    therapyId: w.therapyId,
    durationMinutes: w.durationMinutes,
    earliest: w.earliest.toISOString(),
    latest: w.latest.toISOString(),
    preferredWeekdays: w.preferredWeekdays,
    status: w.status,
    offeredAppointmentId: w.offeredAppointmentId,
    version: w.version,
  };
}
