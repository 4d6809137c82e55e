import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** The text/html alternative, if any. */
  html: string | null;
  /** The text/calendar part (the .ics), if any. */
  calendar: string | null;
  receivedAt: Date;
}

/**
 * A real SMTP server on loopback that keeps what it receives, as a mailbox store would: one copy
 * per Message-ID (`mails`), and every SMTP transaction counted (`receipts`), so a test can tell a
 * duplicate sent from a duplicate delivered.
 */
export interface MailSink {
  port: number;
  mails: ReceivedMail[];
  receipts: number;
  /** Answer every DATA with this SMTP code (e.g. 451, transient; 550, permanent), or accept again (undefined). */
  refuseWith(code: number | undefined): void;
  close(): Promise<void>;
}

export async function startMailSink(port = 0): Promise<MailSink> {
  const mails = new Map<string, ReceivedMail>();
  let refusal: number | undefined;
  const sink = {
    port: 0,
    receipts: 0,
    get mails() {
      return [...mails.values()];
    },
    refuseWith(code: number | undefined) {
      refusal = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } as MailSink;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // close() waits this long for clients' idle pooled connections before it ends them (the
    // library's default is 30 s, which every test file that closed a sink a mail client had used paid).
    closeTimeout: 1_000,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail: ParsedMail) => {
          if (refusal) {
            const error = new Error(refusal >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & {
              responseCode: number;
            };
            error.responseCode = refusal;
            return callback(error);
          }
          sink.receipts++;
          const messageId = mail.messageId ?? `(none)-${sink.receipts}`;
          const calendar =
            mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString('utf8') ?? null;
          const to = Array.isArray(mail.to) ? mail.to.map((t) => t.text).join(', ') : (mail.to?.text ?? '');
          if (!mails.has(messageId))
            mails.set(messageId, {
              messageId,
              to,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : null,
              calendar,
              receivedAt: new Date(),
            });
          callback();
        })
        .catch(callback);
    },
  });
  // A client that dies mid-conversation (a test SIGKILLs a notifications instance) leaves a reset
  // socket, which smtp-server reports as an 'error' event; unheard, that event ended the whole test
  // file ("write EPIPE", "read ECONNRESET" in scale-out runs). A mail server shrugs it off: the
  // message was not accepted, and the sender's retry is what the test is about.
  // Listening itself may still fail (the port taken by another `npm start`): that is said, not swallowed.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', () => undefined);
      resolve();
    });
  });
  sink.port = (server.server.address() as AddressInfo).port;
  return sink;
}

export interface SentSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  /** The sender's Idempotency-Key header: which message row this text is. */
  idempotencyKey?: string;
}

/**
 * A Twilio-shaped SMS provider on loopback: POST /2010-04-01/Accounts/{sid}/Messages.json with
 * To, From, Body; honours Idempotency-Key (a resend gets the first sid and sends nothing). A text
 * sent with a StatusCallback is reported `delivered` to that URL a moment later, signed as the
 * provider signs (with the account's auth token, from the request's Basic credentials), as Twilio
 * reports a text reaching the handset: without it nothing on this machine ever reads as delivered
 * (`npm start` asks for the callback, SMS_STATUS_CALLBACK_URL).
 */
