import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The Twilio webhook signature: HMAC-SHA1 with the account's auth token over the full URL
 * followed by every form parameter, sorted by name, as name then value; base64.
 */
export function providerSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function signatureMatches(
  authToken: string,
  url: string,
  params: Record<string, string>,
  given: string | undefined,
): boolean {
  if (!given) return false;
  const expected = Buffer.from(providerSignature(authToken, url, params));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
