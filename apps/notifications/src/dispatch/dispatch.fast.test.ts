import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { NotificationSuppressedV1 } from '@chairside/contracts';
import { HOUR, type NotificationKind } from '@chairside/domain';
import type { UseCaseHarness } from '@chairside/testing';
import { aPatient, type BuiltPatient, notificationsHarness } from '../../test/builders/index.js';
import { projectAppointment } from '../directory/directory.projector.js';
import { Message } from '../messages/message.entity.js';
import { Clock } from './clock.js';
import { Dispatcher } from './dispatcher.js';

const ZONE = 'America/New_York';
const ny = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
// 23:30 in New York, inside the quiet hours (21:00–08:00) the patients below have chosen since planning.
const now = ny('2030-06-03T23:30');

let h: UseCaseHarness;
beforeAll(async () => {
  h = await notificationsHarness('dispatch');
  // The dispatcher's "now" (its own clock, not the wall clock); nothing else is due in this database.
  h.get(Clock).now = () => new Date(now);
});
afterAll(() => h?.close());

async function quietNightsPatient(): Promise<BuiltPatient> {
  const patient = await aPatient().inZone(ZONE).build(h.dataSource);
  await h.dataSource.query(
    `UPDATE directory_contact SET preferences = preferences || '{"quietHours": {"start": "21:00", "end": "08:00"}}'::jsonb WHERE patient_id = $1`,
    [patient.patientId],
  );
  return patient;
}

/** A booked appointment and one message about it, due a minute ago, as planning left it before the quiet hours began. */
async function dueMessage(p: BuiltPatient, kind: NotificationKind, startsAt: Date, attempts = 0): Promise<string> {
  const appointmentId = randomUUID();
  await projectAppointment(
    h.dataSource.manager,
    {
      appointmentId,
      patientId: p.patientId,
      locationId: p.locationId,
      therapyCode: 'iron',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      timeZone: ZONE,
    },
    'booked',
    1,
  );
  const id = randomUUID();
  await h.dataSource.getRepository(Message).insert({
    id,
    idempotencyKey: `test:${id}`,
    appointmentId,
    patientId: p.patientId,
    locationId: p.locationId,
    kind,
    occurrence: startsAt,
    offsetHours: kind === 'reminder' ? 24 : null,
    channel: 'email',
    status: attempts ? 'retrying' : 'scheduled',
    dueAt: new Date(now.getTime() - 60_000),
    attempts,
    details: {},
  });
  return id;
}

const row = async (id: string) =>
  (
    (await h.dataSource.query(`SELECT status, reason, due_at, attempts, lease_until FROM message WHERE id = $1`, [id])) as Array<{
      status: string;
      reason: string | null;
      due_at: Date;
      attempts: number;
      lease_until: Date | null;
    }>
  )[0]!;

describe('dispatching in quiet hours (fast tier)', () => {
  it('holds a first attempt and a retry due in quiet hours until they end, without counting an attempt', async () => {
    const patient = await quietNightsPatient();
    const first = await dueMessage(patient, 'confirmation', ny('2030-06-05T10:00'));
    const retry = await dueMessage(patient, 'reminder', ny('2030-06-05T10:00'), 2);
    await h.appendedEvents();

    expect(await h.get(Dispatcher).pass()).toBe(2);

    expect(await row(first)).toEqual({
      status: 'scheduled',
      reason: null,
      due_at: ny('2030-06-04T08:00'),
      attempts: 0,
      lease_until: null,
    });
    expect(await row(retry)).toMatchObject({ status: 'retrying', due_at: ny('2030-06-04T08:00'), attempts: 2 });
    // Nothing sent, failed or suppressed: nothing to tell.
    expect(await h.appendedEvents()).toEqual([]);
  });

  it('suppresses what would only arrive after it is of use (a reminder for a visit before the quiet hours end)', async () => {
    const patient = await quietNightsPatient();
    const early = await dueMessage(patient, 'reminder', ny('2030-06-04T07:30'));

    await h.get(Dispatcher).pass();

    expect(await row(early)).toMatchObject({ status: 'suppressed', reason: 'quiet-hours', attempts: 1 });
    expect((await h.appendedEvents()).map((e) => [e.type, e.data.reason, e.data.messageId])).toEqual([
      [NotificationSuppressedV1.type, 'quiet-hours', early],
    ]);
  });
});
