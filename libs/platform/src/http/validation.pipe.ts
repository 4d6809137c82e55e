import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, type ProblemField } from './problem.js';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): ProblemField[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, reason]) => ({
      field,
      // class-validator prefixes most messages with the property name; the field is named separately.
      reason:
        rule === 'whitelistValidation'
          ? 'is not an accepted field'
          : reason.startsWith(`${error.property} `)
            ? reason.slice(error.property.length + 1)
            : reason,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Unknown fields are rejected (not silently dropped) so a typo in a field name is a 400 that
 * names it, not a request that "worked" without the value.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ProblemException.validation(flattenValidationErrors(errors)),
  });
}
