import type { Certification } from '@chairside/domain';

/** One of the nurse's appointments as the fit check sees it. */
export interface NurseBooking {
  id: string;
  start: number;
  end: number;
  /** Not started yet (proposed or booked): the only ones a change of the nurse can hand to the re-plan. */
  movable: boolean;
  certification: Certification;
}

/**
 * The nurse's coming appointments that her new capacity, start window or certifications no longer
 * allow, in start order: one whose therapy needs a certification she no longer has; one that starts
 * inside another's start window (the later start gives way); one that starts while `capacity` others
 * already run. Appointments already under way count but are never listed: they stay where they are.
 */
export function outOfFit(
  bookings: readonly NurseBooking[],
  nurse: { capacity: number; startWindowMinutes: number; certifications: readonly Certification[] },
): string[] {
  const sorted = [...bookings].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  const window = nurse.startWindowMinutes * 60_000;
  const out: string[] = [];
  const kept: NurseBooking[] = [];
  for (const b of sorted) {
    const fits =
      nurse.certifications.includes(b.certification) &&
      !kept.some((k) => k.start <= b.start && b.start < k.start + window) &&
      kept.filter((k) => k.start <= b.start && b.start < k.end).length < nurse.capacity;
    if (fits || !b.movable) kept.push(b);
    else out.push(b.id);
  }
  return out;
}
