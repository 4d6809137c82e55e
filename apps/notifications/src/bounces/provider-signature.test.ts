import { createHmac } from 'node:crypto';
import { emailEventSignature, signatureProblem } from './provider-signature.js';
import { emailAddressHash } from './email-address-hash.js';

describe("the email provider's webhook signature", () => {
  const key = 'a-provider-signing-key';
  const now = new Date('2026-12-02T18:00:00Z');
  const timestamp = String(now.getTime() / 1000);
  const token = 'c0ffee0123456789abcdef0123456789';
  const signed = { timestamp, token, signature: emailEventSignature(key, timestamp, token) };

  it("is Mailgun's: HMAC-SHA256 over timestamp then token, hex", () => {
    expect(signed.signature).toBe(createHmac('sha256', key).update(`${timestamp}${token}`).digest('hex'));
    expect(signatureProblem(key, signed, now)).toBeUndefined();
  });

  it('refuses without a configured key, a forged or differently keyed signature, a missing part, a stale timestamp', () => {
    expect(signatureProblem(undefined, signed, now)).toMatch(/not configured/);
    expect(signatureProblem(key, { ...signed, signature: 'f'.repeat(64) }, now)).toMatch(/does not match/);
    expect(signatureProblem('another-signing-key', signed, now)).toMatch(/does not match/);
    expect(signatureProblem(key, { ...signed, token: undefined }, now)).toMatch(/token/);
    expect(signatureProblem(key, undefined, now)).toMatch(/timestamp/);
    expect(signatureProblem(key, signed, new Date(now.getTime() + 16 * 60_000))).toMatch(/too old/);
    expect(signatureProblem(key, signed, new Date(now.getTime() + 14 * 60_000))).toBeUndefined();
  });

  it('suppresses an address by a hash that ignores case and surrounding spaces, never the address', () => {
    expect(emailAddressHash(' Rosa@Example.test ')).toBe(emailAddressHash('rosa@example.test'));
    expect(emailAddressHash('rosa@example.test')).toMatch(/^[0-9a-f]{64}$/);
  });
});
