import { createValidationPipe } from '@chairside/platform';
import { JoinWaitlistDto } from './waitlist.dto.js';

const valid = {
  patientId: '6f1c1c5e-3a8e-4b8e-9a51-0b9f3c0f2a11',
  therapyCode: 'iron',
  earliest: '2030-03-04T14:00:00Z',
  latest: '2030-03-20T14:00:00Z',
};

/** The fields the API refuses in a join request (400 problem+json), or none. */
const refused = async (body: unknown): Promise<string[]> => {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: JoinWaitlistDto });
  } catch (error) {
    return (error as { problem: { errors: Array<{ field: string }> } }).problem.errors.map((e) => e.field);
  }
  return [];
};

describe('joining the waitlist with preferred days', () => {
  it('takes distinct ISO days of the week (1 = Monday … 7 = Sunday), or none', async () => {
    expect(await refused({ ...valid, preferredWeekdays: [1, 3, 5] })).toEqual([]);
    expect(await refused({ ...valid, preferredWeekdays: [1, 2, 3, 4, 5, 6, 7] })).toEqual([]);
    expect(await refused(valid)).toEqual([]);
  });

  it.each([
    ['a day that is not one', [0]],
    ['an eighth day', [8]],
    ['a fraction', [1.5]],
    ['a name', ['monday']],
    ['the same day twice', [2, 2]],
    ['more than a week', [1, 2, 3, 4, 5, 6, 7, 1]],
    ['an empty list', []],
    ['not a list', 3],
  ])('refuses %s', async (_what, preferredWeekdays) => {
    expect(new Set(await refused({ ...valid, preferredWeekdays }))).toEqual(new Set(['preferredWeekdays']));
  });
});
