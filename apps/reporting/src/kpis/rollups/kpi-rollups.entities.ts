import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/*
 * KPI rollups: aggregates per location and local day, kept from visit_fact, reaction_fact and
 * message_fact (the source of truth) so a report reads rows proportional to locations × days,
 * not visits. The counters (day and month), message and reaction days and wait histograms take
 * each written fact's change in the transaction that writes it (triggers, migrations 1796310000000
 * and 1797040000000); a day's exact percentiles and heatmap are recomputed whole a fraction of a
 * second after a transaction marked the day (KpiRefresher). A replay or a reordering leaves the same rows.
 */

/** Location-days whose rollups the next round of KpiRefresher recomputes (marked by triggers on the facts). */
@Entity({ name: 'kpi_stale_day' })
export class KpiStaleDay {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_kpi_stale_day' })
  locationId!: string;

  @PrimaryColumn({ type: 'date', name: 'local_date', primaryKeyConstraintName: 'PK_kpi_stale_day' })
  localDate!: string;

  /** Raised by every write that marks the day again: a round takes the mark only at the version it recomputed (migration 1797321000000). */
  @Column({ type: 'bigint', default: 0 })
  version!: string;
}

/** Visit counters of one therapy at one location on one local day (therapy '' until the booking arrives). */
@Entity({ name: 'kpi_therapy_day' })
export class KpiTherapyDay {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_kpi_therapy_day' })
  locationId!: string;

  @PrimaryColumn({ type: 'date', name: 'local_date', primaryKeyConstraintName: 'PK_kpi_therapy_day' })
  localDate!: string;

  @PrimaryColumn({ type: 'text', name: 'therapy_code', primaryKeyConstraintName: 'PK_kpi_therapy_day' })
  therapyCode!: string;

  @Column({ type: 'integer' }) visits!: number;
  /** Not cancelled. */
  @Column({ type: 'integer' }) held!: number;
  @Column({ type: 'integer' }) infusions!: number;
  @Column({ type: 'integer', name: 'no_shows' }) noShows!: number;
  @Column({ type: 'integer', name: 'late_cancellations' }) lateCancellations!: number;
  @Column({ type: 'integer', name: 'on_time_starts' }) onTimeStarts!: number;
  @Column({ type: 'integer', name: 'confirmed_held' }) confirmedHeld!: number;
  /** Exact (numeric): kept by difference, so sums in any order must agree. */
  @Column({ type: 'numeric', name: 'planned_minutes' }) plannedMinutes!: string;
  @Column({ type: 'numeric', name: 'used_minutes' }) usedMinutes!: string;
  @Column({ type: 'bigint', name: 'planned_duration_sum' }) plannedDurationSum!: string;
  @Column({ type: 'integer', name: 'planned_duration_n' }) plannedDurationN!: number;
  @Column({ type: 'bigint', name: 'infusing_minutes_sum' }) infusingMinutesSum!: string;
  @Column({ type: 'integer', name: 'infusing_minutes_n' }) infusingMinutesN!: number;
  /** Held visits with a booking time, per lead-time bucket (LEAD_TIME_BUCKETS order). */
  @Column({ type: 'integer', name: 'lead_held', array: true }) leadHeld!: number[];
  @Column({ type: 'integer', name: 'lead_no_shows', array: true }) leadNoShows!: number[];
  @Column({ type: 'integer', name: 'reminded_held' }) remindedHeld!: number;
  @Column({ type: 'integer', name: 'reminded_no_shows' }) remindedNoShows!: number;
  @Column({ type: 'integer', name: 'unreminded_held' }) unremindedHeld!: number;
  @Column({ type: 'integer', name: 'unreminded_no_shows' }) unremindedNoShows!: number;
}

/** The counters of kpi_therapy_day summed per calendar month (kept by difference with them). */
@Entity({ name: 'kpi_therapy_month' })
export class KpiTherapyMonth {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_kpi_therapy_month' })
  locationId!: string;

