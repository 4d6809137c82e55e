import { DEFAULT_THERAPIES, type TherapyCode } from '@chairside/domain';
import { ProblemException } from '@chairside/platform';
import type { TreatmentRequest } from '../slot-search/center.js';

/** The therapy's catalog values with this patient's duration, checked against the allowed range. */
export function treatmentRequest(patientId: string, therapyCode: TherapyCode, durationMinutes?: number): TreatmentRequest {
  const therapy = DEFAULT_THERAPIES[therapyCode];
  const duration = durationMinutes ?? therapy.defaultDurationMinutes;
  if (duration < therapy.minDurationMinutes || duration > therapy.maxDurationMinutes) {
    throw ProblemException.validation([{ field: 'durationMinutes', reason: `must be between ${therapy.minDurationMinutes} and ${therapy.maxDurationMinutes} minutes for ${therapy.name}` }]);
  }
  return {
    patientId,
    durationMinutes: duration,
    observationMinutes: therapy.observationMinutes,
    turnoverMinutes: therapy.turnoverMinutes,
    chairKinds: therapy.chairKinds,
    certification: therapy.certification,
    pharmacyLeadMinutes: therapy.pharmacyLeadMinutes,
  };
}
