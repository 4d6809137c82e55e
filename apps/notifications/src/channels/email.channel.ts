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
  }

  async send(m: EmailMessage): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        messageId: `<${m.messageId}@notifications.chairside>`,
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
      throw new SendError(`smtp: ${e.responseCode ?? e.code ?? 'error'}`, !permanent);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
