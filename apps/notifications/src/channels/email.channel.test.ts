import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '@chairside/platform';
import { startMailSink, type MailSink } from '@chairside/testing';
import { notificationsConfigSchema } from '../config/notifications.config.js';
import { EmailChannel } from './email.channel.js';
import type { EmailMessage } from './channel.js';

const message = (n: number): EmailMessage => ({
  to: 'patient@example.org',
  subject: 'Your infusion tomorrow',
  text: 'Tomorrow 09:00, chair 3.',
  messageId: `email-channel-test-${n}-${Date.now()}`,
  idempotencyKey: `k-${n}`,
});

const channelTo = (port: number, tls: string) =>
  new EmailChannel(
    loadConfig(notificationsConfigSchema, {
      AUTH_OIDC_ISSUER: 'https://sso.hospital.example/realms/chairside',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port),
      SMTP_TLS: tls,
      SMS_AUTH_TOKEN: 'email-channel-test-token',
      SMS_WEBHOOK_BASE_URL: 'http://127.0.0.1:3003',
    }),
  );

/**
 * Against real SMTP servers on loopback: with TLS required (the default) a relay that does not
 * offer STARTTLS, or offers it with a certificate nobody vouches for, gets no message at all,
 * rather than the message in clear text or to an impostor.
 */
describe('email channel TLS (SMTP_TLS)', () => {
  let plain: MailSink;
  beforeAll(async () => {
    plain = await startMailSink();
  });
  afterAll(() => plain.close());

  it('requires STARTTLS by default: a relay without it receives nothing and the send fails', async () => {
    expect(notificationsConfigSchema.shape.SMTP_TLS.parse(undefined)).toBe('starttls');
    const channel = channelTo(plain.port, 'starttls');
    try {
      // Permanent (no retry will make the relay offer it): the message falls over to SMS or is dead-lettered.
      await expect(channel.send(message(1))).rejects.toMatchObject({ transient: false });
      expect(plain.receipts).toBe(0);
    } finally {
      channel.onApplicationShutdown();
    }
  });

  it('refuses a STARTTLS relay whose certificate the system CAs do not vouch for', async () => {
    // smtp-server offers STARTTLS with its built-in self-signed certificate.
    let received = 0;
    const impostor = new SMTPServer({
      authOptional: true,
      logger: false,
      // Its close() would wait 30 s (the default) for the refused client's connection.
      closeTimeout: 1_000,
      onData(stream, _session, callback) {
        received++;
        stream.resume().on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const channel = channelTo((impostor.server.address() as AddressInfo).port, 'starttls');
    try {
      // A connection failure like any other: retried with backoff.
      await expect(channel.send(message(2))).rejects.toMatchObject({ transient: true });
      expect(received).toBe(0);
    } finally {
      channel.onApplicationShutdown();
      await new Promise<void>((resolve) => impostor.close(() => resolve()));
    }
  });

  it('sends in clear text only when SMTP_TLS=off says so (the local sink)', async () => {
    const channel = channelTo(plain.port, 'off');
    try {
      await expect(channel.send(message(3))).resolves.toMatchObject({ providerMessageId: expect.any(String) });
      expect(plain.receipts).toBe(1);
    } finally {
      channel.onApplicationShutdown();
    }
  });
});
