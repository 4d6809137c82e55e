import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { DEFAULT_THERAPIES, type TherapyCode, MINUTE } from '@chairside/domain';
import { DirectoryLocation } from '../../src/directory/directory.entities.js';
import { newSession } from '../../src/session-lifecycle/session-machine.js';
import { Session } from '../../src/sessions/session.entity.js';

export interface BuiltSession {
  organisationId: string;
  locationId: string;
  session: Session;
}

/**
 * An expected session (a booking as sessions keeps it) at a location of the directory, written
 * straight to the tables: the state a use case starts from.
 *   anExpectedSession().inZone('America/Chicago').startingIn(10).build(dataSource)
 */
export class ExpectedSessionBuilder {
  private organisationId: string = randomUUID();
  private locationId: string = randomUUID();
  private zone = 'Europe/Madrid';
  private therapyCode: TherapyCode = 'biologics';
  private startsInMinutes = 0;
  private doseNumber: number | null = 1;

  atLocation(organisationId: string, locationId: string): this {
    this.organisationId = organisationId;
    this.locationId = locationId;
    return this;
  }

  inZone(zone: string): this {
    this.zone = zone;
    return this;
  }

  ofTherapy(code: TherapyCode): this {
    this.therapyCode = code;
    return this;
  }

  /** Planned start this many minutes from now (negative: already late). */
  startingIn(minutes: number): this {
    this.startsInMinutes = minutes;
    return this;
  }

  dose(n: number | null): this {
    this.doseNumber = n;
    return this;
  }

  async build(dataSource: DataSource): Promise<BuiltSession> {
    const therapy = DEFAULT_THERAPIES[this.therapyCode];
    await dataSource
      .createQueryBuilder()
      .insert()
      .into(DirectoryLocation)
      .values({ locationId: this.locationId, organisationId: this.organisationId, name: 'Test Center', timeZone: this.zone })
      .orIgnore()
      .execute();
    const plannedStart = Date.now() + this.startsInMinutes * MINUTE;
    const durationMinutes = therapy.defaultDurationMinutes;
    const plannedEnd = plannedStart + (durationMinutes + therapy.observationMinutes) * MINUTE;
    const state = newSession({
      plannedStart,
      plannedEnd,
      durationMinutes,
      observationMinutes: therapy.observationMinutes,
      at: Date.now() - 7 * 24 * 60 * MINUTE,
    });
    const session = dataSource.getRepository(Session).create({
      appointmentId: randomUUID(),
      locationId: this.locationId,
      patientId: randomUUID(),
      therapyCode: this.therapyCode,
      chairId: randomUUID(),
      nurseId: randomUUID(),
      plannedStartsAt: new Date(plannedStart),
      plannedEndsAt: new Date(plannedEnd),
      timeZone: this.zone,
      localDate: DateTime.fromMillis(plannedStart, { zone: this.zone }).toISODate()!,
      doseNumber: this.doseNumber,
      therapy: { vitals: therapy.vitals, mayDriveAfter: therapy.mayDriveAfter },
      status: state.status,
      state,
      projectedEndsAt: new Date(plannedEnd),
      version: 1,
    });
    await dataSource.getRepository(Session).insert(session);
    return { organisationId: this.organisationId, locationId: this.locationId, session };
  }
}

export const anExpectedSession = () => new ExpectedSessionBuilder();
