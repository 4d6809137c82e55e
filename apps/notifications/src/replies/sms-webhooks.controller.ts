import { Body, Controller, ForbiddenException, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditTrail, smsAuditEntry } from '@chairside/audit';
import { ProblemException, Public, requestContext } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../config/notifications.config.js';
import { RecordDeliveryUseCase } from '../messages/record-delivery/record-delivery.use-case.js';
import { HandleReplyUseCase } from './handle-reply/handle-reply.use-case.js';
import { signatureMatches } from './provider-signature.js';

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The provider's message ids (`SM…`, 34 characters at Twilio); bounded so a key stays small. */
const MESSAGE_SID = /^[A-Za-z0-9]{2,64}$/;

/**
 * The SMS provider's webhooks: a patient's reply, and delivery status. Public (the provider has
 * no bearer token) but signed: a request whose X-Twilio-Signature does not match the auth token
 * over SMS_WEBHOOK_BASE_URL + path + parameters is refused (403). The URL is the configured one,
 * never the request's Host header, which the caller chooses. The provider signs no timestamp, so
 * replays are refused by the signed MessageSid: one already applied is answered 200 (the
 * provider stops retrying) and changes nothing. A reply that applied to an appointment leaves one
 * audit record (the reply as the actor, see smsAuditEntry), written before the answer is texted
 * back; one that matched no appointment records nothing, since it touched no one's data.
 */
@ApiExcludeController()
@Controller('webhooks/sms')
export class SmsWebhooksController {
  private readonly baseUrl: string;

  constructor(
    private readonly replies: HandleReplyUseCase,
    private readonly deliveries: RecordDeliveryUseCase,
    private readonly trail: AuditTrail,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationsConfig,
  ) {
    this.baseUrl = config.SMS_WEBHOOK_BASE_URL.replace(/\/+$/, '');
  }

  @Post('inbound')
  @Public()
  @HttpCode(200)
  async inbound(
    @Req() req: Request,
    @Body() body: Record<string, string>,
    @Headers('x-twilio-signature') signature: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const providerMessageId = this.verify(req, body, signature);
    // The events a reply causes name the reply as their actor, as its audit record does.
    const ctx = requestContext.current();
    if (ctx) ctx.actor = `patient-sms:${providerMessageId}`;
    const handled = await this.replies.execute({
      from: String(body.From ?? ''),
      body: String(body.Body ?? ''),
      receivedAt: new Date(),
      providerMessageId,
    });
    res.type('text/xml');
    // A replay: nothing applied, nothing texted back.
    if (handled === undefined) return '<?xml version="1.0" encoding="UTF-8"?><Response/>';
    if (handled.applied) {
      const { appointmentId, patientId, organisationId, action } = handled.applied;
      await this.trail.append(
        smsAuditEntry(
          req,
          res,
          { providerMessageId, organisationId, resource: 'appointment', resourceId: appointmentId, patientId, action },
          200,
        ),
      );
    }
    return `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${xml(handled.answer)}</Message></Response>`;
  }

  @Post('status')
  @Public()
  @HttpCode(204)
  async status(
    @Req() req: Request,
    @Body() body: Record<string, string>,
    @Headers('x-twilio-signature') signature: string | undefined,
  ): Promise<void> {
    const providerMessageId = this.verify(req, body, signature);
    if (body.MessageStatus) await this.deliveries.execute({ providerMessageId, status: body.MessageStatus, at: new Date() });
  }

  /** The signed request's MessageSid, once the signature matches (compared in constant time). */
  private verify(req: Request, body: Record<string, string>, signature: string | undefined): string {
    if (!signatureMatches(this.config.SMS_AUTH_TOKEN, `${this.baseUrl}${req.originalUrl}`, body, signature))
      throw new ForbiddenException('The webhook signature does not match.');
    // Without the id a replay could not be told apart; the provider always sends one.
    const sid = body.MessageSid;
    if (typeof sid !== 'string' || !MESSAGE_SID.test(sid))
      throw ProblemException.validation([
        { field: 'MessageSid', reason: 'must be the provider message id (2-64 letters and digits)' },
      ]);
    return sid;
  }
}
