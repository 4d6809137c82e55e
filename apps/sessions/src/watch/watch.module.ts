import { Module } from '@nestjs/common';
import { OverrunsModule } from '../overruns/overruns.module.js';
import { VitalsModule } from '../vitals/vitals.module.js';
import { Clock } from './clock.js';
import { SessionWatch } from './session-watch.js';

@Module({
  imports: [OverrunsModule, VitalsModule],
  providers: [Clock, SessionWatch],
  exports: [Clock, SessionWatch],
})
export class WatchModule {}
