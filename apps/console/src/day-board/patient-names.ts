import { Inject, Injectable } from '@nestjs/common';
import { ServiceClient } from '../api-proxy/service-client.js';

/** A patient as the board names them: nothing else of the record. */
export interface BoardPatientName {
  givenName: string;
  familyName: string;
}

export interface BoardPatientNames {
  /** By patient id; a patient the user may not see, or one beyond the day's bound, is absent. */
  names: Record<string, BoardPatientName>;
  /** The day had more patients than scheduling names at once. */
  truncated: boolean;
}

/**
 * The names on a location's board: one bounded read of the day's patients at scheduling
 * (`GET /locations/{id}/patient-names?date=`) with the user's own token, so scheduling applies the
 * user's role and location grant and records one audit entry per patient named, as the user (and
 * from the user's browser, which the console forwards). Nothing is cached here: every look at the
 * board is a look at the names, and is audited as one. A user whose role may not read names (403)
 * sees the board with patient references only.
 */
@Injectable()
export class PatientNames {
  constructor(@Inject(ServiceClient) private readonly services: ServiceClient) {}

  async ofDay(locationId: string, date: string, accessToken: string): Promise<BoardPatientNames> {
    const answer = await this.services.getJson<{
      patients: Array<{ patientId: string; givenName: string; familyName: string }>;
      truncated: boolean;
    }>('scheduling', `/locations/${locationId}/patient-names?date=${encodeURIComponent(date)}`, accessToken);
    if (!answer) return { names: {}, truncated: false };
    return {
      names: Object.fromEntries(answer.patients.map((p) => [p.patientId, { givenName: p.givenName, familyName: p.familyName }])),
      truncated: answer.truncated,
    };
  }
}
