import { Body, Controller, ForbiddenException, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProblemException, Public } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../config/notifications.config.js';
import { type SignedBlock, signatureProblem } from './provider-signature.js';
import { RecordEmailProblemUseCase } from './record-email-problem/record-email-problem.use-case.js';

/** Our Message-ID, as providers report it (with or without the angle brackets). */
const OUR_MESSAGE_ID = /^<?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@notifications\.chairside>?$/i;
const ADDRESS = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

interface EventData {
  event?: unknown;
  severity?: unknown;
  recipient?: unknown;
  message?: { headers?: Record<string, unknown> };
  'delivery-status'?: { code?: unknown; 'enhanced-code'?: unknown };
}

/**
 * The email provider's event webhook (Mailgun's shape: `{ signature: { timestamp, token,
 * signature }, "event-data": { event, severity, recipient, message.headers["message-id"],
 * delivery-status } }`). Public (the provider has no bearer token) but signed with
 * EMAIL_WEBHOOK_SIGNING_KEY (HMAC-SHA256 over timestamp + token, compared in constant time); a
 * timestamp more than 15 minutes off is refused and each token is applied once, so a captured
 * request cannot be replayed. A permanent failure is a bounce, `complained` a complaint; anything
 * else (a temporary failure the provider retries, an open) is acknowledged and changes nothing.
 */
@ApiExcludeController()
@Controller('webhooks/email')
export class EmailWebhooksController {
  constructor(
    private readonly problems: RecordEmailProblemUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  @Post('events')
  @Public()
  @HttpCode(200)
  async events(@Body() body: { signature?: SignedBlock; 'event-data'?: EventData }): Promise<{ outcome: string }> {
    const now = new Date();
    const refused = signatureProblem(this.config.EMAIL_WEBHOOK_SIGNING_KEY, body?.signature, now);
    if (refused) throw new ForbiddenException(`The webhook is refused: ${refused}.`);
    const data = body['event-data'] ?? {};
    const problem =
      data.event === 'complained' ? 'complaint' : data.event === 'failed' && data.severity === 'permanent' ? 'bounce' : undefined;
    if (!problem) return { outcome: 'ignored' };
    if (typeof data.recipient !== 'string' || !ADDRESS.test(data.recipient))
      throw ProblemException.validation([{ field: 'event-data.recipient', reason: 'must be the email address reported on' }]);
    const header = data.message?.headers?.['message-id'];
    const messageId = typeof header === 'string' ? OUR_MESSAGE_ID.exec(header.trim())?.[1]?.toLowerCase() : undefined;
    const outcome = await this.problems.execute({
      token: body.signature!.token as string,
      problem,
      address: data.recipient,
      ...(messageId ? { messageId } : {}),
      ...(problem === 'bounce' ? smtpCode(data['delivery-status']) : {}),
      reportedAt: now,
    });
    return { outcome };
  }
}

/** "550 5.1.1" from the provider's delivery status, when it gives valid codes. */
function smtpCode(status: EventData['delivery-status']): { code?: string } {
  const code = status?.code;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 200 || code > 599) return {};
  const enhanced = status?.['enhanced-code'];
  return {
    code: typeof enhanced === 'string' && /^[0-9]\.[0-9]{1,3}\.[0-9]{1,3}$/.test(enhanced) ? `${code} ${enhanced}` : String(code),
  };
}
