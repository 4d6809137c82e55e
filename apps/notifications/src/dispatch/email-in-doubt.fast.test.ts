import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { DateTime } from 'luxon';
import { HOUR } from '@chairside/domain';
import { loadConfig } from '@chairside/platform';
import type { UseCaseHarness } from '@chairside/testing';
import { aPatient, notificationsHarness } from '../../test/builders/index.js';
import { EmailChannel } from '../channels/email.channel.js';
import { notificationsConfigSchema } from '../config/notifications.config.js';
import { projectAppointment } from '../directory/directory.projector.js';
import { Message } from '../messages/message.entity.js';
import { WithdrawMessagesUseCase } from '../messages/withdraw-messages/withdraw-messages.use-case.js';
import { Clock } from './clock.js';
import { Dispatcher } from './dispatcher.js';

/**
 * An email the SMTP server took although the dispatcher never read its answer (the scale-out
 * audit's "1 emails at the server that notifications has no sent row for"): the whole message
 * and its closing dot went out, then the connection was cut or the reply never came. The row must
 * then end sent (the retry carries the same Message-ID, which mail stores keep once) or say it is
 * in doubt (lapsed_claims > 0), whatever withdraws, suppresses or fails it before that. A failure
 * before the message went out (no connection, a close before DATA was answered, a refusal) is an
 * ordinary failure: nothing at the server, no doubt.
 */

const ZONE = 'America/New_York';
const ny = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
// Midday: outside anyone's quiet hours.
let now = ny('2030-06-03T12:00');

/** How the relay ends the next transaction (taken at MAIL FROM, in order; `accept` once the list is empty). */
type Ending =
  /** 250 after the dot: the message is queued. */
  | 'accept'
  /** The message and its dot are read, then the connection is cut without a reply. */
  | 'cut-after-message'
  /** The message and its dot are read, and no reply ever comes (the client's socket timeout, 10 s). */
  | 'silent-after-message'
  /** The connection is cut when DATA arrives, before the 354 that would let the message go. */
  | 'cut-at-data'
  /** 554 to DATA: refused before a byte of the message. */
  | 'refuse-data';

/**
 * A scripted SMTP server on loopback (no PIPELINING, no STARTTLS), so each failure happens at a
 * known step. `received` is every message whose closing dot the server read, by Message-ID: what
 * it could have queued for the patient, whether or not the client heard its answer.
 */
interface Relay {
  port: number;
  received: string[];
  next: Ending[];
  close(): Promise<void>;
}

async function startRelay(): Promise<Relay> {
  const sockets = new Set<Socket>();
  const relay: Relay = { port: 0, received: [], next: [], close: async () => undefined };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let ending: Ending = 'accept';
    let message: string[] | undefined;
    let pending = '';
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 relay.test ESMTP');
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\r\n')) >= 0 && !socket.destroyed) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        if (message) {
          if (line !== '.') {
            message.push(line);
            continue;
          }
          const id = /^message-id:\s*(\S+)/im.exec(message.join('\n'))?.[1] ?? '(none)';
          message = undefined;
          relay.received.push(id);
          if (ending === 'cut-after-message') socket.destroy();
          else if (ending === 'accept') reply(`250 2.0.0 queued as ${relay.received.length}`);
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === 'EHLO' || command === 'HELO') reply('250 relay.test');
        else if (command === 'MAIL') {
          ending = relay.next.shift() ?? 'accept';
          reply('250 2.1.0 ok');
        } else if (command === 'RCPT') reply('250 2.1.5 ok');
        else if (command === 'DATA') {
          if (ending === 'cut-at-data') socket.destroy();
          else if (ending === 'refuse-data') reply('554 5.3.0 not now, not ever');
          else {
            message = [];
            reply('354 end with <CRLF>.<CRLF>');
          }
        } else if (command === 'RSET' || command === 'NOOP') reply('250 2.0.0 ok');
        else if (command === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else reply('502 5.5.2 not here');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.port = (server.address() as AddressInfo).port;
  relay.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return relay;
}

