import { randomUUID } from 'node:crypto';
import {
  FollowUpAlertRaisedV1,
  FollowUpAnsweredV1,
  PatientCancellationConfirmedV1,
  PatientOfferAcceptedV1,
  PatientReplyReceivedV1,
} from '@chairside/contracts';
import type { Request, Response } from 'express';
import { DEV_SMS_AUTH_TOKEN, requestContext } from '@chairside/platform';
import { signProviderWebhook, type UseCaseHarness } from '@chairside/testing';
import { aPatient, type BuiltPatient, notificationsHarness } from '../../test/builders/index.js';
import { FORGET_BATCH, ForgetWebhookReceiptsUseCase } from './forget-webhook-receipts/forget-webhook-receipts.use-case.js';
import { type HandleReplyCommand, HandleReplyUseCase } from './handle-reply/handle-reply.use-case.js';
import { SmsWebhooksController } from './sms-webhooks.controller.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await notificationsHarness('replies');
});
afterAll(() => h?.close());

/**
 * A text about an appointment `startsIn` ms ahead, sent to the patient `minutesAgo` minutes ago
 * (a reminder, or another kind), with the appointment's reference: what a reply is matched to.
 */
async function textSentTo(
  p: BuiltPatient,
  { startsIn = 3 * 86_400_000, minutesAgo = 60, kind = 'reminder', code = 'K7Q', status = 'booked' } = {},
): Promise<{ appointmentId: string; messageId: string; code: string; startsAt: Date }> {
  const appointmentId = randomUUID();
  const messageId = randomUUID();
  const startsAt = new Date(Math.floor((Date.now() + startsIn) / 60_000) * 60_000);
  const sentAt = new Date(Date.now() - minutesAgo * 60_000);
  await h.dataSource.query(
    `INSERT INTO message (id, idempotency_key, appointment_id, patient_id, location_id, kind, occurrence, offset_hours, channel, status, due_at, sent_at, provider_message_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 24, 'sms', 'sent', $8, $8, $9)`,
    [
      messageId,
      `${appointmentId}:${kind}:sms`,
      appointmentId,
      p.patientId,
      p.locationId,
      kind,
      startsAt,
      sentAt,
      `SM${messageId}`,
    ],
  );
  await h.dataSource.query(
    `INSERT INTO directory_appointment (appointment_id, patient_id, location_id, therapy_code, starts_at, ends_at, status, sequence, time_zone)
     VALUES ($1, $2, $3, 'iron', $4, $5, $6, 1, $7)`,
    [appointmentId, p.patientId, p.locationId, startsAt, new Date(startsAt.getTime() + 3_600_000), status, p.timeZone],
  );
  await h.dataSource.query(`INSERT INTO appointment_reference (appointment_id, patient_id, code) VALUES ($1, $2, $3)`, [
    appointmentId,
    p.patientId,
    code,
  ]);
  return { appointmentId, messageId, code, startsAt };
}

/** The use case, answering with only the text sent back (the appointment it applied to is the audit's, below). */
const answering = () => ({
  execute: async (command: HandleReplyCommand) => (await h.get(HandleReplyUseCase).execute(command))?.answer,
});

/**
 * A reply posted to the webhook controller as the provider would (signed, within a request's
 * context as the service's middleware makes one), without HTTP: the TwiML it answers.
 */
function postReply(from: string, text: string, messageSid: string): Promise<string> {
  const form = { From: from, Body: text, MessageSid: messageSid };
  const path = '/webhooks/sms/inbound';
  const signature = signProviderWebhook(DEV_SMS_AUTH_TOKEN, `http://127.0.0.1:3003${path}`, form);
  const req = { method: 'POST', originalUrl: path, route: { path }, headers: {}, ip: '203.0.113.9', socket: {} };
  const res = { type: () => res, getHeader: () => 'correlation-1' };
  return requestContext.run({ correlationId: 'correlation-1' }, () =>
    h.get(SmsWebhooksController).inbound(req as unknown as Request, form, signature, res as unknown as Response),
  );
}

/** The patient's audit records in notifications, oldest first. */
const auditOf = (patientId: string) =>
  h.dataSource.query<Array<Record<string, unknown>>>(
    `SELECT actor_subject, organisation_id, resource_type, resource_id, patient_id, action, outcome, status, route
       FROM audit_record WHERE patient_id = $1 ORDER BY seq`,
    [patientId],
  );

/** A provider message id, as the provider gives each webhook. */
const sid = () => `SM${randomUUID().replace(/-/g, '')}`;

async function optedOut(phone: string): Promise<boolean> {
  const rows = (await h.dataSource.query('SELECT 1 FROM sms_opt_out WHERE phone = $1', [phone])) as unknown[];
  return rows.length > 0;
}

