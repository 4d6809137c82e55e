import { randomUUID } from 'node:crypto';
import { AppointmentConfirmedV1 } from '@chairside/contracts';
import { HOUR } from '@chairside/domain';
import type { UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, type BuiltCenter, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import type { Appointment } from '../appointments/appointment.entity.js';
import {
  BookAppointmentUseCase,
  type BookAppointmentCommand,
} from '../appointments/book-appointment/book-appointment.use-case.js';
import { OverbookingsQuery } from '../appointments/overbookings/overbookings.query.js';
import { RecordPatientReplyUseCase } from '../appointments/record-patient-reply/record-patient-reply.use-case.js';
import { DayBookQuery } from '../day-book/day-book.query.js';
import { AddNoteUseCase } from '../notes/add-note/add-note.use-case.js';
import { NotesQuery } from '../notes/notes.query.js';
import { RaisePatientAlertUseCase } from '../patient-alerts/raise-patient-alert/raise-patient-alert.use-case.js';
import { ResolveResentMessageUseCase } from './resolve-resent-message/resolve-resent-message.use-case.js';
import { ResolveWorkItemUseCase } from './resolve-work-item/resolve-work-item.use-case.js';
import { WorkQueuesQuery } from './work-queues.query.js';

const ZONE = 'America/Chicago';
let h: UseCaseHarness;
let center: BuiltCenter;
let other: BuiltCenter;
let day: string;
/** The queues are read two hours before the staffed day opens: its bookings are within 48 h. */
let now: Date;

beforeAll(async () => {
  h = await schedulingHarness('work_queues');
  day = localDayAhead(ZONE, 7);
  center = await aLocation().inZone(ZONE).withChairs(4).withNurses(2).staffedOn(day).build(h.dataSource);
  other = await aLocation()
    .inOrganisation(center.organisationId)
    .inZone(ZONE)
    .withChairs(1)
    .withNurses(1)
    .staffedOn(day)
    .build(h.dataSource);
  now = new Date(at(ZONE, day, '05:00').getTime());
});
afterAll(() => h?.close());

async function book(hhmm: string, extra: Partial<BookAppointmentCommand> = {}, c: BuiltCenter = center): Promise<Appointment> {
  const patient = await aPatient()
    .inOrganisation(c.organisationId)
    .named('Eva', `Queue${hhmm.replace(':', '')}`)
    .build(h.dataSource);
  const outcome = await h.get(BookAppointmentUseCase).execute({
    organisationId: c.organisationId,
    locationId: c.location.id,
    patientId: patient.id,
    therapyCode: 'hydration',
    startsAt: at(ZONE, day, hhmm),
    now: new Date(),
    ...extra,
  });
  return outcome.body as Appointment;
}

describe('work queues (fast tier)', () => {
  const queues = () => h.get(WorkQueuesQuery);

  it('lists unconfirmed bookings within 48 h, and confirming one by phone closes it and confirms the appointment', async () => {
    const appointment = await book('08:00');
    const page = await queues().items(center.location.id, 'unconfirmed', now, 50, 0);
    const item = page.items.find((i) => i.appointment.id === appointment.id)!;
    expect(item).toMatchObject({
      queue: 'unconfirmed',
      subjectId: appointment.id,
      patient: { givenName: 'Eva', familyName: 'Queue0800' },
      outcomes: ['confirmed', 'left-message', 'unreachable'],
    });
    expect((await queues().items(center.location.id, 'unconfirmed', new Date(now.getTime() - 72 * HOUR), 50, 0)).items).toEqual(
      [],
    );
    await h.appendedEvents();
    await expect(
      h.get(ResolveWorkItemUseCase).execute({
        organisationId: center.organisationId,
        locationId: center.location.id,
        queue: 'unconfirmed',
        subjectId: appointment.id,
        itemKey: item.itemKey,
        outcome: 'rescheduled',
        actorId: 'scheduler-1',
        now,
      }),
    ).rejects.toMatchObject({ problem: { status: 400, errors: [{ field: 'outcome' }] } });
    const resolved = await h.get(ResolveWorkItemUseCase).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      queue: 'unconfirmed',
      subjectId: appointment.id,
      itemKey: item.itemKey,
      outcome: 'confirmed',
      note: 'Confirmed by phone with her daughter',
      actorId: 'scheduler-1',
      now,
    });
    expect(resolved).toMatchObject({ replayed: false, body: { outcome: 'confirmed', actorId: 'scheduler-1' } });
    expect((await h.appendedEvents()).map((e) => e.type)).toEqual([AppointmentConfirmedV1.type]);
    expect((await queues().items(center.location.id, 'unconfirmed', now, 50, 0)).items.map((i) => i.subjectId)).not.toContain(
      appointment.id,
    );
    // Resolved meanwhile by someone else: the item is gone.
    await expect(
      h.get(ResolveWorkItemUseCase).execute({
        organisationId: center.organisationId,
        locationId: center.location.id,
        queue: 'unconfirmed',
        subjectId: appointment.id,
        itemKey: item.itemKey,
        outcome: 'left-message',
        actorId: 'scheduler-2',
        now,
      }),
    ).rejects.toMatchObject({ problem: { status: 409, type: '/problems/work-item-gone' } });
  });

  it('turns an SMS "R" into a reschedule request item, resolved once', async () => {
    const appointment = await book('09:00');
    await h.get(RecordPatientReplyUseCase).execute({
      locationId: center.location.id,
      appointmentId: appointment.id,
      intent: 'reschedule',
      receivedAt: new Date(now.getTime() - HOUR),
    });
    const [item] = (await queues().items(center.location.id, 'reschedule-requests', now, 50, 0)).items.filter(
      (i) => i.subjectId === appointment.id,
    );
    expect(item).toMatchObject({ since: new Date(now.getTime() - HOUR).toISOString(), itemKey: String(now.getTime() - HOUR) });
    const command = {
      organisationId: center.organisationId,
      locationId: center.location.id,
      queue: 'reschedule-requests' as const,
      subjectId: appointment.id,
      itemKey: item!.itemKey,
      outcome: 'kept',
      actorId: 'scheduler-1',
      now,
      idempotency: { key: `k-${randomUUID()}`, scope: 'test', request: { outcome: 'kept' } },
    };
    const first = await h.get(ResolveWorkItemUseCase).execute(command);
    const retry = await h.get(ResolveWorkItemUseCase).execute(command);
    expect(retry).toMatchObject({ replayed: true, body: { id: (first.body as { id: string }).id } });
    expect((await queues().items(center.location.id, 'reschedule-requests', now, 50, 0)).items).toEqual([]);
    // Another location's scheduler cannot resolve it there.
    const { idempotency: _retryKey, ...withoutKey } = command;
    await expect(h.get(ResolveWorkItemUseCase).execute({ ...withoutKey, locationId: other.location.id })).rejects.toMatchObject({
      problem: { status: 409 },
    });
    await h.appendedEvents();
  });

  it('lists at-risk, overbooked, chair-out-of-service and waitlist-offer items, and counts them', async () => {
    const atRisk = await book('10:00');
    await h.dataSource.query(`UPDATE appointment SET at_risk_since = $2 WHERE id = $1`, [atRisk.id, now]);
    // After closing time: an overbooking that breaks the opening hours.
    const overbooked = await book('17:30', {
      overbook: { actorId: 'admin-1', reason: 'Oncologist asked for today' },
      chairId: center.chairs[3]!.id,
      nurseId: center.nurses[1]!.id,
    });
    const onBrokenChair = await book('12:00');
    await h.dataSource.query(
      `INSERT INTO chair_outage (id, chair_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4, 'Pump motor')`,
      [randomUUID(), onBrokenChair.chairId, at(ZONE, day, '11:30'), at(ZONE, day, '14:00')],
    );
    const hold = await book('13:00', { holdMinutes: 60 * 24 * 10 });
    const requestId = randomUUID();
    await h.dataSource.query(
      `INSERT INTO waitlist_request (id, location_id, patient_id, therapy_code, duration_minutes, earliest, latest, status, offered_appointment_id, version)
        VALUES ($1, $2, $3, 'hydration', 60, $4, $5, 'offered', $6, 2)`,
      [requestId, center.location.id, hold.patientId, at(ZONE, day, '08:00'), at(ZONE, day, '17:00'), hold.id],
    );
    const ids = async (queue: Parameters<WorkQueuesQuery['items']>[1]) =>
      (await queues().items(center.location.id, queue, now, 50, 0)).items.map((i) => [i.subjectId, i.detail]);
    expect(await ids('at-risk')).toEqual([[atRisk.id, null]]);
    expect(await ids('overbooked')).toEqual([[overbooked.id, null]]);
    expect(await ids('chairs-out-of-service')).toEqual([[onBrokenChair.id, 'Pump motor']]);
    expect(await ids('waitlist-offers')).toEqual([[requestId, expect.stringMatching(/^offer lapses at /)]]);
    const summary = await queues().summary(center.location.id, now);
    expect(summary).toEqual(
      expect.arrayContaining([
        { queue: 'at-risk', open: 1, more: false },
        { queue: 'waitlist-offers', open: 1, more: false },
        { queue: 'overbooked', open: 1, more: false },
      ]),
    );
    const audit = await h.get(OverbookingsQuery).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      from: new Date(Date.now() - HOUR),
      to: new Date(Date.now() + HOUR),
      limit: 10,
      offset: 0,
    });
    expect(audit.items).toEqual([
      expect.objectContaining({ appointmentId: overbooked.id, actorId: 'admin-1', reason: 'Oncologist asked for today' }),
    ]);
    await h.appendedEvents();
  });

  it('keeps notes on a patient and an appointment, read back newest first at the author’s locations', async () => {
    const appointment = await book('14:00');
    const add = h.get(AddNoteUseCase);
    const common = { organisationId: center.organisationId, locations: [center.location.id], authorId: 'scheduler-1' };
    await add.execute({
      ...common,
      on: 'appointment',
      appointmentId: appointment.id,
      locationId: center.location.id,
      body: 'Needs a wheelchair',
    });
    await add.execute({
      ...common,
      on: 'patient',
      patientId: appointment.patientId,
      locationId: center.location.id,
      body: 'Prefers mornings',
    });
    await expect(
      add.execute({ ...common, on: 'appointment', appointmentId: appointment.id, locationId: other.location.id, body: 'x' }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    const unseen = await aPatient().inOrganisation(center.organisationId).registeredAt(other.location.id).build(h.dataSource);
    await expect(
      add.execute({ ...common, on: 'patient', patientId: unseen.id, locationId: center.location.id, body: 'x' }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    const notes = await h
      .get(NotesQuery)
      .ofPatient({ ...common, locations: [center.location.id], patientId: appointment.patientId, limit: 10, offset: 0 });
    expect(notes.items.map((n) => n.body)).toEqual(['Prefers mornings', 'Needs a wheelchair']);
    const firstPage = await h
      .get(NotesQuery)
      .ofPatient({ ...common, locations: [center.location.id], patientId: appointment.patientId, limit: 1, offset: 0 });
    expect(firstPage).toMatchObject({ items: [{ body: 'Prefers mornings' }], nextOffset: 1 });
    const onAppointment = await h.get(NotesQuery).ofAppointment({
      organisationId: center.organisationId,
      locationId: center.location.id,
      appointmentId: appointment.id,
      limit: 10,
      offset: 0,
    });
    expect(onAppointment.items.map((n) => n.body)).toEqual(['Needs a wheelchair']);
  });

  it("reads the location's day book in local time, with flags, paged", async () => {
    const book1 = await h.get(DayBookQuery).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      date: day,
      limit: 2,
      offset: 0,
    });
    expect(book1).toMatchObject({ timeZone: ZONE, date: day, nextOffset: 2 });
    expect(book1.entries[0]).toMatchObject({ localStart: '08:00', flags: ['confirmed'], patient: { familyName: 'Queue0800' } });
    const all = await h
      .get(DayBookQuery)
      .execute({ organisationId: center.organisationId, locationId: center.location.id, date: day, limit: 100, offset: 0 });
    expect(all.entries.map((e) => e.localStart)).toEqual(['08:00', '09:00', '10:00', '12:00', '13:00', '14:00', '17:30']);
    expect(all.entries.find((e) => e.localStart === '17:30')!.flags).toEqual(['overbooked']);
    expect(all.entries.find((e) => e.localStart === '12:00')!.flags).toEqual(['chair-out-of-service']);
    expect(all.entries.find((e) => e.localStart === '13:00')!.flags).toEqual(['hold']);
    expect(all.entries.find((e) => e.localStart === '14:00')!.flags).toEqual(['has-notes']);
    expect(all.entries.find((e) => e.localStart === '09:00')!.flags).toEqual(['reschedule-requested']);
    await expect(
      h
        .get(DayBookQuery)
        .execute({ organisationId: randomUUID(), locationId: center.location.id, date: day, limit: 1, offset: 0 }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
  });

  it('a message that failed for good is a failed-messages item by message; a later failure replaces it, the resend that went through closes it', async () => {
    const appointment = await book('15:00');
    const messageId = randomUUID();
    const failure = (at: Date, detail: string) =>
      h.get(RaisePatientAlertUseCase).execute({
        id: randomUUID(),
        locationId: center.location.id,
        patientId: appointment.patientId,
        appointmentId: appointment.id,
        kind: 'message-failed',
        messageId,
        detail,
        raisedAt: at,
      });
    const first = new Date(now.getTime() - 2 * HOUR);
    await failure(first, 'confirmation by sms, 1 attempt: sms: HTTP 400 code 30001');
    const listed = async () =>
      (await queues().items(center.location.id, 'failed-messages', now, 50, 0)).items.filter((i) => i.subjectId === messageId);
    expect(await listed()).toMatchObject([
      {
        itemKey: String(first.getTime()),
        detail: 'confirmation by sms, 1 attempt: sms: HTTP 400 code 30001',
        appointment: { id: appointment.id },
        outcomes: ['patient-contacted', 'unreachable', 'no-action-needed'],
      },
    ]);
    // Not another location's.
    expect((await queues().items(other.location.id, 'failed-messages', now, 50, 0)).items).toEqual([]);
    // Resent by staff and failed again: one item, the latest failure.
    const second = new Date(now.getTime() - HOUR);
    await failure(second, 'confirmation by sms, 2 attempts: sms: HTTP 400 code 30001');
    expect((await listed()).map((i) => i.itemKey)).toEqual([String(second.getTime())]);
    // "resent" is not an outcome to claim by hand: it is the provider's answer.
    await expect(
      h.get(ResolveWorkItemUseCase).execute({
        organisationId: center.organisationId,
        locationId: center.location.id,
        queue: 'failed-messages',
        subjectId: messageId,
        itemKey: String(second.getTime()),
        outcome: 'resent',
        actorId: 'scheduler-1',
        now,
      }),
    ).rejects.toMatchObject({ problem: { status: 400, errors: [{ field: 'outcome' }] } });
    const resent = { messageId, locationId: center.location.id, resentBy: 'scheduler-1', sentAt: now };
    await h.get(ResolveResentMessageUseCase).execute(resent);
    await h.get(ResolveResentMessageUseCase).execute(resent); // a redelivery changes nothing
    expect(await listed()).toEqual([]);
    const resolutions = (await h.dataSource.query(
      `SELECT item_key, outcome, actor_id FROM work_item_resolution WHERE subject_id = $1 ORDER BY item_key`,
      [messageId],
    )) as Array<{ item_key: string; outcome: string; actor_id: string }>;
    expect(resolutions).toEqual([
      { item_key: String(first.getTime()), outcome: 'resent', actor_id: 'scheduler-1' },
      { item_key: String(second.getTime()), outcome: 'resent', actor_id: 'scheduler-1' },
    ]);
  });
});
