import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { SchedulingWarmUp } from './scheduling-warm-up.js';

/** The service's warm-up before it reports ready: in the service's root module only, not in the fast test tier. */
@Module({ imports: [AppointmentsModule], providers: [SchedulingWarmUp], exports: [SchedulingWarmUp] })
export class WarmUpModule {}
