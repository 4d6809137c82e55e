import { valuesPlaceholders } from './sql.js';

describe('valuesPlaceholders', () => {
  it('numbers every value of every row in order', () => {
    expect(valuesPlaceholders(2, 3)).toBe('($1, $2, $3), ($4, $5, $6)');
    expect(valuesPlaceholders(1, 1)).toBe('($1)');
  });
});
