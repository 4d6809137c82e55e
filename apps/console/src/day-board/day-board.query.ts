import { Inject, Injectable } from '@nestjs/common';
import { ProblemException } from '@chairside/platform';
import { ServiceClient } from '../api-proxy/service-client.js';
import type { ConsoleSession } from '../sign-in/session.store.js';
import { LiveHub } from '../live-updates/live-hub.js';
import { type BoardPatientName, PatientNames } from './patient-names.js';

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

/** Scheduling's day resources as it gives them (GET /locations/{id}/day-resources); see apps/scheduling day-resources. */
export interface DayResources {
  locationId: string;
  date: string;
  timeZone: string;
  opening: Array<{ opensAt: string; closesAt: string }>;
  outages: Array<{ outageId: string; chairId: string; from: string; to: string; reason: string }>;
  nurses: Array<{ nurseId: string; displayName: string; capacity: number; shifts: Array<{ from: string; to: string }> }>;
}

export interface ComposedDayBoard {
  location: { id: string; name: string; timeZone: string };
  board: SessionsDayBoard;
  /** Chairs out of service and nurses on shift with their capacity; null when scheduling did not answer them to this user. */
  resources: DayResources | null;
  /** Names by patient id, as scheduling disclosed them to this user (audited there, one record per patient). */
  patients: Record<string, BoardPatientName>;
  /** The day had more patients than one read names: some bars show a reference only. */
  patientsTruncated: boolean;
  /**
   * Where the location's live events stood in this back end when the read began: a live stream
   * that begins at the same position needs no read again (LiveHub, ReceivedEvents).
   */
  livePosition: string;
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
    @Inject(LiveHub) private readonly live: LiveHub,
  ) {}

  async execute(session: ConsoleSession, locationId: string, date: string | undefined): Promise<ComposedDayBoard> {
    // Before anything is asked: an event arriving during the read moves the position on, so a
    // stream that begins after it does not match and the browser reads again.
    const livePosition = this.live.position(locationId);
    const token = session.accessToken;
    const query = date ? `?date=${encodeURIComponent(date)}` : '';
    // With the date named (the web app always names it) the names and resources are read beside the board, not after it.
    const [boardAnswer, location, namesOfDate, resourcesOfDate] = await Promise.all([
      this.services.call('sessions', 'GET', `/locations/${locationId}/board${query}`, token),
      this.services.getJson<{ id: string; name: string; timeZone: string }>('scheduling', `/locations/${locationId}`, token),
      date ? this.patientNames.ofDay(locationId, date, token) : undefined,
      date ? this.resourcesOf(locationId, date, token) : undefined,
    ]);
    if (boardAnswer.status !== 200) throw new ProblemException(JSON.parse(boardAnswer.body) as never);
    const board = JSON.parse(boardAnswer.body) as SessionsDayBoard;
    const [names, resources] = await Promise.all([
      namesOfDate ??
        (board.sessions.length ? this.patientNames.ofDay(locationId, board.date, token) : { names: {}, truncated: false }),
      resourcesOfDate !== undefined ? resourcesOfDate : this.resourcesOf(locationId, board.date, token),
    ]);
    return {
      location: location
        ? { id: location.id, name: location.name, timeZone: location.timeZone }
        : { id: locationId, name: locationId, timeZone: board.timeZone },
      board,
      resources,
      patients: names.names,
      patientsTruncated: names.truncated,
      livePosition,
    };
  }

  /** The board still shows without them (a role scheduling refuses, a slow answer): its bars only lose their at-risk reasons. */
  private async resourcesOf(locationId: string, date: string, token: string): Promise<DayResources | null> {
    return (
      (await this.services.getJson<DayResources>(
        'scheduling',
        `/locations/${locationId}/day-resources?date=${encodeURIComponent(date)}`,
        token,
      )) ?? null
    );
  }
}
