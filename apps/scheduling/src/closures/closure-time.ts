import { DateTime } from 'luxon';
import { ProblemException } from '@chairside/platform';

/**
 * The instants a closure covers, from the local date and times in the location's zone: a holiday
 * from local midnight to the next (23 or 25 hours on a DST day), part of a day from `from` to `to`
 * ('24:00' is the next midnight). A local time the clocks skip reads as the first instant after it.
 */
export function closureInstants(
  date: string,
  from: string | undefined,
  to: string | undefined,
  zone: string,
): { startsAt: Date; endsAt: Date } {
  const day = DateTime.fromISO(date, { zone }).startOf('day');
  if (!day.isValid) throw ProblemException.validation([{ field: 'date', reason: 'must be a date YYYY-MM-DD' }]);
  const at = (time: string) => {
    const [h, m] = time.split(':').map(Number) as [number, number];
    return h === 24
      ? day.plus({ days: 1 })
      : DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: h, minute: m }, { zone });
  };
  const startsAt = from ? at(from) : day;
  const endsAt = to ? at(to) : day.plus({ days: 1 });
  if (endsAt <= startsAt) throw ProblemException.validation([{ field: 'to', reason: 'must be after from' }]);
  return { startsAt: startsAt.toJSDate(), endsAt: endsAt.toJSDate() };
}
