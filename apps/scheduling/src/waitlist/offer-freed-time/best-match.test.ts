import { bestMatches, type Candidate } from './best-match.js';

const zone = 'America/Chicago';
const now = new Date('2030-03-01T12:00:00Z');
// Freed: Monday 2030-03-04 09:00–11:00 Chicago (15:00–17:00 UTC), an iron infusion.
const freed = {
  from: new Date('2030-03-04T15:00:00Z'),
  to: new Date('2030-03-04T17:00:00Z'),
  timeZone: zone,
  therapyCode: 'iron',
};
const request = (name: string, c: Partial<Candidate>): Candidate & { name: string } => ({
  name,
  therapyCode: 'iron',
  durationMinutes: 90,
  earliest: new Date('2030-03-04T00:00:00Z'),
  preferredFrom: null,
  preferredTo: null,
  preferredWeekdays: null,
  createdAt: new Date('2030-02-25T00:00:00Z'),
  ...c,
});

describe('the best-matching waitlisted request for freed time', () => {
  it('prefers the therapy the time was for over the oldest request', () => {
    const oldest = request('oldest, other therapy', { therapyCode: 'hydration', createdAt: new Date('2030-01-01T00:00:00Z') });
    const same = request('same therapy', {});
    expect(bestMatches([oldest, same], freed, now).map((r) => r.name)).toEqual(['same therapy', 'oldest, other therapy']);
  });

  it('weighs duration, preferred time of day and distance from the date asked for', () => {
    const short = request('30 minutes', { durationMinutes: 30 });
    const fits = request('fills the gap', { durationMinutes: 120 });
    expect(bestMatches([short, fits], freed, now)[0]!.name).toBe('fills the gap');

    const afternoons = request('afternoons only', { preferredFrom: '13:00', preferredTo: '17:00' });
    const mornings = request('mornings', { preferredFrom: '08:00', preferredTo: '12:00' });
    expect(bestMatches([afternoons, mornings], freed, now)[0]!.name).toBe('mornings');

    const farFromAsked = request('asked for a week earlier', { earliest: new Date('2030-02-25T00:00:00Z') });
    const asked = request('asked for that day', {});
    expect(bestMatches([farFromAsked, asked], freed, now)[0]!.name).toBe('asked for that day');
  });

  it("ranks a request naming the freed day above one naming none, and that above one naming other days, in the location's zone", () => {
    const mondays = request('Mondays and Wednesdays', { preferredWeekdays: [1, 3] });
    const anyDay = request('any day', {});
    const otherDays = request('Tuesdays and Thursdays', { preferredWeekdays: [2, 4] });
    expect(bestMatches([otherDays, anyDay, mondays], freed, now).map((r) => r.name)).toEqual([
      'Mondays and Wednesdays',
      'any day',
      'Tuesdays and Thursdays',
    ]);

    // Monday 21:00 in Chicago is already Tuesday in UTC: the day is the center's.
    const lateMonday = { ...freed, from: new Date('2030-03-05T03:00:00Z'), to: new Date('2030-03-05T05:00:00Z') };
    const tuesdays = request('Tuesdays', { preferredWeekdays: [2] });
    const mondaysOnly = request('Mondays', { preferredWeekdays: [1] });
    expect(bestMatches([tuesdays, mondaysOnly], lateMonday, now)[0]!.name).toBe('Mondays');
  });

  it('breaks near ties by waiting time', () => {
    const newer = request('newer', { createdAt: new Date('2030-02-28T00:00:00Z') });
    const older = request('older', { createdAt: new Date('2030-02-20T00:00:00Z') });
    expect(bestMatches([newer, older], freed, now).map((r) => r.name)).toEqual(['older', 'newer']);
  });
});
