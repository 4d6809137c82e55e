import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OUTCOMES, openItemsSql, WORK_QUEUES, type WorkQueue } from './work-queues.js';

/** A queue's count stops here (`more` says there are more): the summary's work stays bounded. */
export const COUNT_CAP = 1000;

export interface WorkItem {
  queue: WorkQueue;
  subjectId: string;
  itemKey: string;
  since: string;
  detail: string | null;
  appointment: {
    id: string;
    startsAt: string;
    endsAt: string;
    status: string;
    therapyCode: string;
    /** A therapy the organisation defined (therapyCode is then the built-in it is counted as), or null. */
    therapyId: string | null;
    chairLabel: string;
    nurseName: string;
    version: number;
  };
  patient: { id: string; givenName: string; familyName: string; mrn: string; phone: string | null };
  outcomes: readonly string[];
}

export interface WorkItemPage {
  items: WorkItem[];
  limit: number;
  offset: number;
  nextOffset: number | null;
}

interface ItemRow {
  subject_id: string;
  item_key: string;
  since: Date;
  detail: string | null;
  appointment_id: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  therapy_code: string;
  therapy_id: string | null;
  version: number;
  chair_label: string;
  nurse_name: string;
  patient_id: string;
  given_name: string;
  family_name: string;
  mrn: string;
  phone: string | null;
}

/** The open items of a location's queues: how many per queue, and one queue a page at a time, soonest first. */
@Injectable()
export class WorkQueuesQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summary(locationId: string, now: Date): Promise<Array<{ queue: WorkQueue; open: number; more: boolean }>> {
    return Promise.all(
      WORK_QUEUES.map(async (queue) => {
        const [row] = (await this.dataSource.query(
          `SELECT count(*)::int AS n FROM (${openItemsSql(queue)} LIMIT ${COUNT_CAP + 1}) items`,
          [locationId, now, queue],
        )) as Array<{ n: number }>;
        return { queue, open: Math.min(row!.n, COUNT_CAP), more: row!.n > COUNT_CAP };
      }),
    );
  }

  async items(locationId: string, queue: WorkQueue, now: Date, limit: number, offset: number): Promise<WorkItemPage> {
    const rows = (await this.dataSource.query(
      `${openItemsSql(queue)} ORDER BY starts_at, subject_id, item_key LIMIT $4 OFFSET $5`,
      [locationId, now, queue, limit + 1, offset],
    )) as ItemRow[];
    return {
      items: rows.slice(0, limit).map((r) => ({
        queue,
        subjectId: r.subject_id,
        itemKey: r.item_key,
        since: new Date(r.since).toISOString(),
        detail: r.detail,
        appointment: {
          id: r.appointment_id,
          startsAt: new Date(r.starts_at).toISOString(),
          endsAt: new Date(r.ends_at).toISOString(),
          status: r.status,
          therapyCode: r.therapy_code,
          therapyId: r.therapy_id,
          chairLabel: r.chair_label,
          nurseName: r.nurse_name,
          version: r.version,
        },
        patient: { id: r.patient_id, givenName: r.given_name, familyName: r.family_name, mrn: r.mrn, phone: r.phone },
        outcomes: OUTCOMES[queue],
      })),
      limit,
      offset,
      nextOffset: rows.length > limit ? offset + limit : null,
    };
  }
}
