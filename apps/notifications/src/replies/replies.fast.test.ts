import { randomUUID } from 'node:crypto';
import { PatientReplyReceivedV1 } from '@chairside/contracts';
import type { UseCaseHarness } from '@chairside/testing';
import { aPatient, type BuiltPatient, notificationsHarness } from '../../test/builders/index.js';
import { HandleReplyUseCase } from './handle-reply/handle-reply.use-case.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await notificationsHarness('replies');
});
afterAll(() => h?.close());

/** A reminder texted to the patient an hour ago: what a reply is matched to. */
async function textSentTo(p: BuiltPatient): Promise<{ appointmentId: string; messageId: string }> {
  const appointmentId = randomUUID();
  const messageId = randomUUID();
  const occurrence = new Date(Date.now() + 86_400_000);
  await h.dataSource.query(
    `INSERT INTO message (id, idempotency_key, appointment_id, patient_id, location_id, kind, occurrence, offset_hours, channel, status, due_at, sent_at, provider_message_id)
     VALUES ($1, $2, $3, $4, $5, 'reminder', $6, 24, 'sms', 'sent', now() - interval '1 hour', now() - interval '1 hour', $7)`,
    [messageId, `${appointmentId}:reminder-24h:sms`, appointmentId, p.patientId, p.locationId, occurrence, `SM${messageId}`],
  );
  return { appointmentId, messageId };
}

async function optedOut(phone: string): Promise<boolean> {
  const rows = (await h.dataSource.query('SELECT 1 FROM sms_opt_out WHERE phone = $1', [phone])) as unknown[];
  return rows.length > 0;
}

describe('handling an SMS reply (fast tier)', () => {
  it('confirms, then stops and restarts texts, numbering the replies per appointment', async () => {
    const patient = await aPatient().preferring('sms').build(h.dataSource);
    const { appointmentId, messageId } = await textSentTo(patient);
    const replies = h.get(HandleReplyUseCase);

    expect(await replies.execute({ from: patient.phone, body: ' c. ', receivedAt: new Date() })).toBe(
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

    await replies.execute({ from: patient.phone, body: 'STOP', receivedAt: new Date() });
    expect(await optedOut(patient.phone)).toBe(true);
    expect((await h.appendedEvents()).map((e) => [e.data.intent, e.aggregatesequence])).toEqual([['stop', 2]]);

    expect(await replies.execute({ from: patient.phone, body: 'start', receivedAt: new Date() })).toBe(
      'You will receive text messages from us again.',
    );
    expect(await optedOut(patient.phone)).toBe(false);
    expect(await h.appendedEvents()).toEqual([]);
  });

  it('answers in the patient’s language, and explains itself to a word it does not know', async () => {
    const patient = await aPatient().preferring('sms').speaking('es').build(h.dataSource);
    await textSentTo(patient);
    const replies = h.get(HandleReplyUseCase);
    expect(await replies.execute({ from: patient.phone, body: 'cambiar', receivedAt: new Date() })).toBe(
      'Gracias, el centro le llamará para buscar otra hora.',
    );
    expect((await h.appendedEvents()).map((e) => e.data.intent)).toEqual(['reschedule']);
    expect(await replies.execute({ from: '+15550000000', body: 'hello?', receivedAt: new Date() })).toBe(
      'Reply C to confirm, R to reschedule, STOP to opt out.',
    );
    expect(await h.appendedEvents()).toEqual([]);
  });
});
