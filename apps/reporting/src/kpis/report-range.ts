import { ProblemException, type ProblemField } from '@chairside/platform';

/** The longest range one report may cover: a leap year, so "the last twelve months" always fits. */
export const MAX_REPORT_DAYS = 366;
/** Dates outside these years are typing mistakes, not history or plans (and keep date arithmetic cheap). */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a real calendar date YYYY-MM-DD within the allowed years, else the reason it is refused. */
function dayNumber(value: unknown): number | string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) return 'must be a calendar date YYYY-MM-DD';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return `must be a date in the years ${EARLIEST_YEAR} to ${LATEST_YEAR}`;
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2027-02-30 over into March: a date that does not come back unchanged does not exist.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day)
    return 'must be a calendar date YYYY-MM-DD';
  return ms / DAY_MS;
}

export interface ReportRange {
  from: string;
  to: string;
  /** Local dates covered, inclusive. */
  days: number;
}

/**
 * Checks a report's date range before any work is sized by it: constant time whatever the
 * input, so an absurd range costs a regular expression and a subtraction, not a list of dates.
 */
export function reportRange(from: unknown, to: unknown): ReportRange {
  const start = dayNumber(from);
  const end = dayNumber(to);
  const errors: ProblemField[] = [];
  if (typeof start === 'string') errors.push({ field: 'from', reason: start });
  if (typeof end === 'string') errors.push({ field: 'to', reason: end });
  if (typeof start === 'number' && typeof end === 'number') {
    if (end < start) errors.push({ field: 'to', reason: 'must not be before from' });
    else if (end - start + 1 > MAX_REPORT_DAYS)
      errors.push({ field: 'to', reason: `the range may cover at most ${MAX_REPORT_DAYS} days (it covers ${end - start + 1})` });
  }
  if (errors.length) throw ProblemException.validation(errors);
  return { from: from as string, to: to as string, days: (end as number) - (start as number) + 1 };
}
