import { Injectable } from '@nestjs/common';

/**
 * The seam for patients' display names on the board. Scheduling has no patient read API on main
 * yet (the patient registry is being added); until it has one, the board shows a short patient
 * reference, and this answers no names. Replace `namesOf` with a call to that API (one request
 * for the ids of the day, with the user's token, so it is audited as the user's read).
 */
@Injectable()
export class PatientNames {
  async namesOf(_patientIds: string[], _accessToken: string): Promise<Record<string, string>> {
    return {};
  }
}
