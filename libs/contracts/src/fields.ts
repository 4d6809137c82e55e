import { z } from 'zod';
import { isIanaTimeZone } from '@chairside/domain';

export const ianaTimeZone = z
  .string()
  .refine(isIanaTimeZone, { message: 'must be an IANA time zone such as America/Chicago' })
  .describe('IANA time zone, e.g. America/Chicago');
