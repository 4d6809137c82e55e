import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { HOUR, type NotificationKind } from '@chairside/domain';
import type { UseCaseHarness } from '@chairside/testing';
import { aPatient, notificationsHarness } from '../../test/builders/index.js';
import { projectAppointment } from '../directory/directory.projector.js';
import { Message } from '../messages/message.entity.js';
import { WithdrawMessagesUseCase } from '../messages/withdraw-messages/withdraw-messages.use-case.js';
import { Clock } from './clock.js';
import { Dispatcher } from './dispatcher.js';

/**
 * A text the provider took although the dispatcher never heard it say so (the scale-out test's
 * "texts at the provider that notifications has no sent row for"): the connection is cut after
 * the request went out, or the 201 cannot be read. The row must then either end sent (the retry
 * with the same idempotency key gets the first sid) or say it is in doubt (lapsed_claims > 0),
 * whatever withdraws or suppresses it before that retry. Never a text the records deny, never a
 * second text.
 */

const ZONE = 'America/New_York';
const ny = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
// Midday: outside anyone's quiet hours.
let now = ny('2030-06-03T12:00');

/** A Twilio-shaped provider in place of fetch: one text per idempotency key, as the platform's fake provider. */
interface Provider {
  texts: string[];
  /** How the next request goes wrong after the provider took the text. */
  next: 'cut' | 'unreadable' | 'ok';
}
const provider: Provider = { texts: [], next: 'ok' };
const realFetch = globalThis.fetch;
const fakeFetch = (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const key = (init?.headers as Record<string, string>)['idempotency-key']!;
  if (!provider.texts.includes(key)) provider.texts.push(key);
  const sid = `SM${provider.texts.indexOf(key)}`;
  const how = provider.next;
  provider.next = 'ok';
  // The connection dropped before the answer came back (undici's 'other side closed').
  if (how === 'cut') return Promise.reject(new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } }));
  return Promise.resolve(
    new Response(how === 'unreadable' ? '{"sid": "SM' : JSON.stringify({ sid, status: 'queued' }), {
      status: 201,
      headers: { 'content-type': 'application/json' },
    }),
  );
};

let h: UseCaseHarness;
beforeAll(async () => {
  h = await notificationsHarness('sms_in_doubt');
  h.get(Clock).now = () => new Date(now);
  globalThis.fetch = fakeFetch as typeof fetch;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await h?.close();
});

/** A booked appointment a week away and its text, due now, for a patient who prefers texts. */
async function dueText(kind: NotificationKind = 'confirmation'): Promise<{ id: string; key: string; appointmentId: string }> {
  const p = await aPatient().preferring('sms').inZone(ZONE).build(h.dataSource);
  const appointmentId = randomUUID();
  const startsAt = new Date(now.getTime() + 7 * 24 * HOUR);
  await projectAppointment(
    h.dataSource.manager,
    {
      appointmentId,
      patientId: p.patientId,
      locationId: p.locationId,
      therapyCode: 'iron',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      timeZone: ZONE,
    },
    'booked',
    1,
  );
  const id = randomUUID();
  const key = `test:${id}:sms`;
  await h.dataSource.getRepository(Message).insert({
    id,
    idempotencyKey: key,
    appointmentId,
    patientId: p.patientId,
    locationId: p.locationId,
    kind,
    occurrence: startsAt,
    offsetHours: null,
    channel: 'sms',
    status: 'scheduled',
    dueAt: new Date(now.getTime() - 1_000),
    details: {},
  });
  return { id, key, appointmentId };
}

const rowsOf = async (appointmentId: string) =>
  (await h.dataSource.query(
    `SELECT channel, status, lapsed_claims, due_at, attempts FROM message WHERE appointment_id = $1 ORDER BY created_at`,
    [appointmentId],
  )) as Array<{ channel: string; status: string; lapsed_claims: number; due_at: Date; attempts: number }>;

/** The platform audit's rule for one text at the provider: a sent row, or a row in doubt. */
async function accountedFor(key: string): Promise<boolean> {
  const [row] = (await h.dataSource.query(
    `SELECT status IN ('sent', 'delivered') AS sent, lapsed_claims > 0 AS in_doubt FROM message WHERE idempotency_key = $1`,
    [key],
  )) as Array<{ sent: boolean; in_doubt: boolean }>;
  return !!row && (row.sent || row.in_doubt);
}

/** Past the retry's backoff (30 s at most ×1.2). */
const afterBackoff = () => (now = new Date(now.getTime() + 40_000));

describe('a text the provider took while the dispatcher lost its answer', () => {
  it('cut connection, then the appointment is cancelled before the retry: the row is cancelled and says it is in doubt', async () => {
    const m = await dueText();
    provider.next = 'cut';
    await h.get(Dispatcher).pass();
    expect(provider.texts).toContain(m.key);
    expect(await rowsOf(m.appointmentId)).toEqual([expect.objectContaining({ status: 'retrying', lapsed_claims: 1 })]);

    await h.get(WithdrawMessagesUseCase).execute({ appointmentId: m.appointmentId, because: 'cancelled', now });
    expect(await rowsOf(m.appointmentId)).toEqual([expect.objectContaining({ status: 'cancelled', lapsed_claims: 1 })]);
    expect(await accountedFor(m.key)).toBe(true);
  });

  it('cut connection, then the retry: the provider answers with the first text, the row is sent, one text', async () => {
    const m = await dueText();
    provider.next = 'cut';
    await h.get(Dispatcher).pass();
    afterBackoff();
    await h.get(Dispatcher).pass();
    expect(await rowsOf(m.appointmentId)).toEqual([expect.objectContaining({ status: 'sent' })]);
    expect(provider.texts.filter((k) => k === m.key)).toHaveLength(1);
    expect(await accountedFor(m.key)).toBe(true);
  });

  it('a 201 whose body cannot be read is no failure: no email fallback, the retry records it sent', async () => {
    const m = await dueText();
    provider.next = 'unreadable';
    await h.get(Dispatcher).pass();
    // Not failed with an email on top of the text the patient has.
    expect(await rowsOf(m.appointmentId)).toEqual([expect.objectContaining({ status: 'retrying', lapsed_claims: 1 })]);
    afterBackoff();
    await h.get(Dispatcher).pass();
    expect(await rowsOf(m.appointmentId)).toEqual([expect.objectContaining({ channel: 'sms', status: 'sent' })]);
    expect(await accountedFor(m.key)).toBe(true);
  });

  it('a graceful stop hands back what the claim had not started, as it was (no attempt, not in doubt)', async () => {
    const m = await dueText();
    const dispatcher = h.get(Dispatcher);
    await dispatcher.beforeApplicationShutdown();
    const before = provider.texts.length;
    await dispatcher.pass();
    expect(provider.texts).toHaveLength(before);
    expect(await rowsOf(m.appointmentId)).toEqual([
      expect.objectContaining({ status: 'scheduled', attempts: 0, lapsed_claims: 0 }),
    ]);
  });
});
