import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Api } from './api.js';
import type { Random } from './random.js';

export interface CenterSpec {
  name: string;
  timeZone: string;
  chairs: number;
  nurses: number;
  /** Local opening hours, every day of the week (a demo is watched at any hour). */
  opens: string;
  closes: string;
  /** Days of shifts to create, from today (local). */
  days: number;
}

export interface Center {
  locationId: string;
  name: string;
  timeZone: string;
  chairs: number;
  /** Bookings per simulated hour at this center; the simulation's rate when absent. */
  bookingsPerHour?: number;
  /** Local opening hours, every day (HH:mm): incidents happen while the center is open. Always open when absent. */
  opens?: string;
  closes?: string;
}

interface LocationView {
  id: string;
  name: string;
  timeZone: string;
}

/**
 * Registers a center through scheduling's API (or finds it by name): hours, chairs, nurses with
 * certifications and shifts that cover the opening hours. An existing center gets the hours and
 * the coming days' shifts again (both idempotent); its chairs and nurses are left as they are.
 */
export async function ensureCenter(api: Api, spec: CenterSpec): Promise<Center> {
  const existing = (await api.must<LocationView[]>('scheduling', 'GET', '/locations')).find((l) => l.name === spec.name);
  const everyDay = Object.fromEntries(
    ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ opens: spec.opens, closes: spec.closes }]]),
  );
  if (existing) {
    await api.must('scheduling', 'PUT', `/locations/${existing.id}/hours`, { weeklyHours: everyDay });
    const chairs = await api.must<unknown[]>('scheduling', 'GET', `/locations/${existing.id}/chairs`);
    // Shifts for the coming days (a center seeded weeks ago would have none left); ones already there are refused and kept.
    for (const nurse of await api.must<Array<{ id: string }>>('scheduling', 'GET', `/locations/${existing.id}/nurses`))
      await addShifts(api, existing.id, nurse.id, spec);
    return {
      locationId: existing.id,
      name: existing.name,
      timeZone: existing.timeZone,
      chairs: chairs.length,
      opens: spec.opens,
      closes: spec.closes,
    };
  }
  const location = await api.must<LocationView>('scheduling', 'POST', '/locations', {
    name: spec.name,
    timeZone: spec.timeZone,
    centerAddress: `${spec.name}, infusion suite, ground floor`,
  });
  await api.must('scheduling', 'PUT', `/locations/${location.id}/hours`, { weeklyHours: everyDay });
  for (let i = 1; i <= spec.chairs; i++) {
    await api.must('scheduling', 'POST', `/locations/${location.id}/chairs`, {
      label: `Chair ${String(i).padStart(2, '0')}`,
      kind: i % 8 === 0 ? 'bed' : i % 10 === 0 ? 'private_room' : 'recliner',
    });
  }
  for (let n = 1; n <= spec.nurses; n++) {
    const nurse = await api.must<{ id: string }>('scheduling', 'POST', `/locations/${location.id}/nurses`, {
      displayName: `Nurse ${n}`,
      certifications: n % 3 === 0 ? ['infusion'] : ['infusion', 'chemotherapy_biotherapy'],
      capacity: 4,
      startWindowMinutes: 15,
    });
    await addShifts(api, location.id, nurse.id, spec);
  }
  return {
    locationId: location.id,
    name: location.name,
    timeZone: location.timeZone,
    chairs: spec.chairs,
    opens: spec.opens,
    closes: spec.closes,
  };
}

/** A shift over the opening hours (with a half-hour break mid-way) for yesterday and the coming days, local time. */
async function addShifts(api: Api, locationId: string, nurseId: string, spec: CenterSpec): Promise<void> {
  const [openHour, openMinute] = spec.opens.split(':').map(Number) as [number, number];
  const [closeHour, closeMinute] = spec.closes.split(':').map(Number) as [number, number];
  for (let d = -1; d < spec.days; d++) {
    const day = DateTime.now().setZone(spec.timeZone).startOf('day').plus({ days: d });
    const start = day.set({ hour: openHour, minute: openMinute });
    // At most 16 hours (scheduling's limit): a round-the-clock center gets two shifts a day.
    const end = day.set({ hour: closeHour, minute: closeMinute });
    const pieces =
      end.diff(start, 'hours').hours > 16
        ? [
            [start, start.plus({ hours: 12 })],
            [start.plus({ hours: 12 }), end],
          ]
        : [[start, end]];
    for (const [from, to] of pieces) {
      const midday = from!.plus({ minutes: Math.floor(to!.diff(from!, 'minutes').minutes / 2) });
      const r = await api.call('scheduling', 'POST', `/locations/${locationId}/nurses/${nurseId}/shifts`, {
        startsAt: from!.toISO(),
        endsAt: to!.toISO(),
        breaks: [{ start: midday.toISO(), end: midday.plus({ minutes: 30 }).toISO() }],
      });
      if (r.status !== 201 && r.status !== 409)
        throw new Error(`shift for nurse ${nurseId}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
}

const GIVEN = [
  'Ana',
  'Ben',
  'Chen',
  'Dalia',
  'Emeka',
  'Fatima',
  'Giulia',
  'Hiro',
  'Ines',
  'Jonas',
  'Kavya',
  'Lior',
  'Marta',
  'Nils',
  'Olu',
  'Priya',
];
const FAMILY = [
  'Alvarez',
  'Brennan',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Moreau',
  'Novak',
  'Okafor',
  'Petrov',
];

/** Patients with contact details on reserved example domains and numbers; most consent to messages. */
export async function createPatients(api: Api, random: Random, count: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const sms = random.chance(0.35);
    const spanish = random.chance(0.2);
    // One key per patient: must() retries with it, so a retry never registers the patient twice.
    const patient = await api.must<{ id: string }>(
      'scheduling',
      'POST',
      '/patients',
      {
        givenName: random.pick(GIVEN),
        familyName: random.pick(FAMILY),
        dateOfBirth: `19${random.int(40, 99)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
        email: `patient.${label}.${i}@example.org`,
        phone: `+1555${String(random.int(1_000_000, 9_999_999))}`,
        preferredLanguage: spanish ? 'es' : 'en',
        preferredChannel: sms ? 'sms' : 'email',
        notificationConsent: random.chance(0.92),
      },
      { 'idempotency-key': `patient-${randomUUID()}` },
    );
    ids.push(patient.id);
  }
  return ids;
}
