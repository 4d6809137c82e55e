import type { Response } from 'express';
import { csvHeader, csvLines, type CsvView, type KpiSummary, type ReportSink } from './kpi-report.query.js';

/**
 * How long a report may take to reach its client. A report holds the report gate (and its
 * database connection) while it is written, so a client reading a year's CSV a byte at a time
 * would hold every other report back: past this, its connection is closed.
 */
export const REPORT_WRITE_DEADLINE_MS = 60_000;

/** Writes to `res` at the pace the client reads: resolves when the chunk is buffered or drained, rejects if the client is gone. */
export function paced(res: Response): (text: string) => Promise<void> {
  return (text) => {
    if (res.destroyed) return Promise.reject(new Error('the client closed the connection'));
    if (res.write(text)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const drained = () => {
        res.off('close', closed);
        resolve();
      };
      const closed = () => {
        res.off('drain', drained);
        reject(new Error('the client closed the connection'));
      };
      res.once('drain', drained);
      res.once('close', closed);
    });
  };
}

/** The report as JSON, the same document KpiReportQuery.execute builds, written location chunk by chunk. */
export function jsonSink(write: (text: string) => Promise<void>): ReportSink & { end(): Promise<void> } {
  let rest = '';
  let first = true;
  return {
    async begin({ from, to, freshAsOf, consumerLag, ...summary }: KpiSummary) {
      // Key order as execute's object: from, to, freshness, locations, then the rest.
      const head = JSON.stringify({ from, to, freshAsOf, consumerLag });
      rest = JSON.stringify(summary).slice(1);
      await write(`${head.slice(0, -1)},"locations":[`);
    },
    async locations(chunk) {
      if (!chunk.length) return;
      // A heatmap comes written (heatmapText, the last key of a location as execute builds it): spliced in as it is.
      const items = chunk
        .map(({ heatmapText, ...l }) =>
          heatmapText === undefined ? JSON.stringify(l) : `${JSON.stringify(l).slice(0, -1)},"heatmap":${heatmapText}}`,
        )
        .join(',');
      await write(first ? items : `,${items}`);
      first = false;
    },
    async end() {
      await write(rest === '}' ? ']}' : `],${rest}`);
    },
  };
}

/** The report as CSV in `view`, written location chunk by chunk. */
export function csvSink(view: CsvView, write: (text: string) => Promise<void>): ReportSink & { end(): Promise<void> } {
  return {
    async begin() {
      await write(csvHeader(view));
    },
    async locations(chunk) {
      const lines = csvLines(chunk, view);
      if (lines) await write(lines);
    },
    async end() {
      // Every line was written with its chunk.
    },
  };
}