describe('handling an SMS reply (fast tier)', () => {
  it('confirms, then stops and restarts texts, numbering the replies per appointment', async () => {
    const patient = await aPatient().preferring('sms').build(h.dataSource);
    const { appointmentId, messageId } = await textSentTo(patient);
    const replies = answering();

    expect(await replies.execute({ from: patient.phone, body: ' c. ', receivedAt: new Date(), providerMessageId: sid() })).toBe(
      'Thank you, your appointment is confirmed.',
    );
    const [confirmed, ...none] = await h.appendedEvents();
    expect(none).toEqual([]);
    expect(confirmed).toMatchObject({
      type: PatientReplyReceivedV1.type,
      aggregateid: appointmentId,
      aggregatesequence: 1,
      data: { intent: 'confirm', inReplyToMessageId: messageId, patientId: patient.patientId },
    });

    await replies.execute({ from: patient.phone, body: 'STOP', receivedAt: new Date(), providerMessageId: sid() });
    expect(await optedOut(patient.phone)).toBe(true);
    expect((await h.appendedEvents()).map((e) => [e.data.intent, e.aggregatesequence])).toEqual([['stop', 2]]);

    expect(await replies.execute({ from: patient.phone, body: 'start', receivedAt: new Date(), providerMessageId: sid() })).toBe(
      'You will receive text messages from us again.',
    );
    expect(await optedOut(patient.phone)).toBe(false);
    expect(await h.appendedEvents()).toEqual([]);
  });

  it('answers in the patient’s language, and explains itself to a word it does not know', async () => {
    const patient = await aPatient().preferring('sms').speaking('es').build(h.dataSource);
    await textSentTo(patient);
    const replies = answering();
    expect(
      await replies.execute({ from: patient.phone, body: 'cambiar', receivedAt: new Date(), providerMessageId: sid() }),
    ).toBe('Gracias, el centro le llamará para buscar otra hora.');
    expect((await h.appendedEvents()).map((e) => e.data.intent)).toEqual(['reschedule']);
    expect(
      await replies.execute({ from: '+15550000000', body: 'hello?', receivedAt: new Date(), providerMessageId: sid() }),
    ).toBe(
      'Reply C to confirm, R to reschedule, CANCEL to cancel, STOP to opt out. With more than one visit, add the Ref from our text, e.g. C K7Q.',
    );
    expect(await h.appendedEvents()).toEqual([]);
  });

  it('CANCEL asks first (late under 24 hours), YES cancels through scheduling, and it never opts the patient out', async () => {
    const patient = await aPatient().preferring('sms').inZone('America/Chicago').build(h.dataSource);
    const soon = await textSentTo(patient, { startsIn: 5 * 3_600_000, code: 'B4T' });
    const replies = answering();
    const question = await replies.execute({
      from: patient.phone,
      body: 'Cancel',
      receivedAt: new Date(),
      providerMessageId: sid(),
    });
    expect(question).toMatch(
      /^Cancel your visit on \w+day, \w+ \d+ at \d+:\d\d [AP]M \(Ref B4T\)\? Reply YES to cancel or NO to keep it\./,
    );
    expect(question).toContain('counts as a late cancellation');
    expect(await optedOut(patient.phone)).toBe(false);
    expect(await h.appendedEvents()).toEqual([]);

    expect(await replies.execute({ from: patient.phone, body: 'no', receivedAt: new Date(), providerMessageId: sid() })).toBe(
      'Your appointment stays booked.',
    );
    expect(
      await replies.execute({ from: patient.phone, body: 'CANCEL', receivedAt: new Date(), providerMessageId: sid() }),
    ).toContain('Reply YES');
    const answer = await replies.execute({ from: patient.phone, body: 'YES', receivedAt: new Date(), providerMessageId: sid() });
    expect(answer).toMatch(/^Your visit on .* is cancelled\./);
    const [cancelled, ...none] = await h.appendedEvents();
    expect(none).toEqual([]);
    expect(cancelled).toMatchObject({
      type: PatientCancellationConfirmedV1.type,
      aggregateid: soon.appointmentId,
      data: { appointmentId: soon.appointmentId, inReplyToMessageId: soon.messageId },
    });
    // The question was answered: the next YES confirms (the last text) instead of cancelling again.
    await replies.execute({ from: patient.phone, body: 'YES', receivedAt: new Date(), providerMessageId: sid() });
    expect((await h.appendedEvents()).map((e) => [e.type, e.data.intent])).toEqual([[PatientReplyReceivedV1.type, 'confirm']]);

    // A YES long after the question cancels nothing.
    const later = await aPatient().preferring('sms').build(h.dataSource);
    await textSentTo(later, { startsIn: 10 * 86_400_000 });
    const asked = new Date();
    expect(
      await replies.execute({ from: later.phone, body: 'cancel', receivedAt: asked, providerMessageId: sid() }),
    ).not.toContain('late cancellation');
    await replies.execute({
      from: later.phone,
      body: 'yes',
      receivedAt: new Date(asked.getTime() + 31 * 60_000),
      providerMessageId: sid(),
    });
    expect((await h.appendedEvents()).map((e) => e.type)).toEqual([PatientReplyReceivedV1.type]);
  });

  it('a reply naming the reference of the older of two texts applies to its own appointment', async () => {
    const patient = await aPatient().preferring('sms').build(h.dataSource);
    const older = await textSentTo(patient, { minutesAgo: 120, code: 'A2B', startsIn: 5 * 86_400_000 });
    const newer = await textSentTo(patient, { minutesAgo: 10, code: 'C3D', startsIn: 2 * 86_400_000 });
    const replies = answering();
    await replies.execute({ from: patient.phone, body: 'R a2b', receivedAt: new Date(), providerMessageId: sid() });
    await replies.execute({ from: patient.phone, body: 'C', receivedAt: new Date(), providerMessageId: sid() });
    expect((await h.appendedEvents()).map((e) => [e.aggregateid, e.data.intent])).toEqual([
      [older.appointmentId, 'reschedule'],
      [newer.appointmentId, 'confirm'],
    ]);
    expect(await replies.execute({ from: patient.phone, body: 'C Z9Z', receivedAt: new Date(), providerMessageId: sid() })).toBe(
      'We could not find a visit for that reply. Please call the center.',
    );
    // CANCEL with the older reference, then YES: the older one is cancelled.
    await replies.execute({ from: patient.phone, body: 'CANCEL A2B', receivedAt: new Date(), providerMessageId: sid() });
    await replies.execute({ from: patient.phone, body: 'YES', receivedAt: new Date(), providerMessageId: sid() });
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregateid])).toEqual([
      [PatientCancellationConfirmedV1.type, older.appointmentId],
    ]);
  });

  it('YES to a waitlist offer takes the held time', async () => {
    const patient = await aPatient().preferring('sms').build(h.dataSource);
    const offer = await textSentTo(patient, { kind: 'waitlist-offer', status: 'held', code: 'H5K' });
    expect(
      await answering().execute({ from: patient.phone, body: 'yes', receivedAt: new Date(), providerMessageId: sid() }),
    ).toBe('Thank you, we are booking this time for you. A confirmation follows.');
    expect(await h.appendedEvents()).toMatchObject([
      { type: PatientOfferAcceptedV1.type, aggregateid: offer.appointmentId, data: { inReplyToMessageId: offer.messageId } },
    ]);
  });

  it('captures answers to the follow-up as codes, and a severe one raises an alert for the center', async () => {
    const patient = await aPatient().preferring('sms').build(h.dataSource);
    const visit = await textSentTo(patient, { kind: 'follow-up', status: 'fulfilled', startsIn: -86_400_000 });
    const replies = answering();
    expect(
      await replies.execute({ from: patient.phone, body: '3, a bit tired', receivedAt: new Date(), providerMessageId: sid() }),
    ).toBe('Thank you for letting us know. Call the center if it gets worse or does not pass in a day or two.');
    expect(await h.appendedEvents()).toMatchObject([
      {
        type: FollowUpAnsweredV1.type,
        aggregateid: visit.appointmentId,
        data: { score: 3, symptoms: ['fatigue'], severe: false, inReplyToMessageId: visit.messageId },
      },
    ]);
    expect(
      await replies.execute({
        from: patient.phone,
        body: 'Fever and site swelling',
        receivedAt: new Date(),
        providerMessageId: sid(),
      }),
    ).toContain('A nurse from the center will call you today');
    const events = await h.appendedEvents();
    expect(events.map((e) => [e.type, e.aggregatesequence])).toEqual([
      [FollowUpAnsweredV1.type, 2],
      [FollowUpAlertRaisedV1.type, 3],
    ]);
    expect(events[1]).toMatchObject({ data: { reason: 'fever', symptoms: ['site-swelling', 'fever'] } });
    expect(JSON.stringify(events)).not.toMatch(/Fever and/);
  });

  it('applies a replayed reply (same provider message id) once, and says nothing to the replay', async () => {
    const patient = await aPatient().preferring('sms').build(h.dataSource);
    await textSentTo(patient);
    const replies = answering();
    const stop = { from: patient.phone, body: 'STOP', receivedAt: new Date(), providerMessageId: sid() };
    expect(await replies.execute(stop)).toContain('no more text messages');
    expect((await h.appendedEvents()).map((e) => e.data.intent)).toEqual(['stop']);
    await replies.execute({ from: patient.phone, body: 'START', receivedAt: new Date(), providerMessageId: sid() });
    expect(await optedOut(patient.phone)).toBe(false);

    // Captured and sent again later: the patient who restarted texts is not stopped again.
    expect(await replies.execute({ ...stop, receivedAt: new Date() })).toBeUndefined();
    expect(await optedOut(patient.phone)).toBe(false);
    expect(await h.appendedEvents()).toEqual([]);
  });

  it('forgets receipts past the replay window, in bounded passes', async () => {
    const old = new Date(Date.now() - 401 * 86_400_000);
    const recent = sid();
    await h.dataSource.query(
      `INSERT INTO sms_webhook_receipt (message_sid, event, received_at) SELECT 'SMold' || i, 'inbound', $1 FROM generate_series(1, $2) i`,
      [old, FORGET_BATCH + 1],
    );
    await h.dataSource.query(`INSERT INTO sms_webhook_receipt (message_sid, event, received_at) VALUES ($1, 'inbound', now())`, [
      recent,
    ]);
    const forget = h.get(ForgetWebhookReceiptsUseCase);
    expect(await forget.execute(new Date())).toBe(FORGET_BATCH);
    expect(await forget.execute(new Date())).toBe(1);
    const left = (await h.dataSource.query(
      `SELECT message_sid FROM sms_webhook_receipt WHERE message_sid LIKE 'SMold%' OR message_sid = $1`,
      [recent],
    )) as Array<{ message_sid: string }>;
    expect(left.map((r) => r.message_sid)).toEqual([recent]);
  });

  it('records each applied reply once, the reply the actor of the record and of its events, and nothing for a reply that matched no one', async () => {
    const patient = await aPatient().preferring('sms').build(h.dataSource);
    const [contact] = (await h.dataSource.query(`SELECT organisation_id FROM directory_contact WHERE patient_id = $1`, [
      patient.patientId,
    ])) as Array<{ organisation_id: string }>;
    const confirmedVisit = await textSentTo(patient, { minutesAgo: 120, code: 'A2B' });
    const cancelledVisit = await textSentTo(patient, { minutesAgo: 10, code: 'C3D', startsIn: 6 * 86_400_000 });
    await h.appendedEvents();
    const [confirm, question, yes] = [sid(), sid(), sid()];

    expect(await postReply(patient.phone, 'C A2B', confirm)).toContain('your appointment is confirmed');
    expect(await postReply(patient.phone, 'CANCEL', question)).toContain('Reply YES to cancel');
    expect(await postReply(patient.phone, 'YES', yes)).toMatch(/is cancelled\./);
    // A stranger's number matches no appointment: nothing recorded, about anyone.
    const count = () => h.dataSource.query(`SELECT count(*)::int AS n FROM audit_record`);
    const before = await count();
    expect(await postReply('+15550000001', 'C', sid())).toContain('Reply C to confirm');
    expect(await count()).toEqual(before);

    const record = (reply: string, appointmentId: string, action: string) => ({
      actor_subject: `patient-sms:${reply}`,
      organisation_id: contact!.organisation_id,
      resource_type: 'appointment',
      resource_id: appointmentId,
      patient_id: patient.patientId,
      action,
      outcome: 'success',
      status: 200,
      route: 'POST /webhooks/sms/inbound',
    });
    // The question texts the visit's time back (a read); the YES cancels it (an update).
    expect(await auditOf(patient.patientId)).toEqual([
      record(confirm, confirmedVisit.appointmentId, 'update'),
      record(question, cancelledVisit.appointmentId, 'read'),
      record(yes, cancelledVisit.appointmentId, 'update'),
    ]);
    // Each record also goes out as an audit event (the SIEM topic); the reply's own events are these.
    const events = (await h.appendedEvents()).filter((e) => !e.type.endsWith('.audit.recorded.v1'));
    expect(events.map((e) => [e.type, e.aggregateid, e.actor])).toEqual([
      [PatientReplyReceivedV1.type, confirmedVisit.appointmentId, `patient-sms:${confirm}`],
      [PatientCancellationConfirmedV1.type, cancelledVisit.appointmentId, `patient-sms:${yes}`],
    ]);

    // The provider retries the YES: a replay changes nothing and records nothing.
    expect(await postReply(patient.phone, 'YES', yes)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(await auditOf(patient.patientId)).toHaveLength(3);
  });
});
