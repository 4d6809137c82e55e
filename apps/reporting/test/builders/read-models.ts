import type { TestDatabase } from '@chairside/testing';

/**
 * A numeric's value without the scale it happens to carry: a sum kept by difference (triggers) has
 * the scale of the terms it has seen, so a day whose visit was booked and cancelled in one batch of a
 * replay reads `0` where live, in two batches, it read `0.0000000000000000`. Same value, same report.
 */
const byValue = <T extends object>(rows: T[]): T[] =>
  rows.map(
    (row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+\.\d+$/.test(v) ? v.replace(/\.?0+$/, '') : v]),
      ) as T,
  );

/**
 * Every row reporting derives from events, in a stable order: what a rebuild or a replay into an
 * empty database must reproduce exactly (the rollups too, not only the facts they are kept from).
 */
export const dumpReadModels = async (d: TestDatabase) => ({
  visits: byValue(await d.query('SELECT * FROM visit_fact ORDER BY appointment_id')),
  reactions: byValue(await d.query('SELECT * FROM reaction_fact ORDER BY reaction_id')),
  messages: byValue(await d.query('SELECT * FROM message_fact ORDER BY message_id')),
  therapyDays: byValue(await d.query('SELECT * FROM kpi_therapy_day ORDER BY location_id, local_date, therapy_code')),
  therapyMonths: byValue(await d.query('SELECT * FROM kpi_therapy_month ORDER BY location_id, month, therapy_code')),
  locationDays: byValue(await d.query('SELECT * FROM kpi_location_day ORDER BY location_id, local_date')),
  histograms: byValue(
    await d.query('SELECT * FROM kpi_wait_histogram ORDER BY location_id, local_date, therapy_code, wait, bucket'),
  ),
  // Kept by difference (triggers): a replay must reach the same counts, with no row left at zero.
  monthHistograms: byValue(
    await d.query('SELECT * FROM kpi_wait_histogram_month ORDER BY location_id, month, therapy_code, wait, bucket'),
  ),
  yearHistograms: byValue(
    await d.query('SELECT * FROM kpi_wait_histogram_year ORDER BY location_id, year, therapy_code, wait, bucket'),
  ),
  messageDays: byValue(await d.query('SELECT * FROM kpi_message_day ORDER BY location_id, local_date, status')),
  reactionDays: byValue(await d.query('SELECT * FROM kpi_reaction_day ORDER BY location_id, local_date, therapy_code, grade')),
  hours: byValue(await d.query('SELECT * FROM kpi_hour ORDER BY location_id, local_date, starts_at')),
  stale: byValue(await d.query('SELECT count(*)::int AS n FROM kpi_stale_day')),
});
