import { ProblemException, type ProblemField } from '@chairside/platform';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Field-level reasons for weekly hours that cannot be used; throws a 400 listing all of them. */
export function assertValidWeeklyHours(
  weeklyHours: Record<string, unknown>,
): Record<string, Array<{ opens: string; closes: string }>> {
  const errors: ProblemField[] = [];
  const valid: Record<string, Array<{ opens: string; closes: string }>> = {};
  for (const [day, value] of Object.entries(weeklyHours)) {
    const field = `weeklyHours.${day}`;
    if (!/^[1-7]$/.test(day)) {
      errors.push({ field, reason: 'must be an ISO weekday from 1 (Monday) to 7 (Sunday)' });
      continue;
    }
    if (!Array.isArray(value)) {
      errors.push({ field, reason: 'must be a list of { opens, closes }' });
      continue;
    }
    const intervals = value as Array<{ opens?: unknown; closes?: unknown }>;
    intervals.forEach((h, i) => {
      if (typeof h?.opens !== 'string' || !TIME.test(h.opens))
        errors.push({ field: `${field}[${i}].opens`, reason: 'must be a local time HH:mm' });
      if (typeof h?.closes !== 'string' || !TIME.test(h.closes))
        errors.push({ field: `${field}[${i}].closes`, reason: 'must be a local time HH:mm' });
      else if (typeof h.opens === 'string' && h.closes <= h.opens)
        errors.push({ field: `${field}[${i}].closes`, reason: 'must be after opens' });
    });
    const sorted = [...intervals]
      .filter((h) => typeof h.opens === 'string' && typeof h.closes === 'string')
      .sort((a, b) => String(a.opens).localeCompare(String(b.opens)));
    for (let i = 1; i < sorted.length; i++)
      if (String(sorted[i]!.opens) < String(sorted[i - 1]!.closes))
        errors.push({ field, reason: 'opening intervals of one day must not overlap' });
    valid[day] = intervals as Array<{ opens: string; closes: string }>;
  }
  if (errors.length) throw ProblemException.validation(errors);
  return valid;
}
