import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { builtValueProblems, rawValueProblems } from './edge-bounds.js';
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
 * The DTO's own rules (class-validator), framed by the bounds every value is held to whatever its
 * DTO (`EDGE_BOUNDS`): strings without NUL and of bounded length, bounded arrays, nesting and
 * fields before the DTO is built; real, in-range instants and finite, in-range numbers after.
 * Path parameters and plain query values pass through the same checks. Every refusal is a 400
 * naming the field, before any work.
 */
export class EdgeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const prefix = metadata.type === 'body' ? '' : (metadata.data ?? '');
    const before = rawValueProblems(value, prefix);
    if (before.length) throw ProblemException.validation(before);
    const built: unknown = await super.transform(value, metadata);
    const after = builtValueProblems(built, value, prefix);
    if (after.length) throw ProblemException.validation(after);
    return built;
  }
}

/**
 * Unknown fields are rejected (not silently dropped) so a typo in a field name is a 400 that
 * names it, not a request that "worked" without the value.
 */
export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ProblemException.validation(flattenValidationErrors(errors)),
  });
}
