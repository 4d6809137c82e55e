import type { Transaction } from '@chairside/messaging';

/**
 * Notes that the provider's webhook `event` about `messageSid` is being applied; false when it
 * already was (a replay, or the provider retrying one that succeeded). Runs in the applying
 * transaction: a failed attempt leaves no receipt, so the provider's retry is still applied, and a
 * concurrent duplicate waits on the key and then finds it.
 */
export async function firstReceipt(tx: Transaction, messageSid: string, event: string, at: Date): Promise<boolean> {
  const inserted = (await tx.manager.query(
    `INSERT INTO sms_webhook_receipt (message_sid, event, received_at) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING message_sid`,
    [messageSid, event, at],
  )) as unknown[];
  return inserted.length > 0;
}
