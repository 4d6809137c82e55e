import { DEFAULT_THERAPIES, type TherapyCode, type TherapyDefinition } from '@chairside/domain';
import { ProblemException } from '@chairside/platform';
import type { TreatmentRequest } from '../slot-search/center.js';

/** The organisation's values for a therapy: its own edit, or the catalog default. */
export function effectiveTherapy(code: TherapyCode, override: TherapyDefinition | null | undefined): TherapyDefinition {
  return override ? { ...override, code } : DEFAULT_THERAPIES[code];
}

/** The therapy's catalog values with this patient's duration, checked against the allowed range. */
export function treatmentRequest(patientId: string, therapy: TherapyDefinition, durationMinutes?: number): TreatmentRequest {
  const duration = durationMinutes ?? therapy.defaultDurationMinutes;
  if (duration < therapy.minDurationMinutes || duration > therapy.maxDurationMinutes) {
    throw ProblemException.validation([
      {
        field: 'durationMinutes',
        reason: `must be between ${therapy.minDurationMinutes} and ${therapy.maxDurationMinutes} minutes for ${therapy.name}`,
      },
    ]);
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
