import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DataSource, EntityManager } from 'typeorm';
import { inlineParameters, type PreparedWrite, type SqlStatement } from '@chairside/database';
import { HOUR, THERAPY_CODES, type TherapyCode } from '@chairside/domain';
import { type Transaction, transactionFor } from '@chairside/messaging';
import { createValidationPipe, ProblemException } from '@chairside/platform';
import type { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import type { CenterStateRepository } from '../appointments/center-state.repository.js';
import { BookAppointmentDto, SlotQueryDto } from '../appointments/dto/appointment.dto.js';
import { effectiveTherapy, treatmentRequest } from '../appointments/treatment-request.js';
import { findSlots } from '../slot-search/find-slots.js';

/**
 * A booking's own code run on an invented center, its write built and dropped: nothing reaches
 * the database. A cold process runs every stage of a booking 2–4 × dearer until V8 has compiled
 * it (issue 20's profile: 12.8 ms of CPU a booking in its first 2 s against 4.4 ms later), so
 * the first requests of a busy minute queued for over a second; rehearsing first moves that cost
 * to before the process says it is ready.
 */
export interface Rehearsal {
  /**
   * One booking request's body through the validation pipe, then the booking (placement on the
   * invented center, the appointment's INSERT and its event, schema-checked, built and dropped);
   * every tenth round also a slot search's query and the engine over the center's day. Some
   * starts are refused (the invented center is full then): refusals are a path of their own.
   */
  round(n: number): Promise<'booked' | 'refused'>;
}

const ZONE = 'America/Chicago';
const CHAIRS = 12;
const NURSES = 4;
const KINDS = ['recliner', 'recliner', 'recliner', 'bed', 'private_room'] as const;

export function bookingRehearsal(
  dataSource: DataSource,
  book: BookAppointmentUseCase,
  centers: CenterStateRepository,
): Rehearsal {
  const pipe = createValidationPipe();
  const organisationId = randomUUID();
  const locationId = randomUUID();
  const patientId = randomUUID();
  // Three days ahead: past every therapy's pharmacy lead time.
  const day = DateTime.now().setZone(ZONE).plus({ days: 3 }).startOf('day');
  const row = centerRow(organisationId, day);
  // A manager that builds statements but cannot send one.
  const manager = dataSource.createEntityManager();
  manager.query = () => Promise.reject(new Error('the warm-up rehearsal sends nothing to the database'));
  const tx = rehearsalTransaction(manager, row);
  const window = {
    locationId,
    organisationId,
    from: new Date(day.toMillis() - 24 * HOUR),
    to: new Date(day.toMillis() + 48 * HOUR),
  };
  return {
    async round(n) {
      const therapyCode: TherapyCode = THERAPY_CODES[n % THERAPY_CODES.length]!;
      const startsAt = day.plus({ minutes: 8 * 60 + 15 * (n % 28) });
      const body = (await pipe.transform(
        { patientId, therapyCode, startsAt: startsAt.toUTC().toISO() },
        { type: 'body', metatype: BookAppointmentDto },
      )) as BookAppointmentDto;
      let outcome: 'booked' | 'refused' = 'booked';
      try {
        await book.inTransaction(tx, {
          organisationId,
          locationId,
          patientId: body.patientId,
          therapyCode,
          startsAt: body.startsAt,
          now: new Date(),
        });
      } catch (error) {
        if (!(error instanceof ProblemException) || error.problem.status !== 409) throw error;
        outcome = 'refused';
      }
      if (n % 10 !== 0) return outcome;
      const query = (await pipe.transform(
        { patientId, therapyCode, from: day.toUTC().toISO(), to: day.plus({ days: 1 }).toUTC().toISO() },
        { type: 'query', metatype: SlotQueryDto },
      )) as SlotQueryDto;
      const center = centers.fromRow(window, row)!;
      const slots = findSlots(
        center,
        treatmentRequest(patientId, effectiveTherapy(therapyCode, center.therapyOverride)),
        { from: query.from.getTime(), to: query.to.getTime(), now: Date.now(), limit: 20 },
        center.patientBusy,
      );
      for (const s of slots) DateTime.fromMillis(s.start, { zone: ZONE }).toISO({ suppressMilliseconds: true });
      return outcome;
    },
  };
}

/**
 * A transaction whose reads answer with the invented center and whose writes are rendered (the
 * parameters inlined, as they would be sent) and dropped.
 */
function rehearsalTransaction(manager: EntityManager, center: CenterRow): Transaction {
  const built = transactionFor(manager);
  const render = (statements: ReadonlyArray<SqlStatement>) => statements.map((s) => inlineParameters(s)).join(';\n');
  return {
    ...built,
    queryTogether: (statements) => {
      render(statements);
      // The placement's lock-and-read: the shifts locked, the patient known, the catalog's therapy; then the center.
      return Promise.resolve([[{ shifts: '1', patient_known: true, therapy: null }], [center]]);
    },
    send: <R>(write: PreparedWrite<R>) => {
      render(write.statements);
      return Promise.resolve(write.read(write.statements.map(() => [])));
    },
  };
}

/** The row CenterStateRepository reads, for a 12-chair, 4-nurse center with a morning half booked. */
interface CenterRow {
  organisation_id: string;
  time_zone: string;
  weekly_hours: Record<string, Array<{ opens: string; closes: string }>>;
  closed_dates: string[];
  chairs: Array<{ id: string; kind: string; outages: Array<{ start: string; end: string }> }>;
  nurses: Array<{
    id: string;
    certifications: string[];
    capacity: number;
    startWindowMinutes: number;
    shifts: Array<{ start: string; end: string; breaks: Array<{ start: string; end: string }> }>;
  }>;
  bookings: string;
  patient_bookings: string;
  patient_known: boolean;
  therapy: null;
}

function centerRow(organisationId: string, day: DateTime): CenterRow {
  const iso = (t: DateTime) => t.toISO()!;
  const chairs = Array.from({ length: CHAIRS }, (_, i) => ({ id: randomUUID(), kind: KINDS[i % KINDS.length]!, outages: [] }));
  const nurses = Array.from({ length: NURSES }, (_, i) => {
    const start = day.set({ hour: i % 2 ? 7 : 9 });
    return {
      id: randomUUID(),
      certifications: i % 2 ? ['infusion'] : ['infusion', 'chemotherapy_biotherapy'],
      capacity: 4,
      startWindowMinutes: 15,
      shifts: [
        {
          start: iso(start),
          end: iso(start.plus({ hours: 10 })),
          breaks: [{ start: iso(start.plus({ hours: 5 })), end: iso(start.plus({ hours: 5, minutes: 30 })) }],
        },
      ],
    };
  });
  // Half the chairs taken from 08:00 for two hours, as BOOKING_TEXT writes them.
  const bookings = chairs
    .filter((_, i) => i % 2 === 0)
    .map((chair, i) => {
      const start = day.set({ hour: 8 }).toMillis();
      const end = start + 2 * HOUR;
      const nurse = nurses[i % NURSES]!.id;
      return [randomUUID(), randomUUID(), chair.id, nurse, start, end, end + HOUR / 4, start + HOUR / 4].join(',');
    })
    .join(';');
  const hours = [{ opens: '07:00', closes: '19:00' }];
  return {
    organisation_id: organisationId,
    time_zone: ZONE,
    weekly_hours: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, hours])),
    closed_dates: [],
    chairs,
    nurses,
    bookings,
    patient_bookings: '',
    patient_known: true,
    therapy: null,
  };
}
