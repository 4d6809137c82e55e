import { ProblemException } from '@chairside/platform';

/**
 * The longest outage one request records: a quarter, as long as a back-ordered part keeps a chair
 * out. A chair out for longer is retired (PATCH …/chairs/:chairId with retired), and brought back
 * when it returns. The span sizes the work of an outage (the appointments it covers are locked,
 * flagged and listed), so it is checked before any lock is taken or row read.
 */
export const MAX_OUTAGE_DAYS = 92;
const DAY_MS = 86_400_000;

/** Refuses an outage that ends before it starts or lasts longer than MAX_OUTAGE_DAYS, naming endsAt. */
export function checkOutageSpan(startsAt: Date, endsAt: Date): void {
  if (endsAt <= startsAt) throw ProblemException.validation([{ field: 'endsAt', reason: 'must be after startsAt' }]);
  if (endsAt.getTime() - startsAt.getTime() > MAX_OUTAGE_DAYS * DAY_MS)
    throw ProblemException.validation([
      {
        field: 'endsAt',
        reason: `an outage lasts at most ${MAX_OUTAGE_DAYS} days (retire the chair for longer)`,
      },
    ]);
}
