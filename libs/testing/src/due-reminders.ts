import { randomUUID } from 'node:crypto';

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * Fills a notifications database with `count` reminders that are due now, each for its own
 * patient (an email address `reminder-<n>.<run>@example.test`) and appointment tomorrow at one
 * location, as the consumers would have planned them. For the crash test and the dispatch benchmark.
 */
export async function seedDueReminders(
  query: Query,
  count: number,
  organisationId: string,
): Promise<{ locationId: string; run: string }> {
  const locationId = randomUUID();
  const run = randomUUID().slice(0, 8);
  await query(
    `INSERT INTO directory_location (location_id, organisation_id, name, time_zone, center_address) VALUES ($1, $2, 'Due Reminders Center', 'America/Chicago', '1 Main St, Springfield')`,
    [locationId, organisationId],
  );
  await query(
    `WITH p AS (SELECT gen_random_uuid() AS patient_id, gen_random_uuid() AS appointment_id, i FROM generate_series(1, $3::int) i),
     c AS (INSERT INTO directory_contact (patient_id, organisation_id, given_name, email, phone, language, consent, preferences, version)
           SELECT patient_id, $2, 'Patient', 'reminder-' || i || '.' || $4 || '@example.test', NULL, 'en', true, '{"channels":["email"],"optOutKinds":[],"quietHours":null,"timeZone":null}', 1 FROM p),
     a AS (INSERT INTO directory_appointment (appointment_id, patient_id, location_id, therapy_code, starts_at, ends_at, status, sequence)
           SELECT appointment_id, patient_id, $1, 'iron', date_trunc('minute', now()) + interval '1 day', date_trunc('minute', now()) + interval '1 day 1 hour', 'booked', 1 FROM p)
     INSERT INTO message (id, idempotency_key, appointment_id, patient_id, location_id, kind, occurrence, offset_hours, channel, status, due_at, details)
     SELECT gen_random_uuid(), appointment_id || ':reminder-24h:email', appointment_id, patient_id, $1, 'reminder', date_trunc('minute', now()) + interval '1 day', 24, 'email', 'scheduled', now() - interval '1 minute', '{}' FROM p`,
    [locationId, organisationId, count, run],
  );
  return { locationId, run };
}
