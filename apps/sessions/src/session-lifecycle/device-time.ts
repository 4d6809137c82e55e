import { ProblemException } from '@chairside/platform';
import { MEDICATION_BOUNDS } from '@chairside/domain';
import type { StepDto } from './dto/session-step.dto.js';

/** Devices at the chair may run a little ahead; a step "from the future" beyond this is a bad clock. */
const DEVICE_CLOCK_AHEAD_MS = 5 * 60_000;

/** The device's time of a step or of vital signs, refused when it lies too far ahead of the server's. */
export function checkedDeviceTime(body: StepDto, now: Date): Date | undefined {
  if (body.deviceTime && body.deviceTime.getTime() > now.getTime() + DEVICE_CLOCK_AHEAD_MS) {
    throw ProblemException.validation([{ field: 'deviceTime', reason: "lies more than 5 minutes ahead of the server's clock" }]);
  }
  return body.deviceTime;
}

/** When a medication was given: documented up to a day later, never from a clock far ahead. */
export function checkedAdministeredAt(administeredAt: Date, now: Date): Date {
  const t = administeredAt.getTime();
  if (t > now.getTime() + MEDICATION_BOUNDS.administeredAtMaxAheadMs)
    throw ProblemException.validation([
      { field: 'administeredAt', reason: "lies more than 5 minutes ahead of the server's clock" },
    ]);
  if (t < now.getTime() - MEDICATION_BOUNDS.administeredAtMaxAgeMs)
    throw ProblemException.validation([{ field: 'administeredAt', reason: 'lies more than 24 hours in the past' }]);
  return administeredAt;
}
