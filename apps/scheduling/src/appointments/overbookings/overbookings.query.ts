import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { locationInOrganisation } from '../../locations/location-in-organisation.js';

export interface OverbookingEntry {
  id: string;
  appointmentId: string;
  patientId: string;
  startsAt: string;
  appointmentStatus: string;
  actorId: string;
  reason: string;
  violations: string[];
  createdAt: string;
}

interface Row {
  id: string;
  appointment_id: string;
  patient_id: string;
  starts_at: Date;
  status: string;
  actor_id: string;
  reason: string;
  violations: string[];
  created_at: Date;
}

/** The overbooking audit of a location: who placed what against which rules and why, newest first, one page. */
@Injectable()
export class OverbookingsQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(c: { organisationId: string; locationId: string; from: Date; to: Date; limit: number; offset: number }) {
    await locationInOrganisation(this.dataSource.manager, c.locationId, c.organisationId);
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.appointment_id, a.patient_id, a.starts_at, a.status, o.actor_id, o.reason, o.violations, o.created_at
        FROM overbooking_audit o JOIN appointment a ON a.id = o.appointment_id
        WHERE o.location_id = $1 AND o.created_at >= $2 AND o.created_at < $3
        ORDER BY o.created_at DESC, o.id LIMIT $4 OFFSET $5`,
      [c.locationId, c.from, c.to, c.limit + 1, c.offset],
    )) as Row[];
    return {
      items: rows.slice(0, c.limit).map((r): OverbookingEntry => ({
        id: r.id,
        appointmentId: r.appointment_id,
        patientId: r.patient_id,
        startsAt: new Date(r.starts_at).toISOString(),
        appointmentStatus: r.status,
        actorId: r.actor_id,
        reason: r.reason,
        violations: r.violations,
        createdAt: new Date(r.created_at).toISOString(),
      })),
      limit: c.limit,
      offset: c.offset,
      nextOffset: rows.length > c.limit ? c.offset + c.limit : null,
    };
  }
}