  /** The month's first local date. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_kpi_therapy_month' })
  month!: string;

  @PrimaryColumn({ type: 'text', name: 'therapy_code', primaryKeyConstraintName: 'PK_kpi_therapy_month' })
  therapyCode!: string;

  @Column({ type: 'integer' }) visits!: number;
  /** Not cancelled. */
  @Column({ type: 'integer' }) held!: number;
  @Column({ type: 'integer' }) infusions!: number;
  @Column({ type: 'integer', name: 'no_shows' }) noShows!: number;
  @Column({ type: 'integer', name: 'late_cancellations' }) lateCancellations!: number;
  @Column({ type: 'integer', name: 'on_time_starts' }) onTimeStarts!: number;
  @Column({ type: 'integer', name: 'confirmed_held' }) confirmedHeld!: number;
  /** Exact (numeric): kept by difference, so sums in any order must agree. */
  @Column({ type: 'numeric', name: 'planned_minutes' }) plannedMinutes!: string;
  @Column({ type: 'numeric', name: 'used_minutes' }) usedMinutes!: string;
  @Column({ type: 'bigint', name: 'planned_duration_sum' }) plannedDurationSum!: string;
  @Column({ type: 'integer', name: 'planned_duration_n' }) plannedDurationN!: number;
  @Column({ type: 'bigint', name: 'infusing_minutes_sum' }) infusingMinutesSum!: string;
  @Column({ type: 'integer', name: 'infusing_minutes_n' }) infusingMinutesN!: number;
  /** Held visits with a booking time, per lead-time bucket (LEAD_TIME_BUCKETS order). */
  @Column({ type: 'integer', name: 'lead_held', array: true }) leadHeld!: number[];
  @Column({ type: 'integer', name: 'lead_no_shows', array: true }) leadNoShows!: number[];
  @Column({ type: 'integer', name: 'reminded_held' }) remindedHeld!: number;
  @Column({ type: 'integer', name: 'reminded_no_shows' }) remindedNoShows!: number;
  @Column({ type: 'integer', name: 'unreminded_held' }) unremindedHeld!: number;
  @Column({ type: 'integer', name: 'unreminded_no_shows' }) unremindedNoShows!: number;
}

/** The exact wait percentiles of one location-day (what the per-day rows show). */
@Entity({ name: 'kpi_location_day' })
export class KpiLocationDay {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_kpi_location_day' })
  locationId!: string;

  @PrimaryColumn({ type: 'date', name: 'local_date', primaryKeyConstraintName: 'PK_kpi_location_day' })
  localDate!: string;

  /** Per wait (check-in→chair, chair→drug ready, drug ready→start): [n, p50, p90]; p50/p90 NaN when n = 0. */
  @Column({ type: 'double precision', array: true }) waits!: number[];
}

/**
 * How many waits of a kind fell in each bucket, per location, day and therapy: percentiles of
 * any range merge from these. Bucket = lower bound in minutes (see WAIT_BUCKET_SQL).
 */
@Entity({ name: 'kpi_wait_histogram' })
// Declared in migration 1797140000000 (an INCLUDE index, which TypeORM cannot declare): left alone by the schema sync and drift check.
@Index('kpi_wait_histogram_covering_idx', { synchronize: false })
export class KpiWaitHistogram {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_kpi_wait_histogram' })
  locationId!: string;

  @PrimaryColumn({ type: 'date', name: 'local_date', primaryKeyConstraintName: 'PK_kpi_wait_histogram' })
  localDate!: string;

  @PrimaryColumn({ type: 'text', name: 'therapy_code', primaryKeyConstraintName: 'PK_kpi_wait_histogram' })
  therapyCode!: string;

  /** 0 check-in→chair, 1 chair→drug ready, 2 drug ready→infusion start. */
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'PK_kpi_wait_histogram' })
  wait!: number;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_kpi_wait_histogram' })
  bucket!: number;

  @Column({ type: 'integer' }) visits!: number;
}

/** The day histograms of a calendar month summed: a year's percentiles merge 12 of these per location and therapy, not 365. */
@Entity({ name: 'kpi_wait_histogram_month' })
// Declared in migration 1797140000000 (an INCLUDE index, which TypeORM cannot declare): left alone by the schema sync and drift check.
@Index('kpi_wait_histogram_month_covering_idx', { synchronize: false })
export class KpiWaitHistogramMonth {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_kpi_wait_histogram_month' })
  locationId!: string;

