import { isTransientDatabaseError } from '@chairside/database';
import { backoffDelay } from '../kafka/backoff.js';

/**
 * What the consumer does when applying a message fails, kept apart from the consumer loop
 * (KafkaEventServer) so the policy can be read and tested on its own:
 *
 * - the database is away (a transient error): wait and retry, as long as it takes, without
 *   counting an attempt — the message is not at fault and must not be dead-lettered for it;
 * - the handler threw: retry with exponential, jittered backoff, and after `maxAttempts`
 *   failures move the message to the dead-letter topic so its partition moves on;
 * - a message that cannot be decoded (poison) is dead-lettered at once (`poisonAttempts`);
 * - a consumer crash kafkajs will not restart is fatal: the process must exit (isFatalCrash).
 */
export interface RetryPolicyOptions {
  /** Attempts for a handler that throws (non-transient) before its message is dead-lettered. */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Jitter source (tests fix it). */
  random?: () => number;
}

export type FailureDecision =
  | { action: 'wait-for-database'; delayMs: number }
  | { action: 'retry'; attempt: number; delayMs: number }
  | { action: 'dead-letter'; attempts: number };

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = { maxAttempts: 5, retryBaseMs: 200, retryMaxMs: 10_000 };

/** A message that fails to decode is dead-lettered on its first (and only) attempt. */
export const poisonAttempts = 1;

export class RetryPolicy {
  constructor(readonly options: RetryPolicyOptions = DEFAULT_RETRY_POLICY) {}

  /** The attempt count of one message, from its first failure to success or dead letter. */
  forMessage(): MessageAttempts {
    return new MessageAttempts(this.options);
  }
}

export class MessageAttempts {
  private failures = 0;
  private transientFailures = 0;

  constructor(private readonly options: RetryPolicyOptions) {}

  /** `deadLetterable`: false for a message without a handler (there is nothing to give up on). */
  onFailure(error: unknown, deadLetterable = true): FailureDecision {
    const { retryBaseMs, retryMaxMs, random } = this.options;
    if (isTransientDatabaseError(error)) {
      this.transientFailures++;
      return { action: 'wait-for-database', delayMs: backoffDelay(this.transientFailures, retryBaseMs, retryMaxMs, random) };
    }
    this.failures++;
    if (deadLetterable && this.failures >= this.options.maxAttempts) return { action: 'dead-letter', attempts: this.failures };
    return { action: 'retry', attempt: this.failures, delayMs: backoffDelay(this.failures, retryBaseMs, retryMaxMs, random) };
  }
}

/** kafkajs restarts a consumer after a retriable crash; one it will not restart ends the process. */
export function isFatalCrash(crash: { restart?: boolean }): boolean {
  return crash.restart !== true;
}

/** The error as the dead-letter header records it. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null) return JSON.stringify(error);
  return String(error);
}
