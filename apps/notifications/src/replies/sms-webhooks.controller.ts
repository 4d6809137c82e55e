import { Body, Controller, ForbiddenException, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../config/notifications.config.js';
import { RecordDeliveryUseCase } from '../messages/record-delivery/record-delivery.use-case.js';
import { HandleReplyUseCase } from './handle-reply/handle-reply.use-case.js';
import { signatureMatches } from './provider-signature.js';

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The SMS provider's webhooks: a patient's reply, and delivery status. Public (the provider has
 * no bearer token) but signed: a request whose X-Twilio-Signature does not match the auth token
 * over SMS_WEBHOOK_BASE_URL + path + parameters is refused.
 */
@ApiExcludeController()
@Controller('webhooks/sms')
export class SmsWebhooksController {
  constructor(
    private readonly replies: HandleReplyUseCase,
    private readonly deliveries: RecordDeliveryUseCase,
    @Inject(SERVICE_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  @Post('inbound')
  @Public()
  @HttpCode(200)
  async inbound(
    @Req() req: Request,
    @Body() body: Record<string, string>,
    @Headers('x-twilio-signature') signature: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    this.verify(req, body, signature);
    const answer = await this.replies.execute({
      from: String(body.From ?? ''),
      body: String(body.Body ?? ''),
      receivedAt: new Date(),
    });
    res.type('text/xml');
    return `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${xml(answer)}</Message></Response>`;
  }

  @Post('status')
  @Public()
  @HttpCode(204)
  async status(
    @Req() req: Request,
    @Body() body: Record<string, string>,
    @Headers('x-twilio-signature') signature: string | undefined,
  ): Promise<void> {
    this.verify(req, body, signature);
    if (body.MessageSid && body.MessageStatus)
      await this.deliveries.execute({ providerMessageId: body.MessageSid, status: body.MessageStatus, at: new Date() });
  }

  private verify(req: Request, body: Record<string, string>, signature: string | undefined): void {
    const base = this.config.SMS_WEBHOOK_BASE_URL ?? `http://${req.headers.host}`;
    if (!signatureMatches(this.config.SMS_AUTH_TOKEN, `${base}${req.originalUrl}`, body, signature))
      throw new ForbiddenException('The webhook signature does not match.');
  }
}
