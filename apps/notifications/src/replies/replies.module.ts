import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module.js';
import { OptOutModule } from '../opt-out/opt-out.module.js';
import { ForgetWebhookReceiptsUseCase } from './forget-webhook-receipts/forget-webhook-receipts.use-case.js';
import { HandleReplyUseCase } from './handle-reply/handle-reply.use-case.js';
import { WebhookReceiptSweeper } from './webhook-receipt-sweeper.js';
import { SmsWebhooksController } from './sms-webhooks.controller.js';

/** The SMS provider's webhooks: patients' replies (confirm, reschedule, STOP/START) and delivery status; replays refused. */
@Module({
  imports: [OptOutModule, MessagesModule],
  controllers: [SmsWebhooksController],
  providers: [HandleReplyUseCase, ForgetWebhookReceiptsUseCase, WebhookReceiptSweeper],
})
export class RepliesModule {}
