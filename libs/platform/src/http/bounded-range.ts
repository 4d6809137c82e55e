import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The end of a range that sizes work (a slot search window, a waitlist window): after `start` and at
 * most `maxDays` later. Checked by the validation pipe, so an absurd range is a 400 naming the field
 * before any row is read or any day of the range is built.
 */
export function WithinDaysAfter(start: string, maxDays: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'withinDaysAfter',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [start, maxDays],
      ...(options ? { options } : {}),
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const from = (args.object as Record<string, unknown>)[start];
          // A missing or malformed start is reported on its own field.
          if (!(value instanceof Date) || !(from instanceof Date) || Number.isNaN(from.getTime())) return true;
          const span = value.getTime() - from.getTime();
          return span > 0 && span <= maxDays * DAY_MS;
        },
        defaultMessage: () => `must be after ${start} and at most ${maxDays} days after it`,
      },
    });
}
