import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { KpiReport } from './kpi-report.query.js';

// The JSON KPI report (KpiReport in kpi-report.query.ts), described for the OpenAPI document: the
// report is streamed by hand, so Nest cannot see its shape, and clients generated from the
// document would otherwise know nothing of it.

const ratio = (description?: string) => ({ type: Number, nullable: true, ...(description ? { description } : {}) });

export class PercentilesView {
  @ApiProperty({ description: 'Visits measured.' }) n!: number;
  @ApiProperty(ratio('Minutes.')) p50!: number | null;
  @ApiProperty(ratio('Minutes.')) p90!: number | null;
}

export class WaitsView {
  @ApiProperty() checkInToChair!: PercentilesView;
  @ApiProperty() chairToDrugReady!: PercentilesView;
  @ApiProperty() drugReadyToStart!: PercentilesView;
}

export class KpisView {
  @ApiProperty() openChairMinutes!: number;
  @ApiProperty(ratio()) scheduledUtilization!: number | null;
  @ApiProperty(ratio()) actualUtilization!: number | null;
  @ApiProperty() visits!: number;
  @ApiProperty() infusions!: number;
  @ApiProperty(ratio()) infusionsPerChair!: number | null;
  @ApiProperty() noShows!: number;
  @ApiProperty(ratio()) noShowRate!: number | null;
  @ApiProperty() lateCancellations!: number;
  @ApiProperty(ratio()) lateCancellationRate!: number | null;
  @ApiProperty(ratio()) onTimeStartRate!: number | null;
  @ApiProperty() waits!: WaitsView;
  @ApiProperty(ratio()) plannedMinutesMean!: number | null;
  @ApiProperty(ratio()) actualInfusingMinutesMean!: number | null;
  @ApiProperty(ratio()) confirmationRate!: number | null;
}

export class DayKpisView extends KpisView {
  @ApiProperty() locationId!: string;
  @ApiProperty({ description: 'The local date at the location.' }) date!: string;
}

export class TherapyKpisView extends KpisView {
  @ApiProperty() therapyCode!: string;
}

export class HourLoadView {
  @ApiProperty({ description: 'Local wall-clock hour, e.g. "09:00".' }) hour!: string;
  @ApiProperty({ description: "The hour's first instant (UTC)." }) startsAt!: string;
  @ApiProperty() utcOffset!: string;
  @ApiProperty() scheduledChairsPeak!: number;
  @ApiProperty() chairsInUsePeak!: number;
  @ApiProperty() patientsPerNursePeak!: number;
  @ApiProperty() infusionStarts!: number;
}

export class HeatmapDayView {
  @ApiProperty() date!: string;
  @ApiProperty({ type: [HourLoadView] }) hours!: HourLoadView[];
}

export class LocationReportView {
  @ApiProperty() locationId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty() timeZone!: string;
  @ApiPropertyOptional({ type: [DayKpisView], description: 'Per local day; left out of large JSON reports (see daysOmitted).' })
  days?: DayKpisView[];
  @ApiProperty() total!: KpisView;
  @ApiProperty({ type: [TherapyKpisView] }) therapies!: TherapyKpisView[];
  @ApiPropertyOptional({ type: [HeatmapDayView], description: 'Only with include=heatmap.' })
  heatmap?: HeatmapDayView[];
}

export class OrganisationKpisView extends KpisView {
  @ApiProperty({ type: [TherapyKpisView] }) therapies!: TherapyKpisView[];
}

export class LeadTimeNoShowsView {
  @ApiProperty() bucket!: string;
  @ApiProperty() visits!: number;
  @ApiProperty() noShows!: number;
  @ApiProperty(ratio()) rate!: number | null;
}

export class ReminderGroupView {
  @ApiProperty() visits!: number;
  @ApiProperty(ratio()) noShowRate!: number | null;
}

export class ReminderEffectView {
  @ApiProperty() withReminder!: ReminderGroupView;
  @ApiProperty() withoutReminder!: ReminderGroupView;
}

export class ReactionCountView {
  @ApiProperty() therapyCode!: string;
  @ApiProperty() grade!: number;
  @ApiProperty() count!: number;
}

export class DeliveryView {
  @ApiProperty() sent!: number;
  @ApiProperty() delivered!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() suppressed!: number;
  @ApiProperty(ratio()) deliveryRate!: number | null;
}

export class ConsumerLagView {
  @ApiProperty() caughtUp!: boolean;
  @ApiProperty() measuredAt!: string;
}

export class KpiReportView {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The newest fact the figures include.' })
  freshAsOf!: string | null;
  @ApiProperty({ type: ConsumerLagView, nullable: true, description: 'Null while Kafka cannot be asked.' })
  consumerLag!: ConsumerLagView | null;
  @ApiProperty({ type: [LocationReportView] }) locations!: LocationReportView[];
  @ApiPropertyOptional({ description: 'Why the locations carry no days.' }) daysOmitted?: string;
  @ApiProperty() organisation!: OrganisationKpisView;
  @ApiProperty({ type: [LeadTimeNoShowsView] }) noShowsByLeadTime!: LeadTimeNoShowsView[];
  @ApiProperty() reminderEffect!: ReminderEffectView;
  @ApiProperty({ type: [ReactionCountView] }) reactions!: ReactionCountView[];
  @ApiProperty() notifications!: DeliveryView;
}

/** True only while the description and the report agree both ways: a field added to one fails the build. */
type Described = [KpiReport] extends [KpiReportView] ? ([KpiReportView] extends [KpiReport] ? true : false) : false;
export const KPI_REPORT_DESCRIBED: Described = true;
