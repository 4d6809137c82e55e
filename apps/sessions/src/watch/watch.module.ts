import { Module } from '@nestjs/common';
import { OverrunsModule } from '../overruns/overruns.module.js';
import { VitalsModule } from '../vitals/vitals.module.js';
import { Clock } from './clock.js';
import { SessionWatch } from './session-watch.js';
import { TestClockController } from './test-clock.controller.js';

@Module({
  imports: [OverrunsModule, VitalsModule],
  controllers: [TestClockController],
  providers: [Clock, SessionWatch],
})
export class WatchModule {}
