import { Injectable } from '@nestjs/common';
import type { AppointmentBookedV1, AppointmentRescheduledV1, DataOf } from '@chairside/contracts';
import { DEFAULT_THERAPIES, MINUTE } from '@chairside/domain';
import type { Transaction } from '@chairside/messaging';
import { newSession } from '../session-lifecycle/session-machine.js';
import { Session, type SessionTherapy } from '../sessions/session.entity.js';
import { publishAbout, SessionRecords } from '../sessions/session-records.js';
import { SessionEventRejectedV1 } from '@chairside/contracts';

/**
 * Builds the day board from scheduling's appointment events: a booking becomes an expected
 * session, a reschedule moves it. Keyed by the appointment id, so a replay builds the same board.
 */
@Injectable()
export class ExpectSessionUseCase {
  constructor(private readonly sessions: SessionRecords) {}

  async booked(tx: Transaction, d: DataOf<typeof AppointmentBookedV1>, at: Date): Promise<void> {
    const therapy = await this.therapyFor(tx, d.locationId, d.therapyCode);
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

  /** A moved appointment moves its session, unless the patient is already here. */
  async rescheduled(tx: Transaction, d: DataOf<typeof AppointmentRescheduledV1>, eventId: string, at: Date): Promise<void> {
    const session = await this.sessions.lock(tx.manager, d.appointmentId).catch(() => undefined);
    if (!session) return;
    if (session.status !== 'expected') {
      await this.reject(
        tx,
        session,
        eventId,
        'chairside.scheduling.appointment.rescheduled.v1',
        'The patient has already checked in; the session was not moved.',
        at,
      );
      return;
    }
    const plannedStart = Date.parse(d.startsAt);
    const plannedEnd = Date.parse(d.endsAt);
    const observationMinutes = Math.round((plannedEnd - plannedStart) / MINUTE) - d.durationMinutes;
    const state = { ...session.state, plannedStart, plannedEnd, durationMinutes: d.durationMinutes, observationMinutes };
    await this.sessions.update(tx.manager, session, {
      chairId: d.chairId,
      nurseId: d.nurseId,
      plannedStartsAt: new Date(plannedStart),
      plannedEndsAt: new Date(plannedEnd),
      localDate: d.localStart.slice(0, 10),
      projectedEndsAt: new Date(plannedEnd),
      state,
      version: session.version + 1,
    });
  }

  /** A late or out-of-order event is reported for someone to reconcile, not applied. */
  async reject(tx: Transaction, session: Session, eventId: string, eventType: string, reason: string, at: Date): Promise<void> {
    await publishAbout(tx, session, SessionEventRejectedV1, {
      appointmentId: session.appointmentId,
      locationId: session.locationId,
      rejectedEventId: eventId,
      rejectedEventType: eventType,
      sessionStatus: session.status,
      reason,
      rejectedAt: at.toISOString(),
    });
    await this.sessions.update(tx.manager, session, {});
  }

  private async therapyFor(
    tx: Transaction,
    locationId: string,
    therapyCode: keyof typeof DEFAULT_THERAPIES,
  ): Promise<SessionTherapy> {
    const [row] = (await tx.manager.query(
      `SELECT t.settings FROM known_therapy_setting t JOIN known_location l ON l.organisation_id = t.organisation_id WHERE l.location_id = $1 AND t.therapy_code = $2`,
      [locationId, therapyCode],
    )) as Array<{ settings: SessionTherapy }>;
    const fallback = DEFAULT_THERAPIES[therapyCode];
    return row?.settings ?? { vitals: fallback.vitals, mayDriveAfter: fallback.mayDriveAfter };
  }
}
