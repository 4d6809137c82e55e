import { normalizeMrn, normalizeName } from './patient-name.js';

describe('normalizeName', () => {
  it('folds case, accents and separators', () => {
    expect(normalizeName('  José-María  NÚÑEZ ')).toBe('jose maria nunez');
    expect(normalizeName("Søren O'Brien-Łukasz")).toBe('soren o brien lukasz');
    expect(normalizeName('Straße')).toBe('strasse');
  });

  it('keeps letters of other scripts', () => {
    expect(normalizeName('Иван Петров')).toBe('иван петров');
  });

  it('normalises a medical record number', () => {
    expect(normalizeMrn(' ab-123 ')).toBe('AB-123');
  });
});
