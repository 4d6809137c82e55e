import type { Request } from 'express';
import { eachOf, fromBody } from './audited.decorator.js';

const request = {} as Request;

describe('where an audit record finds its patients', () => {
  it('reads each patient of a list in the answer, skipping what is not an id', () => {
    const patients = eachOf('patients', 'patientId');
    expect(
      patients(request, { patients: [{ patientId: 'a' }, { patientId: 'b' }, { patientId: 7 }, null, { other: 'c' }] }),
    ).toEqual(['a', 'b']);
  });

  it('finds none in an answer without the list (a refusal or failure discloses nobody)', () => {
    const patients = eachOf('patients', 'patientId');
    expect(patients(request, undefined)).toEqual([]);
    expect(patients(request, { patients: 'a' })).toEqual([]);
    expect(patients(request, { type: '/problems/forbidden', status: 403 })).toEqual([]);
  });

  it('reads one id from the answer', () => {
    expect((fromBody('id') as (r: Request, b: unknown) => unknown)(request, { id: 'x' })).toBe('x');
  });
});
