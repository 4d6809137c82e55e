import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Language, NotificationKind, TherapyCode } from '@chairside/domain';
import type { MessageDetails } from '../messages/message.entity.js';
import type { OwnTherapy } from '../directory/directory.entities.js';

/** What the patient page shows: the appointment a message was about, where, and nothing else about the patient. */
export interface PatientPageView {
  messageId: string;
  kind: NotificationKind;
  language: Language;
  appointmentId: string;
  /** Whose appointment, and of which organisation: for the audit record, never shown on the page. */
  patientId: string;
  organisationId: string;
  status: 'booked' | 'held' | 'cancelled' | 'noshow' | 'fulfilled' | null;
  startsAt: Date | null;
  endsAt: Date | null;
  timeZone: string;
  therapyCode: TherapyCode | null;
  therapy: { name: string; requiresFasting: boolean; mayDriveAfter: boolean } | null;
  /** A therapy the organisation defined itself, as the booking carried it. */
  ownTherapy: OwnTherapy | null;
  centerName: string;
  centerAddress: string | null;
  reference: string;
  details: MessageDetails;
  sequence: number;
  /** The patient's latest answer about this appointment (by text or on the page), if any. */
  lastAnswer: string | null;
}

interface Row {
  id: string;
  kind: NotificationKind;
  language: Language;
  appointment_id: string;
  patient_id: string;
  organisation_id: string;
  status: PatientPageView['status'];
  starts_at: Date | null;
  ends_at: Date | null;
  time_zone: string | null;
  therapy_code: TherapyCode | null;
  settings: PatientPageView['therapy'];
  own_therapy: OwnTherapy | null;
  name: string | null;
  center_address: string | null;
  code: string | null;
  details: MessageDetails;
  sequence: number | null;
  last_answer: string | null;
}

@Injectable()
export class PatientPageQuery {
  constructor(private readonly dataSource: DataSource) {}

  async view(messageId: string): Promise<PatientPageView | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT m.id, m.kind, c.language, m.appointment_id, m.patient_id, c.organisation_id, a.status, a.starts_at, a.ends_at,
              COALESCE(a.time_zone, l.time_zone) AS time_zone, a.therapy_code, ts.settings, a.own_therapy, l.name, l.center_address,
              r.code, m.details, a.sequence,
              (SELECT s.intent FROM sms_reply s WHERE s.appointment_id = m.appointment_id
                  AND s.intent IN ('confirm', 'reschedule', 'cancel', 'accept-offer')
                ORDER BY s.sequence DESC LIMIT 1) AS last_answer
         FROM message m JOIN directory_contact c ON c.patient_id = m.patient_id
         LEFT JOIN directory_appointment a ON a.appointment_id = m.appointment_id
         LEFT JOIN directory_location l ON l.location_id = m.location_id
         LEFT JOIN directory_therapy_setting ts ON ts.organisation_id = l.organisation_id AND ts.therapy_code = a.therapy_code
         LEFT JOIN appointment_reference r ON r.appointment_id = m.appointment_id
        WHERE m.id = $1`,
      [messageId],
    )) as Row[];
    if (!row) return undefined;
    return {
      messageId: row.id,
      kind: row.kind,
      language: row.language,
      appointmentId: row.appointment_id,
      patientId: row.patient_id,
      organisationId: row.organisation_id,
      status: row.status,
      startsAt: row.starts_at ? new Date(row.starts_at) : null,
      endsAt: row.ends_at ? new Date(row.ends_at) : null,
      timeZone: row.time_zone ?? 'UTC',
      therapyCode: row.therapy_code,
      therapy: row.settings,
      ownTherapy: row.own_therapy,
      centerName: row.name ?? '',
      centerAddress: row.center_address,
      reference: row.code ?? '',
      details: row.details,
      sequence: row.sequence ?? 0,
      lastAnswer: row.last_answer,
    };
  }
}
