import { createHash } from 'node:crypto';

/** How an address is looked up in `email_suppression`: SHA-256 of it trimmed and lower-cased, hex. */
export function emailAddressHash(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase(), 'utf8').digest('hex');
}
