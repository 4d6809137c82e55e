import { ProblemException } from './problem.js';

/** The version in an If-Match header ("3", W/"3" or 3); undefined when absent. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(value.trim());
  if (!match)
    throw ProblemException.validation([{ field: 'If-Match', reason: 'must be the ETag returned with the resource, e.g. "3"' }]);
  return Number(match[1]);
}
