import { createHmac, timingSafeEqual } from 'node:crypto';
import { MINUTE } from '@chairside/domain';

/** A signed event older (or further ahead) than this is refused: with the token kept, replays are refused. */
export const EMAIL_WEBHOOK_MAX_AGE_MS = 15 * MINUTE;

/**
 * The email provider's webhook signature (Mailgun's scheme): HMAC-SHA256 with the webhook
 * signing key over the signed timestamp (Unix seconds) followed by the signed random token; hex.
 */
export function emailEventSignature(signingKey: string, timestamp: string, token: string): string {
  return createHmac('sha256', signingKey).update(`${timestamp}${token}`, 'utf8').digest('hex');
}

export interface SignedBlock {
  timestamp?: unknown;
  token?: unknown;
  signature?: unknown;
}

/** Why a signature block is refused, or undefined when it is good and fresh (compared in constant time). */
export function signatureProblem(signingKey: string | undefined, block: SignedBlock | undefined, now: Date): string | undefined {
  if (!signingKey) return 'the email events webhook is not configured (EMAIL_WEBHOOK_SIGNING_KEY)';
  const { timestamp, token, signature } = block ?? {};
  if (typeof timestamp !== 'string' || !/^[0-9]{1,12}$/.test(timestamp)) return 'no signed timestamp';
  if (typeof token !== 'string' || !/^[A-Za-z0-9]{16,128}$/.test(token)) return 'no signed token';
  if (typeof signature !== 'string') return 'no signature';
  const expected = Buffer.from(emailEventSignature(signingKey, timestamp, token));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return 'the signature does not match';
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > EMAIL_WEBHOOK_MAX_AGE_MS) return 'the signed timestamp is too old';
  return undefined;
}
