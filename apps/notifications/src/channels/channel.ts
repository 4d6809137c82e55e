/** What a channel answers: the provider's id for the message, or an error that says whether to retry. */
export interface SendResult {
  providerMessageId: string;
}

export class SendError extends Error {
  constructor(
    message: string,
    /** Worth trying again later (connection refused, 4xx from SMTP, 5xx or 429 from the SMS API). */
    readonly transient: boolean,
    /**
     * The request may have reached the provider, which may have taken it: no answer in time, the
     * connection lost after the request was written, or an acceptance whose body could not be read.
     * The patient may have the message; the row must say so (record-outcome.ts, lapsed_claims).
     */
    readonly inDoubt = false,
  ) {
    super(message);
  }
}

export interface EmailMessage {
  /** Stable per message row: a resend after a crash carries the same Message-ID. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  /** The HTML alternative; the text stays for clients (and people) that read plain text. */
  html?: string;
  calendar?: { content: string; method: 'REQUEST' | 'CANCEL' };
  idempotencyKey: string;
}

export interface SmsMessage {
  to: string;
  body: string;
  idempotencyKey: string;
}
