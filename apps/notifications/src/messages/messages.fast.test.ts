import { randomUUID } from 'node:crypto';
import { NotificationCancelledV1, NotificationSuppressedV1 } from '@chairside/contracts';
import type { UseCaseHarness } from '@chairside/testing';
import { aPatient, type BuiltPatient, notificationsHarness } from '../../test/builders/index.js';
import { projectAppointment } from '../directory/directory.projector.js';
import { RecordContactUseCase } from '../directory/record-contact/record-contact.use-case.js';
import { ChangeReminderSettingsUseCase } from '../reminders/change-reminder-settings/change-reminder-settings.use-case.js';
import type { AppointmentFacts } from './plan-messages/plan-messages.use-case.js';
import { PlanBookingMessagesUseCase } from './plan-booking-messages/plan-booking-messages.use-case.js';
import { PlanRescheduleNoticeUseCase } from './plan-reschedule-notice/plan-reschedule-notice.use-case.js';
import { PlanDelayNoticeUseCase } from './plan-delay-notice/plan-delay-notice.use-case.js';
import { PlanBackOnTimeNoticeUseCase } from './plan-back-on-time-notice/plan-back-on-time-notice.use-case.js';
import { PlanWaitlistOfferUseCase } from './plan-waitlist-offer/plan-waitlist-offer.use-case.js';
import { PlanFollowUpUseCase } from './plan-follow-up/plan-follow-up.use-case.js';
import { HOUR, DAY } from '@chairside/domain';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await notificationsHarness('messages');
});
afterAll(() => h?.close());

/** An appointment `days` ahead at 15:00 UTC (10:00 in New York, outside any quiet hours). */
function appointmentOf(p: BuiltPatient, days = 10): AppointmentFacts {
  const start = new Date(Date.now() + days * DAY);
  start.setUTCHours(15, 0, 0, 0);
  return { appointmentId: randomUUID(), patientId: p.patientId, locationId: p.locationId, startsAt: start, timeZone: p.timeZone };
}

async function messagesOf(appointmentId: string) {
  return (await h.dataSource.query(
    `SELECT kind, offset_hours, channel, status, reason, due_at, occurrence FROM message WHERE appointment_id = $1 ORDER BY due_at, kind, status`,
    [appointmentId],
  )) as Array<{
    kind: string;
    offset_hours: number | null;
    channel: string;
    status: string;
    reason: string | null;
    due_at: Date;
    occurrence: Date;
  }>;
}

