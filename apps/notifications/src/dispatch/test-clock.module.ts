import { Module } from '@nestjs/common';
import { DispatchModule } from './dispatch.module.js';
import { TestClockController } from './test-clock.controller.js';

/**
 * PUT /test/clock, imported by the root module only when NOTIFICATIONS_ADJUSTABLE_CLOCK is on: a
 * deployment without the flag (every production one) has no such route, not even in its API document.
 */
@Module({
  imports: [DispatchModule],
  controllers: [TestClockController],
})
export class TestClockModule {}
