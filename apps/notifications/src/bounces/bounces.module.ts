import { Module } from '@nestjs/common';
import { EmailWebhooksController } from './email-webhooks.controller.js';
import { RecordEmailProblemUseCase } from './record-email-problem/record-email-problem.use-case.js';

/** Email bounces and complaints from the provider's webhook: the address is suppressed and the center told. */
@Module({
  controllers: [EmailWebhooksController],
  providers: [RecordEmailProblemUseCase],
})
export class BouncesModule {}
