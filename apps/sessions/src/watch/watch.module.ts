import { Module } from '@nestjs/common';
import { OverrunsModule } from '../overruns/overruns.module.js';
import { VitalsModule } from '../vitals/vitals.module.js';
import { SessionWatch } from './session-watch.js';

@Module({ imports: [OverrunsModule, VitalsModule], providers: [SessionWatch] })
export class WatchModule {}
