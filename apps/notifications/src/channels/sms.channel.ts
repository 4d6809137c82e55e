import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../config/notifications.config.js';
import { SendError, type SendResult, type SmsMessage } from './channel.js';

/**
 * SMS through a Twilio-shaped HTTP API (SMS_API_URL, SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM):
 * POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded To, From, Body and a status
 * callback. The Idempotency-Key header lets a provider that honours it answer a resend with the
 * first message's sid instead of sending it twice.
 */
@Injectable()
export class SmsChannel {
  private readonly url: string;
  private readonly sid: string;
  private readonly token: string;
  private readonly from: string;
  private readonly callback: string | undefined;

  constructor(@Inject(SERVICE_CONFIG) config: NotificationsConfig) {
    this.url = config.SMS_API_URL;
    this.sid = config.SMS_ACCOUNT_SID;
    this.token = config.SMS_AUTH_TOKEN;
    this.from = config.SMS_FROM;
    this.callback = config.SMS_STATUS_CALLBACK_URL;
  }

  async send(m: SmsMessage): Promise<SendResult> {
    const form = new URLSearchParams({
      To: m.to,
      From: this.from,
      Body: m.body,
      ...(this.callback ? { StatusCallback: this.callback } : {}),
    });
    let response: Response;
    try {
      response = await fetch(`${this.url}/2010-04-01/Accounts/${this.sid}/Messages.json`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.sid}:${this.token}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': m.idempotencyKey,
        },
        body: form,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new SendError(`sms: ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name}`, true);
    }
    const body = (await response.json().catch(() => ({}))) as { sid?: string; code?: number };
    if (!response.ok || !body.sid)
      throw new SendError(
        `sms: HTTP ${response.status}${body.code ? ` code ${body.code}` : ''}`,
        response.status >= 500 || response.status === 429,
      );
    return { providerMessageId: body.sid };
  }
}
