import type { Readable } from 'node:stream';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../config/notifications.config.js';
import { type EmailMessage, SendError, type SendResult } from './channel.js';

/**
 * Email over SMTP (SMTP_HOST, SMTP_PORT; SMTP_USER/SMTP_PASSWORD when the relay wants them), over
 * TLS unless SMTP_TLS=off (a local sink),
 * through a small pool of connections. The Message-ID is derived from the message row, so a
 * message resent after a crash is the same message to every mail store that de-duplicates on it.
 */
@Injectable()
export class EmailChannel implements OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly from: string;
  /** By Message-ID header, while its send is under way: the streams the pool read (or is reading) the message from. */
  private readonly outgoing = new Map<string, Readable[]>();

  constructor(@Inject(SERVICE_CONFIG) config: NotificationsConfig) {
    this.from = config.NOTIFICATIONS_FROM;
    this.transport = nodemailer.createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      // The relay's certificate is checked against the system CAs (NODE_EXTRA_CA_CERTS adds a private CA).
      secure: config.SMTP_TLS === 'implicit',
      requireTLS: config.SMTP_TLS === 'starttls',
      ignoreTLS: config.SMTP_TLS === 'off',
      pool: true,
      maxConnections: config.SMTP_MAX_CONNECTIONS,
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
      ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } } : {}),
    });
    // Keeps each stream the pool will read the message from (one per try on a connection: the pool
    // tries another connection itself when one closes before a byte of the message went out).
    // nodemailer reads that stream only once the server has answered DATA with 354, and the closing
    // dot follows its end (smtp-connection `_createSendStream`: the data stream ends after its
    // source, then writes "\r\n.\r\n"); so an ended stream means the whole message and its dot were
    // handed to the socket (a cut at that moment may still have lost them: cautious, never false). As
    // the last processing step (no DKIM, no newline conversion after it) it is the stream the
    // connection itself reads.
    this.transport.use('stream', (mail, done) => {
      const streams = this.outgoing.get(String(mail.data.messageId));
      mail.message.processFunc((output) => {
        streams?.push(output);
        return output;
      });
      done();
    });
  }

  async send(m: EmailMessage): Promise<SendResult> {
    const messageId = `<${m.messageId}@notifications.chairside>`;
    const streams: Readable[] = [];
    this.outgoing.set(messageId, streams);
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        messageId,
        headers: { 'X-Chairside-Idempotency-Key': m.idempotencyKey },
        ...(m.calendar
          ? { icalEvent: { method: m.calendar.method, filename: 'appointment.ics', content: m.calendar.content } }
          : {}),
      });
      return { providerMessageId: String(info.messageId) };
    } catch (error) {
      const e = error as { responseCode?: number; code?: string; message: string };
      // 5xx is the server refusing this message for good; anything else (no connection, 4xx) may pass later.
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
      // In doubt: the whole message and its closing dot went out, and no reply to it was read (the
      // socket timed out, the connection was closed or reset, the reply could not be parsed). The
      // server may have queued it for the patient. nodemailer's code (ETIMEDOUT, ECONNECTION,
      // ESOCKET) cannot tell this apart from the same failure earlier in the session, and its
      // `command` is 'CONN' for every connection failure; hence the stream. Not in doubt: no
      // connection, a close or timeout before the body (greeting, EHLO, MAIL FROM, RCPT TO, DATA),
      // and every reply the server did give (a 4xx or 5xx to any command, the final dot's included),
      // since a server that answers no has not taken it.
      const inDoubt = typeof e.responseCode !== 'number' && streams.some((s) => s.readableEnded);
      throw new SendError(
        `smtp: ${e.responseCode ?? e.code ?? 'error'}${inDoubt ? ' after the message went out, no reply (in doubt)' : ''}`,
        !permanent,
        inDoubt,
      );
    } finally {
      if (this.outgoing.get(messageId) === streams) this.outgoing.delete(messageId);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
