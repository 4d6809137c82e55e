import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentRescheduledV1,
  buildEvent,
  ChairAddedV1,
  type EventDefinition,
  type InputOf,
  LocationRegisteredV1,
  NurseRegisteredV1,
} from '@chairside/contracts';
import type { TherapyCode } from '@chairside/domain';
import { produceRaw, testKafka } from './kafka.js';
import { TEST_ORGANISATION_ID } from './tokens.js';
import { MINUTE } from '@chairside/domain';

export interface FedAppointment {
  appointmentId: string;
  patientId: string;
  chairId: string;
  nurseId: string;
  startsAt: string;
  endsAt: string;
}

/**
 * Plays scheduling's part on the real topics, as scheduling would publish it: a location with
 * chairs and nurses, bookings at any time (also in the past, which the booking API refuses),
 * reschedules and cancellations. Sessions cannot tell the difference.
 */
export class SchedulingFeed {
  readonly locationId = randomUUID();
  readonly chairIds: string[] = [];
  readonly nurseIds: string[] = [];
  private sequence = new Map<string, number>();

  constructor(
    readonly zone: string,
    readonly organisationId = TEST_ORGANISATION_ID,
  ) {}

  async send<D extends EventDefinition>(definition: D, key: string, data: InputOf<D>, id = randomUUID()) {
    const next = (this.sequence.get(key) ?? 0) + 1;
    this.sequence.set(key, next);
    const event = buildEvent(definition, data, {
      aggregateId: key,
      aggregateSequence: next,
      correlationId: randomUUID(),
      locationId: this.locationId,
      id,
    });
    await produceRaw(testKafka(), definition.topic.name, [{ key, value: JSON.stringify(event) }]);
    return event;
  }

  async open(chairs: number, nurses: number): Promise<this> {
    await this.send(LocationRegisteredV1, this.locationId, {
      locationId: this.locationId,
      organisationId: this.organisationId,
      name: `Feed ${this.locationId.slice(0, 6)}`,
      timeZone: this.zone,
    });
    for (let i = 1; i <= chairs; i++) {
      const chairId = randomUUID();
      this.chairIds.push(chairId);
      await this.send(ChairAddedV1, chairId, {
        chairId,
        locationId: this.locationId,
        label: `Chair ${String(i).padStart(2, '0')}`,
        kind: 'recliner',
      });
    }
    for (let i = 1; i <= nurses; i++) {
      const nurseId = randomUUID();
      this.nurseIds.push(nurseId);
      await this.send(NurseRegisteredV1, nurseId, {
        nurseId,
        locationId: this.locationId,
        displayName: `Nurse ${i}`,
        certifications: ['infusion', 'chemotherapy_biotherapy'],
        capacity: 4,
        startWindowMinutes: 15,
      });
    }
    return this;
  }

  bookedData(
    startsAt: Date,
    o: {
      chair?: number;
      nurse?: number;
      therapyCode?: TherapyCode;
      durationMinutes?: number;
      observationMinutes?: number;
      patientId?: string;
      doseNumber?: number;
    } = {},
  ): InputOf<typeof AppointmentBookedV1> {
    const duration = o.durationMinutes ?? 120;
    const observation = o.observationMinutes ?? 30;
    const endsAt = new Date(startsAt.getTime() + (duration + observation) * MINUTE);
    return {
      appointmentId: randomUUID(),
      locationId: this.locationId,
      patientId: o.patientId ?? randomUUID(),
      therapyCode: o.therapyCode ?? 'immune_globulin',
      chairId: this.chairIds[o.chair ?? 0]!,
      chairKind: 'recliner',
      nurseId: this.nurseIds[o.nurse ?? 0]!,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      chairReleasedAt: new Date(endsAt.getTime() + 15 * MINUTE).toISOString(),
      timeZone: this.zone,
      localStart: this.local(startsAt),
      localEnd: this.local(endsAt),
      durationMinutes: duration,
      observationMinutes: observation,
      bookedAt: new Date().toISOString(),
      ...(o.doseNumber ? { treatmentPlanId: randomUUID(), doseNumber: o.doseNumber } : {}),
    };
  }

  async book(startsAt: Date, o: Parameters<SchedulingFeed['bookedData']>[1] = {}): Promise<FedAppointment> {
    const data = this.bookedData(startsAt, o);
    await this.send(AppointmentBookedV1, data.appointmentId, data);
    return data as FedAppointment;
  }

  async reschedule(a: FedAppointment, startsAt: Date, durationMinutes = 120): Promise<FedAppointment> {
    const endsAt = new Date(startsAt.getTime() + (durationMinutes + 30) * MINUTE);
    const ref = {
      appointmentId: a.appointmentId,
      locationId: this.locationId,
      patientId: a.patientId,
      therapyCode: 'immune_globulin' as const,
      chairId: a.chairId,
      nurseId: a.nurseId,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      timeZone: this.zone,
      localStart: this.local(startsAt),
    };
    await this.send(AppointmentRescheduledV1, a.appointmentId, {
      ...ref,
      chairKind: 'recliner',
      chairReleasedAt: new Date(endsAt.getTime() + 15 * MINUTE).toISOString(),
      localEnd: this.local(endsAt),
      previousStartsAt: a.startsAt,
      previousEndsAt: a.endsAt,
      previousChairId: a.chairId,
      previousNurseId: a.nurseId,
      durationMinutes,
      rescheduledAt: new Date().toISOString(),
    });
    return { ...a, startsAt: ref.startsAt, endsAt: ref.endsAt };
  }

  cancel(a: FedAppointment) {
    return this.send(AppointmentCancelledV1, a.appointmentId, {
      appointmentId: a.appointmentId,
      locationId: this.locationId,
      patientId: a.patientId,
      therapyCode: 'immune_globulin',
      chairId: a.chairId,
      nurseId: a.nurseId,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      timeZone: this.zone,
      localStart: this.local(new Date(a.startsAt)),
      reason: 'patient_request',
      cancelledAt: new Date().toISOString(),
      lateCancellation: false,
    });
  }

  local(instant: Date): string {
    return DateTime.fromJSDate(instant).setZone(this.zone).toFormat("yyyy-MM-dd'T'HH:mm:ss");
  }

  localDate(instant: Date): string {
    return DateTime.fromJSDate(instant).setZone(this.zone).toISODate()!;
  }
}
