import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors } from './validation.pipe.js';

describe('flattenValidationErrors', () => {
  it('names nested fields and says why, and calls unknown fields unknown', () => {
    const errors = [
      { property: 'label', constraints: { isLength: 'label must be longer than or equal to 1 characters' }, children: [] },
      { property: 'extra', constraints: { whitelistValidation: 'property extra should not exist' }, children: [] },
      {
        property: 'hours',
        children: [
          { property: '0', children: [{ property: 'opens', constraints: { matches: 'opens must match HH:mm' }, children: [] }] },
        ],
      },
    ] as ValidationError[];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'label', reason: 'must be longer than or equal to 1 characters' },
      { field: 'extra', reason: 'is not an accepted field' },
      { field: 'hours.0.opens', reason: 'must match HH:mm' },
    ]);
  });
});
