import { randomUUID } from 'node:crypto';
import { HOUR } from '@chairside/domain';
import type { UseCaseHarness } from '@chairside/testing';
import { aPatient, type BuiltPatient, notificationsHarness } from '../../test/builders/index.js';
import { projectAppointment } from '../directory/directory.projector.js';
import { Dispatcher } from '../dispatch/dispatcher.js';
import { Message, type MessageStatus } from './message.entity.js';
import { ResendMessageUseCase } from './resend-message/resend-message.use-case.js';
import { emailAddressHash } from '../bounces/email-address-hash.js';

let h: UseCaseHarness;
/** The dispatcher passes the resend asks for: counted here, not run (the sending is the dispatch tests'). */
let kicks = 0;
beforeAll(async () => {
  h = await notificationsHarness('resend');
  h.get(Dispatcher).kick = () => {
    kicks++;
  };
});
afterAll(() => h?.close());

/** A message about an appointment starting at `startsAt`, in `status`, after `attempts` attempts. */
async function aMessage(
  p: BuiltPatient,
  status: MessageStatus,
  startsAt: Date,
  attempts: number,
  channel: 'sms' | 'email' = 'sms',
): Promise<string> {
  const appointmentId = randomUUID();
  await projectAppointment(
    h.dataSource.manager,
    {
      appointmentId,
      patientId: p.patientId,
      locationId: p.locationId,
      therapyCode: 'iron',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      timeZone: p.timeZone,
    },
    'booked',
    1,
  );
  const id = randomUUID();
  await h.dataSource.getRepository(Message).insert({
    id,
    idempotencyKey: `test:${id}`,
    appointmentId,
    patientId: p.patientId,
    locationId: p.locationId,
    kind: 'confirmation',
    occurrence: startsAt,
    offsetHours: null,
    channel,
    status,
    reason: status === 'failed' ? 'sms: HTTP 400 code 30001' : null,
    dueAt: new Date(Date.now() - HOUR),
    attempts,
    details: {},
  });
  return id;
}

const row = async (id: string) =>
  (
    (await h.dataSource.query(
      `SELECT status, reason, attempts, attempts_at_resend, resends, resent_by, due_at FROM message WHERE id = $1`,
      [id],
    )) as Array<Record<string, unknown>>
  )[0]!;

