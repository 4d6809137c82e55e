import { awaitingResent, messageStatusInterval, RESEND_POLL_MS } from '../web/src/screens/queues/resend-status.js';

// The Queues screen after a Resend: what is read again, and when it stops. A message suppressed
// after the resend (consent withdrawn before the dispatcher sent it) stays a failed-messages item
// for good; the screen read the queue every 2 s for as long as the item was listed, so for ever.

interface Item {
  id: string;
}

describe('the Queues screen after a Resend', () => {
  const items: Item[] = [{ id: 'a' }, { id: 'b' }];

  it("reads the resent message's status until it is final, whichever final state", () => {
    for (const status of ['scheduled', 'sending', 'retrying']) expect(messageStatusInterval(status)).toBe(RESEND_POLL_MS);
    for (const status of ['sent', 'delivered', 'failed', 'cancelled', 'suppressed'])
      expect(messageStatusInterval(status)).toBe(false);
  });

  it('reads the queue again while a resent message is on its way or taken (its item about to close)', () => {
    expect(awaitingResent(items, (i) => (i.id === 'a' ? 'scheduled' : undefined))).toBe(true);
    expect(awaitingResent(items, (i) => (i.id === 'b' ? 'sent' : undefined))).toBe(true);
  });

  it('stops reading the queue once the resent message is suppressed, cancelled or failed again', () => {
    for (const status of ['suppressed', 'cancelled', 'failed'])
      expect(awaitingResent(items, (i) => (i.id === 'a' ? status : undefined))).toBe(false);
  });

  it('reads nothing again when nothing was resent', () => {
    expect(awaitingResent(items, () => undefined)).toBe(false);
  });
});
