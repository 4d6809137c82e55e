import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A link to the patient page: which message it came in (so the page knows the appointment, and an
 * answer is tied to what the patient was told) and until when it works. HMAC-SHA256 over both with
 * PATIENT_LINK_KEY, so changing either one breaks the link; nothing about the patient is in it.
 */
export interface PatientLink {
  messageId: string;
  expiresAt: Date;
}

export type LinkProblem = 'altered' | 'expired';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Short enough for a text message: a uuid, a time in seconds and a 128-bit tag. */
const TOKEN = /^([0-9a-f-]{36})\.([0-9]{1,12})\.([A-Za-z0-9_-]{22})$/;

const tag = (key: string, payload: string) =>
  createHmac('sha256', key).update(`patient-page:${payload}`).digest().subarray(0, 16).toString('base64url');

export function signPatientLink(key: string, { messageId, expiresAt }: PatientLink): string {
  const payload = `${messageId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${payload}.${tag(key, payload)}`;
}

/** The link's message, or why it is refused: altered (or not a link at all), or expired. */
export function readPatientLink(key: string, token: string, now: Date): PatientLink | LinkProblem {
  const match = TOKEN.exec(token);
  if (!match || !UUID.test(match[1]!)) return 'altered';
  const given = Buffer.from(match[3]!, 'base64url');
  const expected = Buffer.from(tag(key, `${match[1]}.${match[2]}`), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'altered';
  const expiresAt = new Date(Number(match[2]) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return 'expired';
  return { messageId: match[1]!, expiresAt };
}
