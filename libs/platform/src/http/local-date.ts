import { ValidateBy, type ValidationOptions } from 'class-validator';
import { instantProblem } from './edge-bounds.js';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The latest date it is anywhere at `now` (UTC+14, Kiritimati): a day after it is in everyone's future. */
const latestToday = (now: Date) => new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);

/**
 * Why `text` is not a local calendar date this API accepts (YYYY-MM-DD, a real day, within the
 * edge bounds' years; with `notAfterToday`, not a day still to come everywhere), or undefined
 * when it is one. The shape alone let 2026-02-30 and 9999-12-31 through: a date of birth or a
 * closure in year 9999 is a typo that no screen would show back.
 */
export function localDateProblem(text: unknown, rules: { notAfterToday?: boolean; now?: Date } = {}): string | undefined {
  if (typeof text !== 'string' || !LOCAL_DATE.test(text)) return 'must be a local date YYYY-MM-DD';
  const problem = instantProblem(text);
  if (problem !== undefined) return problem;
  if (rules.notAfterToday && text > latestToday(rules.now ?? new Date())) return 'must not be a date still to come';
  return undefined;
}

/** A local calendar date (see `localDateProblem`); with `each`, every item of an array. */
export function IsLocalDate(options: ValidationOptions & { notAfterToday?: boolean } = {}): PropertyDecorator {
  const { notAfterToday, ...validation } = options;
  const problem = (value: unknown) => localDateProblem(value, { notAfterToday: notAfterToday ?? false });
  return ValidateBy(
    {
      name: 'isLocalDate',
      validator: {
        validate: (value: unknown) => problem(value) === undefined,
        // With `each` the message is built once for the array: it names the first refused item's reason.
        defaultMessage: (args) =>
          validation.each && Array.isArray(args?.value)
            ? `each ${problem((args.value as unknown[]).find((v) => problem(v) !== undefined))}`
            : `${problem(args?.value)}`,
      },
    },
    validation,
  );
}