let relay: Relay;
let h: UseCaseHarness;
const MAX_ATTEMPTS = 5;
beforeAll(async () => {
  relay = await startRelay();
  h = await notificationsHarness('email_in_doubt', {
    SMTP_PORT: String(relay.port),
    SMTP_TLS: 'off',
    NOTIFICATIONS_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
  });
  h.get(Clock).now = () => new Date(now);
});
afterAll(async () => {
  await h?.close();
  await relay?.close();
});

/** A booked appointment a week away and its reminder email, due now, for a patient who prefers email and has a phone. */
async function dueEmail(attempts = 0): Promise<{ id: string; key: string; appointmentId: string; messageIdHeader: string }> {
  const p = await aPatient().preferring('email').inZone(ZONE).build(h.dataSource);
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
  const key = `test:${id}:email`;
  await h.dataSource.getRepository(Message).insert({
    id,
    idempotencyKey: key,
    appointmentId,
    patientId: p.patientId,
    locationId: p.locationId,
    kind: 'reminder',
    occurrence: startsAt,
    offsetHours: 24,
    channel: 'email',
    status: attempts ? 'retrying' : 'scheduled',
    attempts,
    dueAt: new Date(now.getTime() - 1_000),
    details: {},
  });
  return { id, key, appointmentId, messageIdHeader: `<${id}@notifications.chairside>` };
}

const rowsOf = async (appointmentId: string) =>
  (await h.dataSource.query(
    `SELECT channel, status, lapsed_claims, attempts, reason FROM message WHERE appointment_id = $1 ORDER BY created_at`,
    [appointmentId],
  )) as Array<{ channel: string; status: string; lapsed_claims: number; attempts: number; reason: string | null }>;

/** The platform audit's rule for an email at the server (platform-audit.ts): a sent row, or a row in doubt. */
async function accountedFor(messageIdHeader: string): Promise<boolean> {
  const [row] = (await h.dataSource.query(
    `SELECT status IN ('sent', 'delivered') AS sent, lapsed_claims > 0 AS in_doubt FROM message WHERE id = $1`,
    [/^<([^@]+)@/.exec(messageIdHeader)![1]],
  )) as Array<{ sent: boolean; in_doubt: boolean }>;
  return !!row && (row.sent || row.in_doubt);
}

/** Past the retry's backoff (30 s at most ×1.2). */
const afterBackoff = () => (now = new Date(now.getTime() + 40_000));
const timesAtRelay = (messageIdHeader: string) => relay.received.filter((id) => id === messageIdHeader).length;

