import { IsOptional } from 'class-validator';
import { IsLocalDate, localDateProblem } from './local-date.js';
import { createValidationPipe } from './validation.pipe.js';

class Registration {
  @IsLocalDate({ notAfterToday: true })
  dateOfBirth!: string;

  @IsOptional()
  @IsLocalDate({ each: true })
  closedDates?: string[];
}

const refusal = async (body: unknown) => {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Registration });
  } catch (error) {
    return (error as { problem: { status: number; errors: Array<{ field: string; reason: string }> } }).problem;
  }
  return undefined;
};

describe('local dates', () => {
  it.each([
    ['2026-02-30', /2026-02 has 28 days/],
    ['9999-12-31', /between the years 1900 and 2200/],
    ['1899-12-31', /between the years/],
    ['2026-1-01', /YYYY-MM-DD/],
    ['2026-12-01T00:00:00Z', /YYYY-MM-DD/],
    [20261201, /YYYY-MM-DD/],
  ])('refuses %p', (text, reason) => expect(localDateProblem(text)).toMatch(reason));

  it('accepts the bounds and a leap day', () => {
    for (const text of ['1900-01-01', '2200-12-31', '2028-02-29']) expect(localDateProblem(text)).toBeUndefined();
  });

  it('with notAfterToday, takes the latest date it is anywhere as today', () => {
    // 2026-12-05T10:00Z is 2026-12-06 00:00 at UTC+14 (Kiritimati): a child born there today is no typo.
    const now = new Date('2026-12-05T10:00:00Z');
    expect(localDateProblem('2026-12-06', { notAfterToday: true, now })).toBeUndefined();
    expect(localDateProblem('2026-12-07', { notAfterToday: true, now })).toBe('must not be a date still to come');
    expect(localDateProblem('2026-12-07', { now })).toBeUndefined();
  });

  it('the validation pipe refuses as 400 naming the field, each item of a list included', async () => {
    expect(await refusal({ dateOfBirth: '9999-12-31' })).toMatchObject({
      status: 400,
      errors: [{ field: 'dateOfBirth', reason: 'must lie between the years 1900 and 2200' }],
    });
    expect(await refusal({ dateOfBirth: '2199-01-01' })).toMatchObject({
      errors: [{ field: 'dateOfBirth', reason: 'must not be a date still to come' }],
    });
    expect(await refusal({ dateOfBirth: '1961-04-12', closedDates: ['2026-12-25', '2026-02-30'] })).toMatchObject({
      errors: [{ field: 'closedDates', reason: 'each must be a real calendar date (2026-02 has 28 days)' }],
    });
    expect(await refusal({ dateOfBirth: '1961-04-12', closedDates: ['2026-12-25'] })).toBeUndefined();
  });
});