export interface SmsProvider {
  url: string;
  messages: SentSms[];
  requests: number;
  failWith(status: number | undefined): void;
  /**
   * Posts a signed webhook (a patient's reply or a status callback) to `url`, as the provider does:
   * with a fresh MessageSid unless `params` names one (the same one again is a replay).
   */
  webhook(
    url: string,
    authToken: string,
    params: Record<string, string>,
    signature?: string,
  ): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** How the provider signs its webhooks (Twilio's scheme): HMAC-SHA1 over the URL and the sorted parameters. */
export function signProviderWebhook(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** How long after accepting a text the provider reports it delivered: after the sender has recorded it as sent. */
const DELIVERY_REPORT_AFTER_MS = 1_500;

export async function startSmsProvider(): Promise<SmsProvider> {
  const byKey = new Map<string, SentSms>();
  const messages: SentSms[] = [];
  let failure: number | undefined;
  let requests = 0;
  const reports = new Set<NodeJS.Timeout>();
  /** Twilio's status callback: signed with the account's auth token (the password of the request's Basic credentials). */
  const reportDelivered = (callback: string, authorization: string | undefined, sms: SentSms) => {
    const basic = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
    const [accountSid, authToken] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    if (!accountSid || !authToken) return;
    const params = { MessageSid: sms.sid, MessageStatus: 'delivered', AccountSid: accountSid, To: sms.to, From: sms.from };
    const timer = setTimeout(() => {
      reports.delete(timer);
      // Nobody listening any more (the sender stopped) is no failure of the provider's.
      void fetch(callback, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signProviderWebhook(authToken, callback, params),
        },
        body: new URLSearchParams(params),
        signal: AbortSignal.timeout(10_000),
      }).catch(() => undefined);
    }, DELIVERY_REPORT_AFTER_MS);
    reports.add(timer);
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      requests++;
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !/^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/.test(req.url ?? ''))
        return json(404, { code: 20404, message: 'Not found' });
      if (failure) return json(failure, { code: failure === 429 ? 20429 : 30001, message: 'Provider failure' });
      const form = new URLSearchParams(raw);
      const key = req.headers['idempotency-key'];
      const existing = typeof key === 'string' ? byKey.get(key) : undefined;
      if (existing) return json(201, { sid: existing.sid, status: 'queued' });
      const sms = {
        sid: `SM${(messages.length + 1).toString().padStart(32, '0')}`,
        to: form.get('To') ?? '',
        from: form.get('From') ?? '',
        body: form.get('Body') ?? '',
        ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
      };
      if (!sms.to || !sms.body) return json(400, { code: 21604, message: 'A To and a Body are required' });
      messages.push(sms);
      if (typeof key === 'string') byKey.set(key, sms);
      const callback = form.get('StatusCallback');
      if (callback) reportDelivered(callback, req.headers.authorization, sms);
      return json(201, { sid: sms.sid, status: 'queued' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    messages,
    get requests() {
      return requests;
    },
    failWith(status: number | undefined) {
      failure = status;
    },
    async webhook(url: string, authToken: string, given: Record<string, string>, signature?: string) {
      const params = { MessageSid: `SM${randomUUID().replace(/-/g, '')}`, ...given };
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature ?? signProviderWebhook(authToken, url, params),
        },
        body: new URLSearchParams(params),
      });
      return { status: response.status, body: await response.text() };
    },
    close: () => {
      for (const timer of reports) clearTimeout(timer);
      reports.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The email provider's report on one email, as its event webhook sends it (Mailgun's shape). */
export interface EmailProviderEvent {
  event: 'failed' | 'complained' | 'delivered';
  severity?: 'permanent' | 'temporary';
  recipient: string;
  /** The Message-ID of the email reported on (the sink's `messageId`). */
  messageId?: string;
  code?: number;
  enhancedCode?: string;
}

/**
 * Posts the email provider's signed event webhook to `url`: HMAC-SHA256 with the signing key over
 * the timestamp and a fresh token, as the provider signs it. `sign` overrides the parts to
 * forge, age or replay a request.
 */
export async function postEmailProviderEvent(
  url: string,
  signingKey: string,
  e: EmailProviderEvent,
  sign: { timestamp?: string; token?: string; signature?: string } = {},
): Promise<{ status: number; body: unknown; token: string }> {
  const timestamp = sign.timestamp ?? String(Math.floor(Date.now() / 1000));
  const token = sign.token ?? randomUUID().replace(/-/g, '');
  const signature = sign.signature ?? createHmac('sha256', signingKey).update(`${timestamp}${token}`, 'utf8').digest('hex');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      signature: { timestamp, token, signature },
      'event-data': {
        id: randomUUID().replace(/-/g, '').slice(0, 22),
        event: e.event,
        ...(e.severity ? { severity: e.severity } : {}),
        timestamp: Number(timestamp),
        recipient: e.recipient,
        ...(e.messageId ? { message: { headers: { 'message-id': e.messageId.replace(/^<|>$/g, '') } } } : {}),
        ...(e.code
          ? { 'delivery-status': { code: e.code, ...(e.enhancedCode ? { 'enhanced-code': e.enhancedCode } : {}) } }
          : {}),
      },
    }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // problem+json or plain text: kept as text
  }
  return { status: response.status, body, token };
}