describe('an email the SMTP server took while the dispatcher lost its answer', () => {
  it('cut after the message: in doubt, retried with the same Message-ID, then sent; no text on top', async () => {
    const m = await dueEmail();
    relay.next.push('cut-after-message');
    await h.get(Dispatcher).pass();
    expect(timesAtRelay(m.messageIdHeader)).toBe(1);
    expect(await rowsOf(m.appointmentId)).toEqual([
      expect.objectContaining({
        channel: 'email',
        status: 'retrying',
        lapsed_claims: 1,
        reason: expect.stringContaining('in doubt'),
      }),
    ]);
    expect(await accountedFor(m.messageIdHeader)).toBe(true);

    afterBackoff();
    await h.get(Dispatcher).pass();
    // The retry is the same message to the mail store (same Message-ID), and the only row is the email's.
    expect(timesAtRelay(m.messageIdHeader)).toBe(2);
    expect(await rowsOf(m.appointmentId)).toEqual([
      expect.objectContaining({ channel: 'email', status: 'sent', lapsed_claims: 1 }),
    ]);
  });

  it('cut after the message, then the appointment is cancelled before the retry: cancelled, and says it is in doubt', async () => {
    const m = await dueEmail();
    relay.next.push('cut-after-message');
    await h.get(Dispatcher).pass();
    expect(timesAtRelay(m.messageIdHeader)).toBe(1);

    await h.get(WithdrawMessagesUseCase).execute({ appointmentId: m.appointmentId, because: 'cancelled', now });
    expect(await rowsOf(m.appointmentId)).toEqual([expect.objectContaining({ status: 'cancelled', lapsed_claims: 1 })]);
    expect(await accountedFor(m.messageIdHeader)).toBe(true);
  });

  it('no reply after the message until the socket times out: in doubt', async () => {
    const m = await dueEmail();
    relay.next.push('silent-after-message');
    await h.get(Dispatcher).pass();
    expect(timesAtRelay(m.messageIdHeader)).toBe(1);
    expect(await rowsOf(m.appointmentId)).toEqual([
      expect.objectContaining({
        status: 'retrying',
        lapsed_claims: 1,
        reason: expect.stringMatching(/^smtp: ETIMEDOUT .*in doubt/),
      }),
    ]);
  }, 30_000);

  it('the last allowed attempt ends in doubt: failed with the mark of doubt, and the text takes over', async () => {
    const m = await dueEmail(MAX_ATTEMPTS - 1);
    relay.next.push('cut-after-message');
    await h.get(Dispatcher).pass();
    expect(timesAtRelay(m.messageIdHeader)).toBe(1);
    // The patient may have the email and will get the text: both on record, the email as in doubt.
    expect(await rowsOf(m.appointmentId)).toEqual([
      expect.objectContaining({ channel: 'email', status: 'failed', lapsed_claims: 1, attempts: MAX_ATTEMPTS }),
      expect.objectContaining({ channel: 'sms', status: 'scheduled', lapsed_claims: 0 }),
    ]);
    expect(await accountedFor(m.messageIdHeader)).toBe(true);
  });
});

describe('an email that failed before it went out is not in doubt', () => {
  it('the connection is cut when DATA arrives (before 354): retried, not in doubt, nothing at the server', async () => {
    const m = await dueEmail();
    // nodemailer's pool tries a message again on a new connection itself when an idle one it reused
    // closes before a byte of the message went out; the error comes from the first new connection.
    relay.next.push(...Array<Ending>(7).fill('cut-at-data'));
    await h.get(Dispatcher).pass();
    relay.next.length = 0;
    expect(timesAtRelay(m.messageIdHeader)).toBe(0);
    expect(await rowsOf(m.appointmentId)).toEqual([
      expect.objectContaining({
        status: 'retrying',
        lapsed_claims: 0,
        reason: expect.stringMatching(/^smtp: E(CONNECTION|SOCKET)$/),
      }),
    ]);
  });

  it('554 to DATA: failed for good, not in doubt, and the text takes over', async () => {
    const m = await dueEmail();
    relay.next.push('refuse-data');
    await h.get(Dispatcher).pass();
    expect(timesAtRelay(m.messageIdHeader)).toBe(0);
    expect(await rowsOf(m.appointmentId)).toEqual([
      expect.objectContaining({ channel: 'email', status: 'failed', lapsed_claims: 0, reason: 'smtp: 554' }),
      expect.objectContaining({ channel: 'sms', status: 'scheduled' }),
    ]);
  });

  it('connection refused: transient, not in doubt', async () => {
    // A port nobody listens on any more.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const channel = new EmailChannel(
      loadConfig(notificationsConfigSchema, {
        AUTH_OIDC_ISSUER: 'https://identity.fast-tier.invalid',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(port),
        SMTP_TLS: 'off',
        SMS_AUTH_TOKEN: 'email-in-doubt-test-token',
        SMS_WEBHOOK_BASE_URL: 'http://127.0.0.1:3003',
      }),
    );
    try {
      await expect(
        channel.send({
          messageId: randomUUID(),
          to: 'patient@example.test',
          subject: 'Reminder',
          text: 'Tomorrow 09:00.',
          idempotencyKey: 'k',
        }),
      ).rejects.toMatchObject({ transient: true, inDoubt: false });
    } finally {
      channel.onApplicationShutdown();
    }
  });
});
