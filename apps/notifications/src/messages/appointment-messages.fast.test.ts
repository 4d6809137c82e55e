import { randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '@chairside/platform';
import type { UseCaseHarness } from '@chairside/testing';
import { notificationsHarness } from '../../test/builders/index.js';
import { AppointmentMessagesQuery, MAX_APPOINTMENT_MESSAGES_LISTED } from './appointment-messages.query.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await notificationsHarness('appointment_messages');
});
afterAll(() => h?.close());

describe("an appointment's messages, listed (fast tier)", () => {
  it('at most a page, newest first; the caller’s locations applied before the page; another location’s scheduler gets 404', async () => {
    const organisationId = randomUUID();
    const [here, elsewhere] = [randomUUID(), randomUUID()];
    await h.dataSource.query(
      `INSERT INTO directory_location (location_id, organisation_id, name, time_zone) VALUES ($1, $3, 'Here', 'UTC'), ($2, $3, 'Elsewhere', 'UTC')`,
      [here, elsewhere, organisationId],
    );
    // 101 messages at this location (one sent, the others withdrawn by reschedules), the newest due last.
    const appointmentId = randomUUID();
    await h.dataSource.query(
      `INSERT INTO message (id, idempotency_key, appointment_id, patient_id, location_id, kind, occurrence, channel, status, reason, due_at)
       SELECT gen_random_uuid(), $5 || i, $1, $2, $3, 'reminder', now(), 'email',
              CASE WHEN i = $4 THEN 'sent' ELSE 'cancelled' END, CASE WHEN i = $4 THEN NULL ELSE 'rescheduled' END,
              now() - make_interval(hours => $4 - i)
         FROM generate_series(1, $4::int) AS i`,
      [appointmentId, randomUUID(), here, MAX_APPOINTMENT_MESSAGES_LISTED + 1, appointmentId],
    );
    const query = h.get(AppointmentMessagesQuery);
    const scheduler = (locations: AuthenticatedUser['locations']): AuthenticatedUser => ({
      sub: 'scheduler-1',
      org: organisationId,
      roles: ['scheduler'],
      locations,
    });
    const page = (await query.execute({ appointmentId, user: scheduler([elsewhere, here]) })) as Array<{
      status: string;
      dueAt: Date;
    }>;
    expect(page).toHaveLength(MAX_APPOINTMENT_MESSAGES_LISTED);
    expect(page[0]!.status).toBe('sent');
    const due = page.map((m) => m.dueAt.getTime());
    expect(due).toEqual([...due].sort((a, b) => b - a));
    const rest = await query.execute({
      appointmentId,
      user: scheduler([here]),
      page: { offset: MAX_APPOINTMENT_MESSAGES_LISTED },
    });
    expect(rest).toHaveLength(1);
    // An organisation-wide grant takes the query's other branch (no location filter in SQL): it pages too.
    expect(await query.execute({ appointmentId, user: scheduler('*'), page: { limit: 1 } })).toHaveLength(1);
    await expect(query.execute({ appointmentId, user: scheduler([elsewhere]) })).rejects.toMatchObject({
      problem: { status: 404 },
    });
    // Another organisation's grant of every location sees nothing either.
    await expect(query.execute({ appointmentId, user: { ...scheduler('*'), org: randomUUID() } })).rejects.toMatchObject({
      problem: { status: 404 },
    });
  });
});