describe('planning messages (fast tier)', () => {
  it('plans a booking once: the confirmation now and each reminder the organisation set', async () => {
    const patient = await aPatient().build(h.dataSource);
    const a = appointmentOf(patient);
    const now = new Date();
    const plan = h.get(PlanBookingMessagesUseCase);
    await plan.execute({ appointment: a, now });
    await plan.execute({ appointment: a, now });
    const rows = await messagesOf(a.appointmentId);
    expect(rows.map((r) => [r.kind, r.offset_hours, r.channel, r.status])).toEqual([
      ['confirmation', null, 'email', 'scheduled'],
      ['reminder', 72, 'email', 'scheduled'],
      ['reminder', 24, 'email', 'scheduled'],
      ['reminder', 2, 'email', 'scheduled'],
    ]);
    expect(rows.at(-1)!.due_at.getTime()).toBe(a.startsAt.getTime() - 2 * HOUR);
    expect(await h.appendedEvents()).toEqual([]);

    const settings = await h
      .get(ChangeReminderSettingsUseCase)
      .execute({ organisationId: patient.organisationId, reminderOffsetsHours: [12, 48] });
    expect(settings).toEqual({ reminderOffsetsHours: [48, 12], version: 1 });
    const next = appointmentOf(patient, 12);
    await plan.execute({ appointment: next, now });
    expect((await messagesOf(next.appointmentId)).map((r) => [r.kind, r.offset_hours])).toEqual([
      ['confirmation', null],
      ['reminder', 48],
      ['reminder', 12],
    ]);
  });

  it('keeps and publishes what it may not send (no consent), so "not sent" differs from "never planned"', async () => {
    const patient = await aPatient().withoutConsent().build(h.dataSource);
    const a = appointmentOf(patient);
    await h.get(PlanBookingMessagesUseCase).execute({ appointment: a, now: new Date() });
    const rows = await messagesOf(a.appointmentId);
    expect(rows.map((r) => [r.status, r.reason])).toEqual(Array(4).fill(['suppressed', 'no-consent']));
    const events = await h.appendedEvents();
    expect(events.map((e) => e.type)).toEqual(Array(4).fill(NotificationSuppressedV1.type));
    expect(events.every((e) => e.data.reason === 'no-consent' && e.data.appointmentId === a.appointmentId)).toBe(true);
  });

  it('on a reschedule withdraws what waited for the old time and plans the notice and the new reminders', async () => {
    const patient = await aPatient().preferring('sms').build(h.dataSource);
    const a = appointmentOf(patient);
    await h.get(PlanBookingMessagesUseCase).execute({ appointment: a, now: new Date() });
    const moved = { ...a, startsAt: new Date(a.startsAt.getTime() + 2 * DAY) };
    await h.get(PlanRescheduleNoticeUseCase).execute({
      appointment: moved,
      previousStartsAt: a.startsAt.toISOString(),
      now: new Date(),
    });
    const rows = await messagesOf(a.appointmentId);
    const cancelled = rows.filter((r) => r.status === 'cancelled');
    expect(cancelled.map((r) => [r.kind, r.reason])).toEqual(Array(4).fill(expect.arrayContaining(['rescheduled'])));
    expect(cancelled.every((r) => r.occurrence.getTime() === a.startsAt.getTime())).toBe(true);
    const planned = rows.filter((r) => r.status === 'scheduled');
    expect(planned.map((r) => [r.kind, r.offset_hours, r.channel])).toEqual([
      ['reschedule', null, 'sms'],
      ['reminder', 72, 'sms'],
      ['reminder', 24, 'sms'],
      ['reminder', 2, 'sms'],
    ]);
    expect(planned.every((r) => r.occurrence.getTime() === moved.startsAt.getTime())).toBe(true);
    const events = await h.appendedEvents();
    expect(events.map((e) => [e.type, e.data.because])).toEqual(Array(4).fill([NotificationCancelledV1.type, 'rescheduled']));
  });

  it('plans nothing before the contact arrives, and what the booking waited for when it does', async () => {
    const patient = await aPatient().withoutContactYet().build(h.dataSource);
    const a = appointmentOf(patient);
    await projectAppointment(
      h.dataSource.manager,
      {
        appointmentId: a.appointmentId,
        patientId: a.patientId,
        locationId: a.locationId,
        therapyCode: 'iron',
        startsAt: a.startsAt.toISOString(),
        endsAt: new Date(a.startsAt.getTime() + HOUR).toISOString(),
        timeZone: a.timeZone,
      },
      'booked',
      1,
    );
    await h.get(PlanBookingMessagesUseCase).execute({ appointment: a, now: new Date() });
    expect(await messagesOf(a.appointmentId)).toEqual([]);

    await h.get(RecordContactUseCase).execute({
      contact: {
        patientId: patient.patientId,
        organisationId: patient.organisationId,
        givenName: 'Ana',
        phone: patient.phone,
        email: null,
        preferredLanguage: 'es',
        preferredChannel: 'sms',
        notificationConsent: true,
      },
      version: 1,
      at: new Date(),
    });
    expect((await messagesOf(a.appointmentId)).map((r) => [r.kind, r.channel, r.status])).toEqual([
      ['confirmation', 'sms', 'scheduled'],
      ['reminder', 'sms', 'scheduled'],
      ['reminder', 'sms', 'scheduled'],
      ['reminder', 'sms', 'scheduled'],
    ]);
  });

  it('sends a new delay notice only when the delay grows by 15 minutes, at most one per 30 minutes, and updates one not yet sent', async () => {
    const patient = await aPatient().build(h.dataSource);
    const a = appointmentOf(patient, 1);
    const t0 = new Date(a.startsAt.getTime() - 3 * HOUR);
    const delay = h.get(PlanDelayNoticeUseCase);
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const projected = (minutes: number) => new Date(a.startsAt.getTime() + minutes * 60_000).toISOString();
    const delays = async () =>
      (await h.dataSource.query(
        `SELECT status, due_at, details->>'delayMinutes' AS delay FROM message WHERE appointment_id = $1 AND kind = 'delay' ORDER BY created_at`,
        [a.appointmentId],
      )) as Array<{ status: string; due_at: Date; delay: string }>;

    await delay.execute({ appointment: a, delayMinutes: 20, projectedStartsAt: projected(20), now: t0 });
    await delay.execute({ appointment: a, delayMinutes: 25, projectedStartsAt: projected(25), now: at(1) });
    expect((await delays()).map((d) => [d.status, d.delay])).toEqual([['scheduled', '25']]);
    await h.dataSource.query(`UPDATE message SET status = 'sent', sent_at = $2 WHERE appointment_id = $1 AND kind = 'delay'`, [
      a.appointmentId,
      at(2),
    ]);
    // Grew by 10: no new notice. Grew by 20 ten minutes after the first: the next one waits for 30 minutes after it.
    await delay.execute({ appointment: a, delayMinutes: 35, projectedStartsAt: projected(35), now: at(5) });
    expect(await delays()).toHaveLength(1);
    await delay.execute({ appointment: a, delayMinutes: 45, projectedStartsAt: projected(45), now: at(12) });
    await delay.execute({ appointment: a, delayMinutes: 45, projectedStartsAt: projected(45), now: at(12) });
    const [, second, ...none] = await delays();
    expect(none).toEqual([]);
    expect(second).toMatchObject({ status: 'scheduled', delay: '45', due_at: at(32) });
  });

  it('when the delay clears: back on time for a patient who was told, the waiting notice suppressed; a new delay is told again', async () => {
    const patient = await aPatient().build(h.dataSource);
    const a = appointmentOf(patient, 1);
    const t0 = new Date(a.startsAt.getTime() - 3 * HOUR);
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const projected = (minutes: number) => new Date(a.startsAt.getTime() + minutes * 60_000).toISOString();
    const delay = h.get(PlanDelayNoticeUseCase);
    const clear = h.get(PlanBackOnTimeNoticeUseCase);
    const rows = async () =>
      (await h.dataSource.query(
        `SELECT kind, status, reason, due_at FROM message WHERE appointment_id = $1 AND kind IN ('delay', 'back-on-time') ORDER BY created_at`,
        [a.appointmentId],
      )) as Array<{ kind: string; status: string; reason: string | null; due_at: Date }>;

    // Never told (the notice still waits): nothing to take back but the notice itself.
    await delay.execute({ appointment: a, delayMinutes: 20, projectedStartsAt: projected(20), now: t0 });
    await h.appendedEvents();
    await clear.execute({ appointment: a, now: at(1) });
    expect((await rows()).map((r) => [r.kind, r.status, r.reason])).toEqual([['delay', 'suppressed', 'appointment-changed']]);
    expect((await h.appendedEvents()).map((e) => [e.type, (e.data as { reason: string }).reason])).toEqual([
      [NotificationSuppressedV1.type, 'appointment-changed'],
    ]);

    // Told of a delay that then grew (the second notice waits for its 30 minutes) and cleared.
    await delay.execute({ appointment: a, delayMinutes: 20, projectedStartsAt: projected(20), now: at(2) });
    await h.dataSource.query(
      `UPDATE message SET status = 'sent', sent_at = $2 WHERE appointment_id = $1 AND kind = 'delay' AND status = 'scheduled'`,
      [a.appointmentId, at(2)],
    );
    await delay.execute({ appointment: a, delayMinutes: 40, projectedStartsAt: projected(40), now: at(10) });
    await clear.execute({ appointment: a, now: at(15) });
    await clear.execute({ appointment: a, now: at(15) });
    expect((await rows()).map((r) => [r.kind, r.status])).toEqual([
      ['delay', 'suppressed'],
      ['delay', 'sent'],
      ['delay', 'suppressed'],
      ['back-on-time', 'scheduled'],
    ]);
    expect((await rows()).at(-1)!.due_at).toEqual(at(15));

    // Late again: told again as a first notice, 30 minutes after the good news at the earliest.
    await delay.execute({ appointment: a, delayMinutes: 10, projectedStartsAt: projected(10), now: at(20) });
    expect((await rows()).at(-1)).toMatchObject({ kind: 'delay', status: 'scheduled', due_at: at(45) });
  });

  it('plans a waitlist offer on every channel the patient has, useless after the hold lapses', async () => {
    const patient = await aPatient().preferring('sms').build(h.dataSource);
    const a = appointmentOf(patient, 2);
    const now = new Date();
    const offerExpiresAt = new Date(now.getTime() + 2 * HOUR);
    await h.get(PlanWaitlistOfferUseCase).execute({ appointment: a, offerExpiresAt, now });
    const rows = await messagesOf(a.appointmentId);
    expect(rows.map((r) => [r.kind, r.channel, r.status]).sort()).toEqual([
      ['waitlist-offer', 'email', 'scheduled'],
      ['waitlist-offer', 'sms', 'scheduled'],
    ]);
    const [{ details }] = (await h.dataSource.query(`SELECT details FROM message WHERE appointment_id = $1 LIMIT 1`, [
      a.appointmentId,
    ])) as [{ details: { offerExpiresAt: string } }];
    expect(details.offerExpiresAt).toBe(offerExpiresAt.toISOString());
  });

  it("after discharge: the advice at once (the nurse's instructions, whether she cleared driving), the follow-up the next day", async () => {
    const patient = await aPatient().build(h.dataSource);
    const a = appointmentOf(patient, 0);
    await projectAppointment(
      h.dataSource.manager,
      {
        appointmentId: a.appointmentId,
        patientId: a.patientId,
        locationId: a.locationId,
        therapyCode: 'iron',
        startsAt: a.startsAt.toISOString(),
        endsAt: new Date(a.startsAt.getTime() + HOUR).toISOString(),
        timeZone: a.timeZone,
      },
      'booked',
      1,
    );
    const dischargedAt = new Date(a.startsAt.getTime() + HOUR);
    await h.get(PlanFollowUpUseCase).execute({
      appointmentId: a.appointmentId,
      patientId: a.patientId,
      locationId: a.locationId,
      dischargedAt,
      mayDrive: false,
      instructions: 'Keep the arm up tonight.',
      now: dischargedAt,
    });
    const rows = (await h.dataSource.query(
      `SELECT kind, status, due_at, details FROM message WHERE appointment_id = $1 AND kind IN ('discharge', 'follow-up') ORDER BY due_at`,
      [a.appointmentId],
    )) as Array<{ kind: string; status: string; due_at: Date; details: { mayDrive?: boolean; instructions?: string } }>;
    expect(rows.map((r) => [r.kind, r.status])).toEqual([
      ['discharge', 'scheduled'],
      ['follow-up', 'scheduled'],
    ]);
    expect(rows[0]).toMatchObject({
      due_at: dischargedAt,
      details: { mayDrive: false, instructions: 'Keep the arm up tonight.' },
    });
    // The follow-up asks how they are; it does not repeat the instructions.
    expect(rows[1]!.details).toEqual({});
  });
});
