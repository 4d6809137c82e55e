import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { builtValueProblems, instantProblem, rawValueProblems } from './edge-bounds.js';
import { createValidationPipe } from './validation.pipe.js';

class StepBody {
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  deviceTime?: Date;

  @IsOptional()
  @IsInt()
  systolic?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

const refusal = async (body: unknown) => {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: StepBody });
  } catch (error) {
    return (error as { problem: { status: number; errors: Array<{ field: string; reason: string }> } }).problem;
  }
  return undefined;
};

describe('edge bounds', () => {
  it.each([
    ['0000-01-01T00:00:00Z', /between the years 1900 and 2200/],
    ['1899-12-31T23:59:59Z', /between the years/],
    ['2201-01-01T00:00:00Z', /between the years/],
    ['+275760-09-13T00:00:00Z', /ISO-8601/],
    ['2026-02-30T00:00:00Z', /2026-02 has 28 days/],
    ['2028-02-30', /2028-02 has 29 days/],
    ['2026-13-01T00:00:00Z', /month/],
    ['2026-01-01T24:00:00Z', /time of day/],
    ['2026-01-01T10:00:00', /with its offset/],
    ['12345', /ISO-8601/],
    ['Tuesday 2026', /ISO-8601/],
    [0, /ISO-8601/],
  ])('refuses %p as an instant', (text, reason) => expect(instantProblem(text)).toMatch(reason));

  it.each(['2026-12-01T15:02:00Z', '2028-02-29T00:00:00.123456+05:30', '1900-01-01', '2200-12-31T23:59:59-08:00'])(
    'accepts %p',
    (text) => expect(instantProblem(text)).toBeUndefined(),
  );

  it('names NUL bytes, huge strings, huge arrays and deep nesting before any DTO is built', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 12; i++) deep = { a: deep };
    expect(
      rawValueProblems({ a: 'x\u0000', b: 'y'.repeat(10_001), c: Array.from({ length: 1_001 }, () => 1), d: deep }).map(
        (p) => p.field,
      ),
    ).toEqual(['a', 'b', 'c', 'd.a.a.a.a.a.a.a']);
  });

  it('names a lone surrogate (no UTF-8 form), and lets a well-formed pair and accents through', () => {
    expect(rawValueProblems({ email: 'a\ud800@example.org' })).toEqual([
      { field: 'email', reason: 'must be valid Unicode text' },
    ]);
    expect(rawValueProblems({ note: 'tail \udfff' }).map((p) => p.field)).toEqual(['note']);
    expect(rawValueProblems({ givenName: 'Zoë 😀', familyName: 'Núñez' })).toEqual([]);
  });

  it('holds built numbers to int4 and built dates to their raw text', () => {
    expect(builtValueProblems({ n: 1e300, d: new Date(0) }, { n: 1e300, d: 0 }).map((p) => p.field)).toEqual(['n', 'd']);
  });

  it('the validation pipe refuses each as 400 naming the field, and lets good values through', async () => {
    expect(await refusal({ deviceTime: '0000-01-01T00:00:00Z' })).toMatchObject({
      status: 400,
      errors: [{ field: 'deviceTime', reason: expect.stringMatching(/1900/) }],
    });
    expect(await refusal({ systolic: 1e20 })).toMatchObject({ status: 400, errors: [{ field: 'systolic' }] });
    expect(await refusal({ reason: 'pump\u0000' })).toMatchObject({ status: 400, errors: [{ field: 'reason' }] });
    expect(await refusal({ colour: 'red' })).toMatchObject({ status: 400, errors: [{ field: 'colour' }] });
    expect(await refusal({ deviceTime: '2026-12-01T15:02:00Z', systolic: 120, reason: 'ok' })).toBeUndefined();
  });
});
