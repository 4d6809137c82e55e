import {
  AppointmentNeedsReplanV1,
  AppointmentReplanWithdrawnV1,
  LocationClosureAddedV1,
  LocationClosureChangedV1,
  LocationClosureRemovedV1,
} from '@chairside/contracts';
import { created, type UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, type BuiltCenter, schedulingHarness } from '../../test/builders/index.js';
import type { Appointment } from '../appointments/appointment.entity.js';
import { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import { AddClosureUseCase } from './add-closure/add-closure.use-case.js';
import { ChangeClosureUseCase } from './change-closure/change-closure.use-case.js';
import { RemoveClosureUseCase } from './remove-closure/remove-closure.use-case.js';
import { closureInstants } from './closure-time.js';
import { ScheduleChairOutageUseCase } from '../outages/schedule-chair-outage/schedule-chair-outage.use-case.js';
import { CancelChairOutageUseCase } from '../outages/cancel-chair-outage/cancel-chair-outage.use-case.js';

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
    const closure = await created(h.get(AddClosureUseCase).execute({ ...base, date: SPRING, from: '08:00', to: '12:00' }));
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

  it('a closure moved to the afternoon flags only what it newly covers; a stale version is a 409; removed, its time books again', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(2).withNurses(1).staffedOn(SPRING).build(h.dataSource);
    const morning = await book(center, '09:00');
    const afternoon = await book(center, '14:00');
    const base = { organisationId: center.organisationId, locationId: center.location.id, now: new Date() };
    const added = await created(
      h.get(AddClosureUseCase).execute({ ...base, date: SPRING, from: '08:00', to: '12:00', reason: 'staff training' }),
    );
    expect(added.version).toBe(1);
    await h.appendedEvents();

    await expect(
      h.get(ChangeClosureUseCase).execute({ ...base, closureId: added.id, from: '13:00', to: '16:00', expectedVersion: 7 }),
    ).rejects.toMatchObject({ problem: { status: 409, type: '/problems/version-mismatch', currentVersion: 1 } });
    await expect(h.get(ChangeClosureUseCase).execute({ ...base, closureId: added.id, from: '13:00' })).rejects.toMatchObject({
      problem: { status: 400, errors: [{ field: 'to' }] },
    });
    const changed = await h
      .get(ChangeClosureUseCase)
      .execute({ ...base, closureId: added.id, from: '13:00', to: '16:00', expectedVersion: 1 });
    expect(changed).toMatchObject({
      version: 2,
      kind: 'partial-day',
      startsAt: at(ZONE, SPRING, '13:00').toISOString(),
      endsAt: at(ZONE, SPRING, '16:00').toISOString(),
      reason: 'staff training',
    });
    // The morning one was handed over when the closure was added; the afternoon one is new.
    expect(changed.affectedAppointments.map((a) => a.appointmentId)).toEqual([afternoon.id]);
    // The morning is open again; the afternoon is not.
    expect((await book(center, '10:00')).status).toBe('booked');
    await expect(book(center, '14:30')).rejects.toMatchObject({ problem: { status: 409 } });
    const changedEvents = await h.appendedEvents();
    expect(changedEvents.find((e) => e.type === LocationClosureChangedV1.type)).toMatchObject({
      aggregateid: center.location.id,
      aggregatesequence: center.location.version + 2,
      data: { closureId: added.id, version: 2, from: '13:00', to: '16:00', affectedAppointmentIds: [afternoon.id] },
    });
    expect(changedEvents.filter((e) => e.type === AppointmentNeedsReplanV1.type).map((e) => e.aggregateid)).toEqual([
      afternoon.id,
    ]);

    await expect(h.get(RemoveClosureUseCase).execute({ ...base, closureId: added.id, expectedVersion: 1 })).rejects.toMatchObject(
      { problem: { status: 409, type: '/problems/version-mismatch' } },
    );
    const removed = await h.get(RemoveClosureUseCase).execute({ ...base, closureId: added.id, expectedVersion: 2 });
    expect(removed).toMatchObject({ id: added.id, startsAt: changed.startsAt, endsAt: changed.endsAt });
    expect((await book(center, '14:30')).status).toBe('booked');
    const removedEvents = await h.appendedEvents();
    expect(removedEvents.find((e) => e.type === LocationClosureRemovedV1.type)).toMatchObject({
      aggregateid: center.location.id,
      aggregatesequence: center.location.version + 3,
      data: { closureId: added.id },
    });
    await expect(h.get(RemoveClosureUseCase).execute({ ...base, closureId: added.id })).rejects.toMatchObject({
      problem: { status: 404 },
    });
    expect(morning.status).toBe('booked');
  });

  it('a closure already over is kept as it happened', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(1).withNurses(1).staffedOn(SPRING).build(h.dataSource);
    const added = await created(
      h.get(AddClosureUseCase).execute({
        organisationId: center.organisationId,
        locationId: center.location.id,
        date: SPRING,
        reason: 'holiday',
        now: new Date(),
      }),
    );
    const later = {
      organisationId: center.organisationId,
      locationId: center.location.id,
      closureId: added.id,
      now: at(ZONE, '2027-03-29', '09:00'),
    };
    await expect(h.get(RemoveClosureUseCase).execute(later)).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/closure-over' },
    });
    await expect(h.get(ChangeClosureUseCase).execute({ ...later, reason: 'renamed' })).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/closure-over' },
    });
  });

  it('taking back a closure, then an outage, un-flags what each had flagged, but not what something else still disturbs', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(1).withNurses(1).staffedOn(SPRING).build(h.dataSource);
    const early = await book(center, '08:00');
    const late = await book(center, '11:00');
    const base = { organisationId: center.organisationId, locationId: center.location.id, now: new Date() };
    const atRisk = async (id: string) =>
      (
        (await h.dataSource.query(`SELECT at_risk_since, version FROM appointment WHERE id = $1`, [id])) as Array<{
          at_risk_since: Date | null;
          version: number;
        }>
      )[0]!;
    const closure = await created(
      h.get(AddClosureUseCase).execute({ ...base, date: SPRING, from: '07:00', to: '12:30', reason: 'staff training' }),
    );
    expect(closure.affectedAppointments.map((a) => a.appointmentId)).toEqual([early.id, late.id]);
    // The late one's chair also goes out of service for its time: a second reason to re-plan it.
    const outage = await created(
      h.get(ScheduleChairOutageUseCase).execute({
        ...base,
        chairId: late.chairId,
        startsAt: late.startsAt,
        endsAt: late.chairReleasedAt,
        reason: 'pump repair',
      }),
    );
    expect(outage.affectedAppointmentIds).toEqual([late.id]);
    // A proposal the re-plan had made for the early one because of the closure.
    await h.dataSource.query(
      `INSERT INTO replan_proposal (id, location_id, appointment_id, appointment_version, cause, cause_id, status, starts_at, ends_at,
         chair_id, nurse_id, previous_starts_at, previous_chair_id, previous_nurse_id, delay_minutes, version, proposed_at)
       SELECT gen_random_uuid(), location_id, id, version, 'location_closure', $2, 'open', starts_at + interval '5 hours',
              ends_at + interval '5 hours', chair_id, nurse_id, starts_at, chair_id, nurse_id, 300, 1, now()
         FROM appointment WHERE id = $1`,
      [early.id, closure.id],
    );
    const flaggedEarly = await atRisk(early.id);
    expect(flaggedEarly.at_risk_since).not.toBeNull();
    await h.appendedEvents();

    const removed = await h.get(RemoveClosureUseCase).execute({ ...base, closureId: closure.id });
    expect(removed.unflaggedAppointments.map((a) => a.appointmentId)).toEqual([early.id]);
    expect(await atRisk(early.id)).toEqual({ at_risk_since: null, version: flaggedEarly.version + 1 });
    expect((await atRisk(late.id)).at_risk_since).not.toBeNull();
    expect(await h.dataSource.query(`SELECT status, version FROM replan_proposal WHERE appointment_id = $1`, [early.id])).toEqual(
      [{ status: 'superseded', version: 2 }],
    );
    const withdrawn = (await h.appendedEvents()).filter((e) => e.type === AppointmentReplanWithdrawnV1.type);
    expect(withdrawn).toEqual([
      expect.objectContaining({
        aggregateid: early.id,
        aggregatesequence: flaggedEarly.version + 1,
        data: expect.objectContaining({ cause: 'location_closure', causeId: closure.id }),
      }),
    ]);

    const cancelled = await h
      .get(CancelChairOutageUseCase)
      .execute({ ...base, chairId: late.chairId, outageId: outage.id, reason: 'pump back early' });
    expect(cancelled.unflaggedAppointments.map((a) => a.appointmentId)).toEqual([late.id]);
    expect((await atRisk(late.id)).at_risk_since).toBeNull();
    expect((await h.appendedEvents()).filter((e) => e.type === AppointmentReplanWithdrawnV1.type)).toEqual([
      expect.objectContaining({
        aggregateid: late.id,
        data: expect.objectContaining({ cause: 'chair_outage', causeId: outage.id }),
      }),
    ]);
  });
});
