/**
 * Who may act in Chairside. Every API call carries one or more of these in its token.
 * `nurse` is the infusion nurse, `charge-nurse` runs the floor of a center, `manager` is the
 * center manager and `privacy-officer` answers "who looked at this record" (audit trail).
 */
export const ROLES = ['admin', 'scheduler', 'nurse', 'analyst', 'charge-nurse', 'manager', 'privacy-officer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The locations a user may act on. `'*'` is granted only to organisation-wide users
 * (an operator's admins and analysts); everyone else lists the centers they work at.
 */
export type LocationGrant = '*' | readonly string[];

export function mayActAt(grant: LocationGrant, locationId: string): boolean {
  return grant === '*' || grant.includes(locationId);
}
