import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import type { Logger } from 'pino';
import { serviceInfrastructure } from '@chairside/runtime';
import type { NotificationsConfig } from './config/notifications.config.js';
import { EmailChannel } from './channels/email.channel.js';
import { SmsChannel } from './channels/sms.channel.js';
import { DirectoryConsumer } from './contacts/directory.consumer.js';
import { Clock } from './dispatch/clock.js';
import { ClaimDueMessages } from './dispatch/claim-due-messages.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { RecordOutcome } from './dispatch/record-outcome.js';
import { SendMessage } from './dispatch/send-message.js';
import { AppointmentConsumer } from './messages/appointment.consumer.js';
import { MessagesController } from './messages/messages.controller.js';
import { PlanMessagesUseCase } from './messages/plan-messages.use-case.js';
import { Renderer } from './rendering/renderer.js';
import { HandleReplyUseCase } from './replies/handle-reply.use-case.js';
import { SmsWebhooksController } from './replies/sms-webhooks.controller.js';

@Module({
  controllers: [DirectoryConsumer, AppointmentConsumer, MessagesController, SmsWebhooksController],
  providers: [
    HandleReplyUseCase,
    PlanMessagesUseCase,
    Renderer,
    EmailChannel,
    SmsChannel,
    Clock,
    ClaimDueMessages,
    SendMessage,
    RecordOutcome,
    Dispatcher,
  ],
})
class NotificationFeaturesModule {}

@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig, dataSource: DataSourceOptions, logger: Logger): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [...serviceInfrastructure('notifications', config, dataSource, logger), NotificationFeaturesModule],
    };
  }
}
