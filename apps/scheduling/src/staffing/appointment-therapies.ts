import { In } from 'typeorm';
import type { TherapyCode, TherapyDefinition } from '@chairside/domain';
import type { Transaction } from '@chairside/messaging';
import type { Appointment } from '../appointments/appointment.entity.js';
import { effectiveTherapy } from '../appointments/treatment-request.js';
import { OrganisationTherapy } from '../catalog/organisation-therapy.entity.js';
import { placementTherapy } from '../catalog/organisation-therapies.js';

export interface AppointmentTherapies {
  own: Map<string, TherapyDefinition>;
  byCode: Map<TherapyCode, TherapyDefinition>;
}

/** The therapies of these appointments as the organisation set them: its own, edited or the defaults. */
export async function appointmentTherapies(
  tx: Transaction,
  organisationId: string,
  appointments: readonly Appointment[],
): Promise<AppointmentTherapies> {
  const ownIds = [...new Set(appointments.map((a) => a.therapyId).filter((id): id is string => !!id))];
  const own = ownIds.length ? await tx.manager.find(OrganisationTherapy, { where: { organisationId, id: In(ownIds) } }) : [];
  const codes = [...new Set(appointments.map((a) => a.therapyCode))];
  const rows = (await tx.manager.query(
    'SELECT therapy_code, settings FROM therapy_setting WHERE organisation_id = $1 AND therapy_code = ANY($2)',
    [organisationId, codes],
  )) as Array<{ therapy_code: TherapyCode; settings: TherapyDefinition }>;
  const edited = new Map(rows.map((r) => [r.therapy_code, r.settings]));
  return {
    own: new Map(own.map((t) => [t.id, placementTherapy(t)])),
    byCode: new Map(codes.map((code) => [code, effectiveTherapy(code, edited.get(code))])),
  };
}

/** One appointment's therapy out of appointmentTherapies' answer. */
export const therapyOf = (therapies: AppointmentTherapies, a: Appointment): TherapyDefinition =>
  (a.therapyId && therapies.own.get(a.therapyId)) || therapies.byCode.get(a.therapyCode)!;
