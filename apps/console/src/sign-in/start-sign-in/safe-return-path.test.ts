import { safeReturnPath } from './start-sign-in.use-case.js';

describe('where the browser goes after sign-in', () => {
  it.each([
    ['/today', '/today'],
    ['/book?x=1', '/book?x=1'],
    [undefined, '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['today', '/'],
  ])('%s → %s (local paths only: no open redirect)', (given, expected) => {
    expect(safeReturnPath(given)).toBe(expected);
  });
});
