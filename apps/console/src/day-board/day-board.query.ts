import { Inject, Injectable } from '@nestjs/common';
import { ProblemException } from '@chairside/platform';
import { ServiceClient } from '../api-proxy/service-client.js';
import type { ConsoleSession } from '../sign-in/session.store.js';
import { PatientNames } from './patient-names.js';

/** Sessions' day board as the services give it (GET /locations/{id}/board); see apps/sessions board. */
export interface SessionsDayBoard {
  locationId: string;
  date: string;
  timeZone: string;
  generatedAt: string;
  chairs: Array<{ chairId: string; label: string; kind: string; occupiedBy: string | null; sessions: string[] }>;
  nurses: Array<{ nurseId: string; displayName: string; patientsInChair: number; sessions: string[] }>;
  sessions: Array<{ appointmentId: string; patientId: string; [field: string]: unknown }>;
  [field: string]: unknown;
}

export interface ComposedDayBoard {
  location: { id: string; name: string; timeZone: string };
  board: SessionsDayBoard;
  /** Display names by patient id, where the console may know them (empty until a patient read API exists). */
  patients: Record<string, string>;
}

/**
 * One call for the Today screen: the day board from sessions, the location from scheduling and the
 * patients' names, each read with the user's own token (so each service applies its own rules).
 */
@Injectable()
export class DayBoardQuery {
  constructor(
    @Inject(ServiceClient) private readonly services: ServiceClient,
    @Inject(PatientNames) private readonly patientNames: PatientNames,
  ) {}

  async execute(session: ConsoleSession, locationId: string, date: string | undefined): Promise<ComposedDayBoard> {
    const token = session.accessToken;
    const query = date ? `?date=${encodeURIComponent(date)}` : '';
    const [boardAnswer, location] = await Promise.all([
      this.services.call('sessions', 'GET', `/locations/${locationId}/board${query}`, token),
      this.services.getJson<{ id: string; name: string; timeZone: string }>('scheduling', `/locations/${locationId}`, token),
    ]);
    if (boardAnswer.status !== 200) throw new ProblemException(JSON.parse(boardAnswer.body) as never);
    const board = JSON.parse(boardAnswer.body) as SessionsDayBoard;
    const patients = await this.patientNames.namesOf([...new Set(board.sessions.map((s) => s.patientId))], token);
    return {
      location: location
        ? { id: location.id, name: location.name, timeZone: location.timeZone }
        : { id: locationId, name: locationId, timeZone: board.timeZone },
      board,
      patients,
    };
  }
}
