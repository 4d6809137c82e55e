/** Notifications' message states (apps/notifications/src/messages/message.entity.ts MESSAGE_STATUSES). */
export type MessageStatus = 'scheduled' | 'sending' | 'retrying' | 'sent' | 'delivered' | 'failed' | 'cancelled' | 'suppressed';

/** How often a resent message, and the queue that still lists it, are read again. */
export const RESEND_POLL_MS = 2000;

/** States a message does not leave by itself: nothing more will happen to it without someone acting. */
const FINAL: ReadonlySet<string> = new Set(['sent', 'delivered', 'failed', 'cancelled', 'suppressed']);
/** Final states in which the provider took the message: scheduling closes the item (`notifications.message.resent`). */
const TAKEN: ReadonlySet<string> = new Set(['sent', 'delivered']);

export const messageSettled = (status: string): boolean => FINAL.has(status);

/** The resent message's status is read again until it is final (sent, delivered, failed, cancelled, suppressed). */
export function messageStatusInterval(status: string): number | false {
  return messageSettled(status) ? false : RESEND_POLL_MS;
}

/**
 * Whether a listed item resent from here may still leave the queue by itself: its message is on its
 * way, or the provider took it and scheduling is about to close the item. A message suppressed,
 * cancelled or failed again after the resend stays listed for good, so nothing is read again for it.
 */
export function awaitingResent<Item>(items: readonly Item[], resentStatus: (item: Item) => string | undefined): boolean {
  return items.some((item) => {
    const status = resentStatus(item);
    return status !== undefined && (!messageSettled(status) || TAKEN.has(status));
  });
}
