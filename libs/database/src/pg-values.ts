import { createRequire } from 'node:module';

// node-postgres's own conversion of a parameter to the text it sends; it has no published typings.
const utils = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): string | Buffer | null };

/** A parameter as the text node-postgres would send for it (null for SQL NULL). */
export const prepareValue = (value: unknown): string | Buffer | null => utils.prepareValue(value);
