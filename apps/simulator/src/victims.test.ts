import { chooseDisturbed, NEXT_PATIENT_WITHIN_MS, planOverrun, type UpcomingVisit } from './victims.js';

const MINUTE = 60_000;
const at = (iso: string) => Date.parse(iso);
const visit = (appointmentId: string, startsAt: string, chairId = 'c1', nurseId = 'n1', locationId = 'loc'): UpcomingVisit => ({
  appointmentId,
  locationId,
  chairId,
  nurseId,
  startsAt,
});

describe('the visit a sick call or an outage disturbs', () => {
  // 23:30 on 3 December in Madrid is 22:30 UTC; 00:30 the next day is 23:30 UTC.
  const board = { timeZone: 'Europe/Madrid', date: '2030-12-03' };
  const first = (candidates: readonly UpcomingVisit[]) => candidates[0]!;

  it('is one on the day the Today board shows when there is one, in the center’s own zone', () => {
    const tomorrow = visit('tomorrow', '2030-12-03T23:30:00Z');
    const today = visit('today', '2030-12-03T22:30:00Z');
    expect(chooseDisturbed([tomorrow, today], board, first)?.appointmentId).toBe('today');
    const seen: string[][] = [];
    chooseDisturbed([tomorrow, today, visit('today too', '2030-12-03T08:00:00Z')], board, (c) => {
      seen.push(c.map((v) => v.appointmentId));
      return c[0]!;
    });
    expect(seen).toEqual([['today', 'today too']]);
  });

  it('is any of them when none is on that day, and none when nobody is booked', () => {
    expect(chooseDisturbed([visit('tomorrow', '2030-12-03T23:30:00Z')], board, first)?.appointmentId).toBe('tomorrow');
    expect(chooseDisturbed([], board, first)).toBeUndefined();
  });
});

describe('an overrun’s next patient and pause', () => {
  // Planned 09:00–11:00 (a 120-minute stay), infusing since 09:20.
  const running = { appointmentId: 'run', locationId: 'loc', chairId: 'c1', nurseId: 'n1' };
  const planned = { startsAt: at('2030-01-07T09:00:00Z'), endsAt: at('2030-01-07T11:00:00Z') };
  const now = at('2030-01-07T09:20:00Z');

  it('holds the session up for the soonest same-chair or same-nurse patient after its planned end, long enough to pass that start', () => {
    const plan = planOverrun(
      running,
      planned,
      [
        visit('same nurse later', '2030-01-07T12:00:00Z', 'c9', 'n1'),
        visit('same chair', '2030-01-07T11:30:00Z', 'c1', 'n2'),
        visit('unrelated', '2030-01-07T11:05:00Z', 'c5', 'n5'),
        visit('other center', '2030-01-07T11:05:00Z', 'c1', 'n1', 'elsewhere'),
        visit('before the end', '2030-01-07T10:30:00Z', 'c1', 'n1'),
      ],
      now,
    );
    expect(plan?.next.appointmentId).toBe('same chair');
    // Paused, the projected end is now + the 120-minute stay: it passes 11:30 (+15) once now is 09:45.
    expect(plan?.pauseMinutes).toBe(25);
    const resumedAt = now + plan!.pauseMinutes * MINUTE;
    expect(resumedAt + (planned.endsAt - planned.startsAt)).toBeGreaterThan(at('2030-01-07T11:30:00Z') + 5 * MINUTE);
  });

  it('pauses at least 20 and at most 180 minutes', () => {
    expect(planOverrun(running, planned, [visit('next', '2030-01-07T11:00:00Z')], now)?.pauseMinutes).toBe(20);
    const far = new Date(planned.endsAt + NEXT_PATIENT_WITHIN_MS).toISOString();
    expect(planOverrun(running, planned, [visit('next', far)], at('2030-01-07T07:00:00Z'))?.pauseMinutes).toBe(180);
  });

  it('is no overrun for a next patient about to arrive: the re-plan moves only patients not here yet', () => {
    // Planned to end at 11:00 and only now infusing, at 10:30: a patient at 11:00 may be here already.
    const late = at('2030-01-07T10:30:00Z');
    expect(planOverrun(running, planned, [visit('about to come', '2030-01-07T11:00:00Z')], late)).toBeUndefined();
    expect(planOverrun(running, planned, [visit('later', '2030-01-07T11:15:00Z')], late)?.next.appointmentId).toBe('later');
  });

  it('is no overrun when nobody on its chair or with its nurse starts within two hours of the planned end', () => {
    expect(planOverrun(running, planned, [], now)).toBeUndefined();
    const tooLate = new Date(planned.endsAt + NEXT_PATIENT_WITHIN_MS + MINUTE).toISOString();
    expect(
      planOverrun(running, planned, [visit('too late', tooLate), visit('run', '2030-01-07T11:30:00Z')], now),
    ).toBeUndefined();
    expect(planOverrun(running, planned, [visit('unrelated', '2030-01-07T11:30:00Z', 'c2', 'n2')], now)).toBeUndefined();
  });
});
