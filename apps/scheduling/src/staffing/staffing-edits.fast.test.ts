import { randomUUID } from 'node:crypto';
import {
  AppointmentBookedV1,
  AppointmentNeedsReplanV1,
  ChairOutageCancelledV1,
  ChairOutageScheduledV1,
  NurseShiftAddedV1,
  NurseShiftChangedV1,
  NurseShiftRemovedV1,
} from '@chairside/contracts';
import { created, type UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, type BuiltCenter, schedulingHarness } from '../../test/builders/index.js';
import type { Appointment } from '../appointments/appointment.entity.js';
import { BookAppointmentUseCase } from '../appointments/book-appointment/book-appointment.use-case.js';
import { CancelChairOutageUseCase } from '../outages/cancel-chair-outage/cancel-chair-outage.use-case.js';
import { ScheduleChairOutageUseCase } from '../outages/schedule-chair-outage/schedule-chair-outage.use-case.js';
import { AddShiftUseCase } from './add-shift/add-shift.use-case.js';
import { ChangeShiftUseCase } from './change-shift/change-shift.use-case.js';
import { RemoveShiftUseCase } from './remove-shift/remove-shift.use-case.js';

const ZONE = 'Europe/Madrid';
/** Sunday 2027-03-28: Madrid springs forward at 02:00, so the day has 23 hours. */
const DST_DAY = '2027-03-28';
let h: UseCaseHarness;

beforeAll(async () => {
  h = await schedulingHarness('staffing_edits');
});
afterAll(() => h?.close());

async function book(center: BuiltCenter, hhmm: string, nurseId?: string, chairId?: string): Promise<Appointment> {
  const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
  const outcome = await h.get(BookAppointmentUseCase).execute({
    organisationId: center.organisationId,
    locationId: center.location.id,
    patientId: patient.id,
    therapyCode: 'hydration',
    startsAt: at(ZONE, DST_DAY, hhmm),
    now: new Date(),
    ...(nurseId ? { nurseId } : {}),
    ...(chairId ? { chairId } : {}),
  });
  return outcome.body as Appointment;
}

