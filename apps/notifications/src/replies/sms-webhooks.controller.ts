import { Body, Controller, ForbiddenException, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@chairside/platform';
import { SERVICE_CONFIG } from '@chairside/runtime';
import type { NotificationsConfig } from '../config/notifications.config.js';
import { HandleReplyUseCase } from './handle-reply.use-case.js';
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
    const answer = await this.replies.reply(String(body.From ?? ''), String(body.Body ?? ''), new Date());
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
    if (body.MessageSid && body.MessageStatus) await this.replies.status(body.MessageSid, body.MessageStatus, new Date());
  }

  private verify(req: Request, body: Record<string, string>, signature: string | undefined): void {
    const base = this.config.SMS_WEBHOOK_BASE_URL ?? `http://${req.headers.host}`;
    if (!signatureMatches(this.config.SMS_AUTH_TOKEN, `${base}${req.originalUrl}`, body, signature))
      throw new ForbiddenException('The webhook signature does not match.');
  }
}
