import { ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from './problem.js';

/** A path parameter that must be a UUID; otherwise 400 naming the parameter. */
export function uuidParam(field: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    version: '4',
    exceptionFactory: () => ProblemException.validation([{ field, reason: 'must be a UUID' }]),
  });
}
