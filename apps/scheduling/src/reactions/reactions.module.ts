import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { PatientAlertsModule } from '../patient-alerts/patient-alerts.module.js';
import { ReplansModule } from '../replans/replans.module.js';
import { WaitlistModule } from '../waitlist/waitlist.module.js';
import { WorkQueuesModule } from '../work-queues/work-queues.module.js';
import { SchedulingReactionsConsumer } from './scheduling-reactions.consumer.js';

/** What scheduling does about other services' events (sessions, patients' replies) and its own freed time. */
@Module({
  imports: [AppointmentsModule, ReplansModule, WaitlistModule, PatientAlertsModule, WorkQueuesModule],
  controllers: [SchedulingReactionsConsumer],
})
export class ReactionsModule {}