  /** The month's first local date. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_kpi_wait_histogram_month' })
  month!: string;

  @PrimaryColumn({ type: 'text', name: 'therapy_code', primaryKeyConstraintName: 'PK_kpi_wait_histogram_month' })
  therapyCode!: string;

  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'PK_kpi_wait_histogram_month' })
  wait!: number;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_kpi_wait_histogram_month' })
  bucket!: number;

  @Column({ type: 'integer' }) visits!: number;
}

/** The month histograms of a calendar year summed: an organisation's year reads these, 1 per location and therapy, not 12. */
@Entity({ name: 'kpi_wait_histogram_year' })
export class KpiWaitHistogramYear {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_kpi_wait_histogram_year' })
  locationId!: string;

  /** The year's first local date. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_kpi_wait_histogram_year' })
  year!: string;

  @PrimaryColumn({ type: 'text', name: 'therapy_code', primaryKeyConstraintName: 'PK_kpi_wait_histogram_year' })
  therapyCode!: string;

  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'PK_kpi_wait_histogram_year' })
  wait!: number;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_kpi_wait_histogram_year' })
  bucket!: number;

  @Column({ type: 'integer' }) visits!: number;
}

/** Messages by final state, on the local day of that state. */
@Entity({ name: 'kpi_message_day' })
export class KpiMessageDay {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_kpi_message_day' })
  locationId!: string;

  @PrimaryColumn({ type: 'date', name: 'local_date', primaryKeyConstraintName: 'PK_kpi_message_day' })
  localDate!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_kpi_message_day' })
  status!: string;

  @Column({ type: 'integer' }) messages!: number;
}

@Entity({ name: 'kpi_reaction_day' })
export class KpiReactionDay {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_kpi_reaction_day' })
  locationId!: string;

  @PrimaryColumn({ type: 'date', name: 'local_date', primaryKeyConstraintName: 'PK_kpi_reaction_day' })
  localDate!: string;

  @PrimaryColumn({ type: 'text', name: 'therapy_code', primaryKeyConstraintName: 'PK_kpi_reaction_day' })
  therapyCode!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_kpi_reaction_day' })
  grade!: number;

  @Column({ type: 'integer' }) reactions!: number;
}

/** The heatmap: one row per local hour with anything in it (hours without a row are all zero). */
@Entity({ name: 'kpi_hour' })
export class KpiHour {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_kpi_hour' })
  locationId!: string;

  @PrimaryColumn({ type: 'date', name: 'local_date', primaryKeyConstraintName: 'PK_kpi_hour' })
  localDate!: string;

  @PrimaryColumn({ type: 'timestamptz', name: 'starts_at', primaryKeyConstraintName: 'PK_kpi_hour' })
  startsAt!: Date;

  @Column({ type: 'integer', name: 'scheduled_chairs_peak' }) scheduledChairsPeak!: number;
  @Column({ type: 'integer', name: 'chairs_in_use_peak' }) chairsInUsePeak!: number;
  @Column({ type: 'integer', name: 'patients_per_nurse_peak' }) patientsPerNursePeak!: number;
  @Column({ type: 'integer', name: 'infusion_starts' }) infusionStarts!: number;
}

/** The newest fact moment a location's figures include (kept by the recompute; what a report's freshAsOf says). */
@Entity({ name: 'kpi_location_fresh' })
export class KpiLocationFresh {
  @PrimaryColumn({ type: 'uuid', name: 'location_id', primaryKeyConstraintName: 'PK_kpi_location_fresh' })
  locationId!: string;

  @Column({ type: 'timestamptz', name: 'fresh_as_of' }) freshAsOf!: Date;
}

export const KPI_ROLLUP_ENTITIES = [
  KpiStaleDay,
  KpiLocationFresh,
  KpiTherapyDay,
  KpiTherapyMonth,
  KpiLocationDay,
  KpiWaitHistogram,
  KpiWaitHistogramMonth,
  KpiWaitHistogramYear,
  KpiMessageDay,
  KpiReactionDay,
  KpiHour,
];
