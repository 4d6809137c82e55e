import { Module } from '@nestjs/common';
import { EmailChannel } from '../channels/email.channel.js';
import { SmsChannel } from '../channels/sms.channel.js';
import { Renderer } from '../rendering/renderer.js';
import { Clock } from './clock.js';
import { ClaimDueMessages } from './claim-due-messages.js';
import { Dispatcher } from './dispatcher.js';
import { RecordOutcome } from './record-outcome.js';
import { SendMessage } from './send-message.js';

/** Sends what is due: rendering, the email and SMS channels, and the dispatcher's clock. */
@Module({
  providers: [Renderer, EmailChannel, SmsChannel, Clock, ClaimDueMessages, SendMessage, RecordOutcome, Dispatcher],
  exports: [Clock, Dispatcher],
})
export class DispatchModule {}
