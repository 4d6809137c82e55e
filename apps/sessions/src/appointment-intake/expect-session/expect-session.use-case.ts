import { Injectable } from '@nestjs/common';
import type { AppointmentBookedV1, DataOf } from '@chairside/contracts';
import { DEFAULT_THERAPIES } from '@chairside/domain';
import { type Transaction, UnitOfWork } from '@chairside/messaging';
import { newSession } from '../../session-lifecycle/session-machine.js';
import { Session, type SessionTherapy } from '../../sessions/session.entity.js';

export interface ExpectSessionCommand {
  booking: DataOf<typeof AppointmentBookedV1>;
  /** When the booking was made (the event's time), so a replay builds the same session. */
  at: Date;
}

/**
 * A booking becomes an expected session on the day board, keyed by the appointment id: a
 * redelivered or replayed booking finds its session and changes nothing.
 */
@Injectable()
export class ExpectSessionUseCase {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  execute(command: ExpectSessionCommand): Promise<void> {
    return this.unitOfWork.run((tx) => this.inTransaction(tx, command));
  }

  async inTransaction(tx: Transaction, { booking: d, at }: ExpectSessionCommand): Promise<void> {
    const therapy: SessionTherapy = {
      ...(await therapyFor(tx, d.locationId, d.therapyCode)),
      ...(d.therapy ? { organisationTherapyId: d.therapy.therapyId } : {}),
    };
    const plannedStart = Date.parse(d.startsAt);
    const plannedEnd = Date.parse(d.endsAt);
    const state = newSession({
      plannedStart,
      plannedEnd,
      durationMinutes: d.durationMinutes,
      observationMinutes: d.observationMinutes,
      at: at.getTime(),
    });
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(Session)
      .values({
        appointmentId: d.appointmentId,
        locationId: d.locationId,
        patientId: d.patientId,
        therapyCode: d.therapyCode,
        chairId: d.chairId,
        nurseId: d.nurseId,
        plannedStartsAt: new Date(plannedStart),
        plannedEndsAt: new Date(plannedEnd),
        timeZone: d.timeZone,
        localDate: d.localStart.slice(0, 10),
        doseNumber: d.doseNumber ?? null,
        therapy,
        status: state.status,
        state,
        projectedEndsAt: new Date(plannedEnd),
        version: 1,
      })
      .orIgnore()
      .execute();
  }
}

/** The organisation's monitoring schedule for the therapy, or the default one when it never edited it. */
async function therapyFor(
  tx: Transaction,
  locationId: string,
  therapyCode: keyof typeof DEFAULT_THERAPIES,
): Promise<SessionTherapy> {
  const [row] = (await tx.manager.query(
    `SELECT t.settings FROM directory_therapy_setting t JOIN directory_location l ON l.organisation_id = t.organisation_id WHERE l.location_id = $1 AND t.therapy_code = $2`,
    [locationId, therapyCode],
  )) as Array<{ settings: SessionTherapy }>;
  const fallback = DEFAULT_THERAPIES[therapyCode];
  return row?.settings ?? { vitals: fallback.vitals, mayDriveAfter: fallback.mayDriveAfter };
}
