import { Module } from '@nestjs/common';
import { DirectoryConsumer } from './directory.consumer.js';
import { DirectoryController } from './directory.controller.js';
import { DirectoryProjector } from './directory.projector.js';

@Module({
  controllers: [DirectoryConsumer, DirectoryController],
  providers: [DirectoryProjector],
})
export class DirectoryModule {}
