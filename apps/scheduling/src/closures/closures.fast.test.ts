import { AppointmentNeedsReplanV1, LocationClosureAddedV1 } from '@chairside/contracts';
import type { UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, type BuiltCenter, schedulingHarness } from '../../test/builders/index.js';
import type { Appointment } from '../appointments/appointment.entity.js';
import { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import { AddClosureUseCase } from './add-closure/add-closure.use-case.js';
import { closureInstants } from './closure-time.js';

const ZONE = 'Europe/Madrid';
/** Sunday 2027-03-28: Madrid springs forward at 02:00, so the day has 23 hours. */
const SPRING = '2027-03-28';
/** Sunday 2027-10-31: Madrid falls back at 03:00, so the day has 25 hours. */
const AUTUMN = '2027-10-31';
const HOUR = 3_600_000;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let h: UseCaseHarness;

beforeAll(async () => {
  h = await schedulingHarness('closures');
});
afterAll(() => h?.close());

async function book(center: BuiltCenter, hhmm: string): Promise<Appointment> {
  const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
  const outcome = await h.get(BookAppointmentUseCase).execute({
    organisationId: center.organisationId,
    locationId: center.location.id,
    patientId: patient.id,
    therapyCode: 'hydration',
    startsAt: at(ZONE, SPRING, hhmm),
    now: new Date(),
  });
  return outcome.body as Appointment;
}

describe('closures (fast tier)', () => {
  it('reads local dates and times in the zone on DST days: a holiday lasts the day’s real length', () => {
    const spring = closureInstants(SPRING, undefined, undefined, ZONE);
    expect(spring.endsAt.getTime() - spring.startsAt.getTime()).toBe(23 * HOUR);
    const autumn = closureInstants(AUTUMN, undefined, undefined, ZONE);
    expect(autumn.endsAt.getTime() - autumn.startsAt.getTime()).toBe(25 * HOUR);
    // 01:00–04:00 on the spring day is two hours: 02:00–03:00 does not happen.
    const night = closureInstants(SPRING, '01:00', '04:00', ZONE);
    expect(night.endsAt.getTime() - night.startsAt.getTime()).toBe(2 * HOUR);
    expect(closureInstants(AUTUMN, '13:00', '24:00', ZONE)).toEqual({
      startsAt: new Date('2027-10-31T12:00:00Z'),
      endsAt: new Date('2027-10-31T23:00:00Z'),
    });
    expect(() => closureInstants(SPRING, '12:00', '08:00', ZONE)).toThrow(
      expect.objectContaining({ problem: expect.objectContaining({ status: 400 }) }),
    );
  });

  it('a part-day closure on the spring DST day flags and lists the appointments in it, keeps bookings out, and is a location event', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(2).withNurses(1).staffedOn(SPRING).build(h.dataSource);
    const inside = await book(center, '09:00');
    const after = await book(center, '14:00');
    await h.appendedEvents();
    const base = {
      organisationId: center.organisationId,
      locationId: center.location.id,
      reason: 'staff training',
      now: new Date(),
    };
    await expect(h.get(AddClosureUseCase).execute({ ...base, date: SPRING, from: '08:00' })).rejects.toMatchObject({
      problem: { status: 400, errors: [{ field: 'to' }] },
    });
    const closure = await h.get(AddClosureUseCase).execute({ ...base, date: SPRING, from: '08:00', to: '12:00' });
    expect(closure).toMatchObject({
      kind: 'partial-day',
      startsAt: at(ZONE, SPRING, '08:00').toISOString(),
      endsAt: at(ZONE, SPRING, '12:00').toISOString(),
    });
    expect(closure.affectedAppointments.map((a) => a.appointmentId)).toEqual([inside.id]);
    const flagged = (await h.dataSource.query('SELECT id FROM appointment WHERE at_risk_since IS NOT NULL')) as Array<{
      id: string;
    }>;
    expect(flagged.map((r) => r.id)).toContain(inside.id);
    expect(flagged.map((r) => r.id)).not.toContain(after.id);
    await expect(book(center, '10:00')).rejects.toMatchObject({ problem: { status: 409 } });
    expect((await book(center, '13:00')).status).toBe('booked');
    await expect(h.get(AddClosureUseCase).execute({ ...base, date: SPRING })).rejects.toMatchObject({
      problem: { status: 409 },
    });
    const events = await h.appendedEvents();
    const added = events.find((e) => e.type === LocationClosureAddedV1.type);
    expect(added).toMatchObject({ aggregateid: center.location.id, aggregatesequence: center.location.version + 1 });
    expect(events.filter((e) => e.type === AppointmentNeedsReplanV1.type).map((e) => e.aggregateid)).toEqual([inside.id]);
  });

  it('a booking racing a closure waits for it and keeps out of it (the location row is the gate)', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(1).withNurses(1).staffedOn(SPRING).build(h.dataSource);
    const closing = h.dataSource.createQueryRunner();
    await closing.connect();
    await closing.startTransaction();
    try {
      // A closure half-way through its transaction: the location row taken, the closure written, not yet committed.
      await closing.query('SELECT id FROM location WHERE id = $1 FOR UPDATE', [center.location.id]);
      await closing.query(
        `INSERT INTO location_closure (id, location_id, local_date, starts_at, ends_at, reason)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, 'burst pipe')`,
        [center.location.id, SPRING, at(ZONE, SPRING, '08:00'), at(ZONE, SPRING, '12:00')],
      );
      const booking = book(center, '09:00');
      const settled = await Promise.race([
        booking.then(
          () => 'settled',
          () => 'settled',
        ),
        delay(300).then(() => 'waiting'),
      ]);
      expect(settled).toBe('waiting');
      await closing.commitTransaction();
      await expect(booking).rejects.toMatchObject({ problem: { status: 409 } });
    } finally {
      if (closing.isTransactionActive) await closing.rollbackTransaction();
      await closing.release();
    }
  });
});
