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
/** Connection errors that happen before a single byte of the request reaches the provider. */
const NEVER_SENT: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

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
      const code = (error as { cause?: { code?: string } }).cause?.code;
      // Only a connection that was never made proves the provider has not got the text; a timeout or
      // a connection lost after the request went out may follow its acceptance.
      throw new SendError(`sms: ${code ?? (error as Error).name}`, true, !NEVER_SENT.has(code ?? ''));
    }
    const body = (await response.json().catch(() => ({}))) as { sid?: string; code?: number };
    // The provider said yes but its answer was lost (timeout while reading it, a cut connection): the
    // text is on its way. Retrying with the same Idempotency-Key gets its sid without a second text.
    if (response.ok && !body.sid) throw new SendError(`sms: HTTP ${response.status} without a readable sid`, true, true);
    if (!response.ok || !body.sid)
      throw new SendError(
        `sms: HTTP ${response.status}${body.code ? ` code ${body.code}` : ''}`,
        response.status >= 500 || response.status === 429,
      );
    return { providerMessageId: body.sid };
  }
}
