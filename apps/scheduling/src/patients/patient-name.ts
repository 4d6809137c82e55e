/** Letters that Unicode decomposition leaves whole, spelled as a clerk would type them without accents. */
const FOLD: Record<string, string> = { ø: 'o', ł: 'l', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th' };

/**
 * A name as search compares it: lower case, without accents, words separated by one space
 * ("  José-María  Núñez" → "jose maria nunez"). Stored beside the name and applied to the query.
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øłđßæœıþ]/g, (c) => FOLD[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A medical record number as stored and compared: trimmed, upper case. */
export function normalizeMrn(mrn: string): string {
  return mrn.trim().toUpperCase();
}