describe('staffing and outage edits (fast tier)', () => {
  it('a sick call on a DST day removes the shift, flags and lists her appointments (not the other nurse’s), and refuses new bookings with her', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(3).withNurses(2).staffedOn(DST_DAY).build(h.dataSource);
    const [sick, other] = center.nurses;
    const [shift] = center.shifts.filter((s) => s.nurseId === sick!.id);
    const hers = [await book(center, '09:00', sick!.id), await book(center, '13:00', sick!.id)];
    const theirs = await book(center, '09:00', other!.id);
    await h.appendedEvents();
    const command = {
      organisationId: center.organisationId,
      locationId: center.location.id,
      nurseId: sick!.id,
      shiftId: shift!.id,
      reason: 'sick call',
      now: new Date(),
    };
    const removed = await h.get(RemoveShiftUseCase).execute(command);
    expect(removed.startsAt).toBe(at(ZONE, DST_DAY, '07:00').toISOString());
    // 07:00 CEST is 05:00 UTC on the DST day (06:00 UTC the day before).
    expect(removed.startsAt).toBe(`${DST_DAY}T05:00:00.000Z`);
    expect(removed.affectedAppointments.map((a) => a.appointmentId)).toEqual(hers.map((a) => a.id));
    const events = await h.appendedEvents();
    expect(events.map((e) => [e.type, e.aggregateid])).toEqual([
      [AppointmentNeedsReplanV1.type, hers[0]!.id],
      [AppointmentNeedsReplanV1.type, hers[1]!.id],
      [NurseShiftRemovedV1.type, sick!.id],
    ]);
    expect(events[0]!.data).toMatchObject({
      cause: 'nurse_shift_removed',
      causeId: shift!.id,
      localStart: `${DST_DAY}T09:00:00`,
    });
    expect(events[2]).toMatchObject({
      aggregatesequence: 2,
      data: { affectedAppointmentIds: hers.map((a) => a.id), reason: 'sick call' },
    });
    const rows = (await h.dataSource.query(
      'SELECT id, status, at_risk_since IS NOT NULL AS flagged FROM appointment WHERE id = ANY($1)',
      [[...hers, theirs].map((a) => a.id)],
    )) as Array<{ id: string; status: string; flagged: boolean }>;
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.status, r.flagged]]))).toEqual({
      [hers[0]!.id]: ['booked', true],
      [hers[1]!.id]: ['booked', true],
      [theirs.id]: ['booked', false],
    });
    // Nothing new lands with her that day; a second removal finds no shift.
    await expect(book(center, '15:00', sick!.id)).rejects.toMatchObject({ problem: { status: 409 } });
    await expect(h.get(RemoveShiftUseCase).execute(command)).rejects.toMatchObject({ problem: { status: 404 } });
    // She comes back for the afternoon: the next shift event follows in her sequence.
    await h.get(AddShiftUseCase).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      nurseId: sick!.id,
      startsAt: at(ZONE, DST_DAY, '12:00'),
      endsAt: at(ZONE, DST_DAY, '17:00'),
    });
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence])).toEqual([[NurseShiftAddedV1.type, 3]]);
  });

  it('a shortened shift with a new break flags only the appointments that no longer fit', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(3).withNurses(1).staffedOn(DST_DAY).build(h.dataSource);
    const nurse = center.nurses[0]!;
    const shift = center.shifts[0]!;
    const morning = await book(center, '08:00');
    const atBreak = await book(center, '10:00');
    const afternoon = await book(center, '14:00');
    await h.appendedEvents();
    const changed = await h.get(ChangeShiftUseCase).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      nurseId: nurse.id,
      shiftId: shift.id,
      startsAt: at(ZONE, DST_DAY, '07:00'),
      endsAt: at(ZONE, DST_DAY, '13:00'),
      breaks: [{ start: at(ZONE, DST_DAY, '10:00'), end: at(ZONE, DST_DAY, '10:30') }],
      now: new Date(),
    });
    expect(changed.affectedAppointments.map((a) => a.appointmentId)).toEqual([atBreak.id, afternoon.id]);
    // (A booking's own event may be read here rather than above: its write travels with the COMMIT.)
    const events = (await h.appendedEvents()).filter((e) => e.type !== AppointmentBookedV1.type);
    expect(events.map((e) => e.type)).toEqual([
      AppointmentNeedsReplanV1.type,
      AppointmentNeedsReplanV1.type,
      NurseShiftChangedV1.type,
    ]);
    expect(events[2]!.data).toMatchObject({
      endsAt: at(ZONE, DST_DAY, '13:00').toISOString(),
      affectedAppointmentIds: [atBreak.id, afternoon.id],
    });
    const [row] = (await h.dataSource.query('SELECT at_risk_since FROM appointment WHERE id = $1', [morning.id])) as Array<{
      at_risk_since: Date | null;
    }>;
    expect(row!.at_risk_since).toBeNull();
    // Bad times name the field; another organisation's shift reads as missing.
    const base = {
      organisationId: center.organisationId,
      locationId: center.location.id,
      nurseId: nurse.id,
      shiftId: shift.id,
      now: new Date(),
    };
    await expect(
      h.get(ChangeShiftUseCase).execute({ ...base, startsAt: at(ZONE, DST_DAY, '13:00'), endsAt: at(ZONE, DST_DAY, '07:00') }),
    ).rejects.toMatchObject({ problem: { status: 400, errors: [{ field: 'endsAt' }] } });
    await expect(
      h.get(ChangeShiftUseCase).execute({
        ...base,
        organisationId: randomUUID(),
        startsAt: at(ZONE, DST_DAY, '07:00'),
        endsAt: at(ZONE, DST_DAY, '12:00'),
      }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
  });

  it('cancels a chair outage: the chair takes bookings again, the outage kept and published in the chair’s sequence', async () => {
    const center = await aLocation().inZone(ZONE).withChairs(1).withNurses(1).staffedOn(DST_DAY).build(h.dataSource);
    const chairId = center.chairs[0]!.id;
    const base = { organisationId: center.organisationId, locationId: center.location.id, chairId };
    const outage = await created(
      h.get(ScheduleChairOutageUseCase).execute({
        ...base,
        startsAt: at(ZONE, DST_DAY, '07:00'),
        endsAt: at(ZONE, DST_DAY, '18:00'),
        reason: 'pump recall',
        now: new Date(),
      }),
    );
    await expect(book(center, '09:00')).rejects.toMatchObject({ problem: { status: 409 } });
    const cancelled = await h
      .get(CancelChairOutageUseCase)
      .execute({ ...base, outageId: outage.id, reason: 'pumps cleared', now: new Date() });
    expect(cancelled).toMatchObject({ id: outage.id, reason: 'pump recall', cancellationReason: 'pumps cleared' });
    await expect(
      h.get(CancelChairOutageUseCase).execute({ ...base, outageId: outage.id, now: new Date() }),
    ).rejects.toMatchObject({ problem: { status: 409 } });
    await expect(
      h.get(CancelChairOutageUseCase).execute({ ...base, organisationId: randomUUID(), outageId: outage.id, now: new Date() }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    expect((await book(center, '09:00')).status).toBe('booked');
    await h.get(ScheduleChairOutageUseCase).execute({
      ...base,
      startsAt: at(ZONE, DST_DAY, '16:00'),
      endsAt: at(ZONE, DST_DAY, '18:00'),
      reason: 'deep clean',
      now: new Date(),
    });
    const events = (await h.appendedEvents()).filter((e) => e.aggregateid === chairId);
    expect(events.map((e) => [e.type, e.aggregatesequence])).toEqual([
      [ChairOutageScheduledV1.type, 2],
      [ChairOutageCancelledV1.type, 3],
      [ChairOutageScheduledV1.type, 4],
    ]);
  });
});
