import type { IdempotentOutcome } from '@chairside/platform';

/** What a creating use case made, for tests that call it without an Idempotency-Key (so never a replay). */
export async function created<T>(outcome: Promise<IdempotentOutcome<T>>): Promise<T> {
  const answer = await outcome;
  if (answer.replayed) throw new Error('expected a first request, not a replay');
  return answer.body;
}
