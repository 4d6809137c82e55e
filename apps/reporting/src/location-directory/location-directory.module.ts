import { Module } from '@nestjs/common';
import { LocationDirectoryConsumer } from './location-directory.consumer.js';
import { LocationDirectoryController } from './location-directory.controller.js';
import { LocationDirectoryProjector } from './location-directory.projector.js';

@Module({
  controllers: [LocationDirectoryConsumer, LocationDirectoryController],
  providers: [LocationDirectoryProjector],
})
export class LocationDirectoryModule {}
