import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module.js';
import { DirectoryConsumer } from './directory.consumer.js';
import { RecordContactUseCase } from './record-contact/record-contact.use-case.js';
import { ForgetContactUseCase } from './forget-contact/forget-contact.use-case.js';

/** Notifications' copy of scheduling's patient contacts, locations, therapies and appointments (tables directory_*). */
@Module({
  imports: [MessagesModule],
  controllers: [DirectoryConsumer],
  providers: [RecordContactUseCase, ForgetContactUseCase],
})
export class DirectoryModule {}
