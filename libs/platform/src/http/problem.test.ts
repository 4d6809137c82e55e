import { ProblemException } from './problem.js';

describe('ProblemException', () => {
  it('keeps the HTTP status even when an extension is called status', () => {
    const problem = ProblemException.conflict('invalid-transition', 'nope', { status: 'cancelled', currentVersion: 3 });
    expect(problem.getStatus()).toBe(409);
    expect(problem.problem).toMatchObject({ status: 409, type: '/problems/invalid-transition', currentVersion: 3 });
  });
});
