import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsDate, validateSync } from 'class-validator';
import { WithinDaysAfter } from './bounded-range.js';

class Window {
  @Type(() => Date) @IsDate() from!: Date;
  @Type(() => Date) @IsDate() @WithinDaysAfter('from', 31) to!: Date;
}

const errorsOf = (plain: object) =>
  validateSync(plainToInstance(Window, plain)).map((e) => ({ field: e.property, rules: Object.keys(e.constraints ?? {}) }));

describe('WithinDaysAfter', () => {
  it('accepts exactly the largest span and refuses one millisecond more, an empty and a reversed range', () => {
    expect(errorsOf({ from: '2026-12-01T00:00:00Z', to: '2027-01-01T00:00:00Z' })).toEqual([]);
    expect(errorsOf({ from: '2026-12-01T00:00:00Z', to: '2027-01-01T00:00:00.001Z' })).toEqual([
      { field: 'to', rules: ['withinDaysAfter'] },
    ]);
    expect(errorsOf({ from: '0001-01-01T00:00:00Z', to: '9999-12-31T00:00:00Z' })).toEqual([
      { field: 'to', rules: ['withinDaysAfter'] },
    ]);
    expect(errorsOf({ from: '2026-12-01T00:00:00Z', to: '2026-12-01T00:00:00Z' })).toEqual([
      { field: 'to', rules: ['withinDaysAfter'] },
    ]);
    expect(errorsOf({ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' })).toEqual([
      { field: 'to', rules: ['withinDaysAfter'] },
    ]);
  });

  it('leaves a malformed start to its own rule', () => {
    expect(errorsOf({ from: 'soon', to: '2026-12-01T00:00:00Z' })).toEqual([{ field: 'from', rules: ['isDate'] }]);
  });
});
