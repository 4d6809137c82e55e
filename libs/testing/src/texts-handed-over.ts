import { waitFor } from './wait.js';

/**
 * Waits until notifications has recorded every text to `phone` as handed to the provider (none is
 * still `sending`), before a test posts the patient's reply. A real provider delivers a text to the
 * handset well after its API answered, so a patient never answers a text that notifications has not
 * yet recorded as sent. The loopback provider has the text at once, a moment before that record,
 * and a reply posted in that moment finds no text to answer (the help text comes back): seen as a
 * flake in CI, in three suites, before they waited for this.
 */
export function untilTextsHandedOver(
  notificationsDb: { query<T = unknown>(sql: string, params?: unknown[]): Promise<T[]> },
  phone: string,
): Promise<true> {
  return waitFor(
    async () => {
      const sending = await notificationsDb.query(
        `SELECT 1 FROM message m JOIN directory_contact c ON c.patient_id = m.patient_id
          WHERE c.phone = $1 AND m.channel = 'sms' AND m.status = 'sending'`,
        [phone],
      );
      return sending.length === 0;
    },
    { what: `the texts to ${phone} recorded as handed to the provider`, timeoutMs: 60_000 },
  );
}