describe('resending a failed message (fast tier)', () => {
  it('puts a failed message back on its way once, with a fresh retry budget; refuses what has not failed or is too late', async () => {
    const p = await aPatient().build(h.dataSource);
    const tomorrow = new Date(Date.now() + 24 * HOUR);
    const now = new Date();
    const command = (messageId: string, over: Partial<{ locationId: string; organisationId: string; now: Date }> = {}) => ({
      organisationId: p.organisationId,
      locationId: p.locationId,
      messageId,
      actorId: 'scheduler-1',
      now,
      ...over,
    });
    const failed = await aMessage(p, 'failed', tomorrow, 3);
    await h.appendedEvents();

    const resent = await h.get(ResendMessageUseCase).execute(command(failed));
    expect(resent).toMatchObject({ id: failed, status: 'scheduled', resends: 1, resentNow: true, patientId: p.patientId });
    expect(await row(failed)).toMatchObject({
      status: 'scheduled',
      reason: null,
      attempts: 3,
      attempts_at_resend: 3,
      resends: 1,
      resent_by: 'scheduler-1',
      due_at: now,
    });
    expect(kicks).toBe(1);
    // Asked again: nothing more.
    expect(await h.get(ResendMessageUseCase).execute(command(failed))).toMatchObject({ resends: 1, resentNow: false });
    expect((await row(failed)).resends).toBe(1);
    expect(kicks).toBe(1);
    // The resend itself publishes nothing: the provider's acceptance does (message.sent, message.resent).
    expect(await h.appendedEvents()).toEqual([]);

    const waiting = await aMessage(p, 'scheduled', tomorrow, 0);
    await expect(h.get(ResendMessageUseCase).execute(command(waiting))).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/message-not-failed' },
    });
    const past = await aMessage(p, 'failed', new Date(Date.now() - HOUR), 3);
    await expect(h.get(ResendMessageUseCase).execute(command(past))).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/message-too-late' },
    });
    expect((await row(past)).status).toBe('failed');
    // Another location's message, or another organisation's location: not found.
    const elsewhere = await aPatient().build(h.dataSource);
    await expect(
      h
        .get(ResendMessageUseCase)
        .execute(command(failed, { locationId: elsewhere.locationId, organisationId: elsewhere.organisationId })),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    await expect(h.get(ResendMessageUseCase).execute(command(failed, { organisationId: randomUUID() }))).rejects.toMatchObject({
      problem: { status: 404 },
    });
  });

  it('refuses (409, saying why) to resend to an address that takes no messages: STOP, a bounce, a complaint, unsubscribed', async () => {
    const tomorrow = new Date(Date.now() + 24 * HOUR);
    const resend = (p: BuiltPatient, messageId: string) =>
      h.get(ResendMessageUseCase).execute({
        organisationId: p.organisationId,
        locationId: p.locationId,
        messageId,
        actorId: 'scheduler-1',
        now: new Date(),
      });
    const kicksBefore = kicks;

    const texted = await aPatient().build(h.dataSource);
    const stopped = await aMessage(texted, 'failed', tomorrow, 3, 'sms');
    await h.dataSource.query(`INSERT INTO sms_opt_out (phone, opted_out_at) VALUES ($1, now())`, [texted.phone]);
    await expect(resend(texted, stopped)).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/address-suppressed', reason: 'stop', channel: 'sms' },
    });

    const bounced = await aPatient().build(h.dataSource);
    const bouncedMessage = await aMessage(bounced, 'failed', tomorrow, 3, 'email');
    await h.dataSource.query(
      `INSERT INTO email_suppression (address_hash, problem, code, suppressed_at) VALUES ($1, 'bounce', '550 5.1.1', now())`,
      [emailAddressHash(bounced.email.toUpperCase())],
    );
    await expect(resend(bounced, bouncedMessage)).rejects.toMatchObject({
      problem: { status: 409, reason: 'bounce', detail: expect.stringContaining('bounced') },
    });

    const complained = await aPatient().build(h.dataSource);
    const complainedMessage = await aMessage(complained, 'failed', tomorrow, 3, 'email');
    await h.dataSource.query(
      `INSERT INTO email_suppression (address_hash, problem, code, suppressed_at) VALUES ($1, 'complaint', NULL, now())`,
      [emailAddressHash(complained.email)],
    );
    await expect(resend(complained, complainedMessage)).rejects.toMatchObject({ problem: { status: 409, reason: 'complaint' } });

    const unsubscribed = await aPatient().build(h.dataSource);
    const unwanted = await aMessage(unsubscribed, 'failed', tomorrow, 3, 'email');
    await h.dataSource.query(
      `UPDATE directory_contact SET preferences = jsonb_set(preferences, '{optOutKinds}', '["confirmation"]') WHERE patient_id = $1`,
      [unsubscribed.patientId],
    );
    await expect(resend(unsubscribed, unwanted)).rejects.toMatchObject({ problem: { status: 409, reason: 'unsubscribed' } });

    const withoutConsent = await aPatient().withoutConsent().build(h.dataSource);
    const notAllowed = await aMessage(withoutConsent, 'failed', tomorrow, 3, 'sms');
    await expect(resend(withoutConsent, notAllowed)).rejects.toMatchObject({ problem: { status: 409, reason: 'no-consent' } });

    // Refused means untouched: still failed, never resent, and no dispatcher pass asked for.
    for (const id of [stopped, bouncedMessage, complainedMessage, unwanted, notAllowed])
      expect(await row(id)).toMatchObject({ status: 'failed', resends: 0 });
    expect(kicks).toBe(kicksBefore);

    // Another patient's STOP or bounce is not this one's: their failed message goes again.
    const reachable = await aPatient().build(h.dataSource);
    const goes = await aMessage(reachable, 'failed', tomorrow, 3, 'email');
    expect(await resend(reachable, goes)).toMatchObject({ status: 'scheduled', resentNow: true });
  });
});
