import { Module } from '@nestjs/common';
import { AnalyticsStreamConsumer } from './analytics-stream.consumer.js';
import { AnalyticsStreamPublisher } from './analytics-stream.publisher.js';

/** The de-identified analytics stream (chairside.analytics.*): the limited data set of docs/events.md. */
@Module({
  controllers: [AnalyticsStreamConsumer],
  providers: [AnalyticsStreamPublisher],
})
export class AnalyticsModule {}
