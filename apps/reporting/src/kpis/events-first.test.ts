import { InboxActivity } from '@chairside/messaging';
import { EventsFirst } from './events-first.js';

const since = (t0: number) => performance.now() - t0;
const after = (ms: number, f: () => void) => setTimeout(f, ms);

describe('EventsFirst: a report statement gives way to the event work in flight', () => {
  it('goes at once when no inbox run or refresh round is in flight', async () => {
    const first = new EventsFirst(new InboxActivity());
    first.refresher.begin()(); // a round that has ended
    const t0 = performance.now();
    await first.giveWay(1_000);
    // Far below the 1 s it would wait if it waited at all; the margin is for a busy neighbour
    // (npm test runs two workers on two cores).
    expect(since(t0)).toBeLessThan(200);
    expect(first.busy).toBe(false);
  });

  it('waits for an inbox run, then for the refresh round that started meanwhile', async () => {
    const inbox = new InboxActivity();
    const first = new EventsFirst(inbox);
    const run = inbox.begin();
    let round: () => void = () => undefined;
    after(60, () => {
      round = first.refresher.begin();
      run();
    });
    after(160, () => round());
    const t0 = performance.now();
    await first.giveWay(2_000);
    expect(since(t0)).toBeGreaterThanOrEqual(150);
    expect(since(t0)).toBeLessThan(1_000);
    expect(first.busy).toBe(false);
  });

  it('waits at most its bound while event work never stops, then lets the report go on', async () => {
    const inbox = new InboxActivity();
    const first = new EventsFirst(inbox);
    const run = inbox.begin();
    const t0 = performance.now();
    await first.giveWay(120);
    expect(since(t0)).toBeGreaterThanOrEqual(115);
    expect(since(t0)).toBeLessThan(600);
    expect(first.busy).toBe(true);
    run();
    expect(first.busy).toBe(false);
  });

  it('counts overlapping pieces, and a piece ended twice once', async () => {
    const inbox = new InboxActivity();
    const a = inbox.begin();
    const b = inbox.begin();
    a();
    a();
    expect(inbox.busy).toBe(true);
    let idle = false;
    const waiting = inbox.whenIdle(5_000).then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(idle).toBe(false);
    b();
    await waiting;
    expect(idle).toBe(true);
  });
});
