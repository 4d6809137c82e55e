import { Body, Controller, ForbiddenException, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@chairside/platform';
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
  private readonly token = process.env.SMS_AUTH_TOKEN ?? 'local';

  constructor(
    private readonly replies: HandleReplyUseCase,
    private readonly deliveries: RecordDeliveryUseCase,
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
    const base = process.env.SMS_WEBHOOK_BASE_URL ?? `http://${req.headers.host}`;
    if (!signatureMatches(this.token, `${base}${req.originalUrl}`, body, signature))
      throw new ForbiddenException('The webhook signature does not match.');
  }
}
