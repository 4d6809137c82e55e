import { Module } from '@nestjs/common';
import { TestClockController } from './test-clock.controller.js';
import { WatchModule } from './watch.module.js';

/**
 * PUT /test/clock, imported by the root module only when SESSIONS_ADJUSTABLE_CLOCK is on: a deployment
 * without the flag (every production one) has no such route, not even in its API document.
 */
@Module({
  imports: [WatchModule],
  controllers: [TestClockController],
})
export class TestClockModule {}
