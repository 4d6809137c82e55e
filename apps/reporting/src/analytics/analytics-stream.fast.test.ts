import { randomUUID } from 'node:crypto';
import {
  AppointmentBookedV1,
  InfusionPausedV1,
  InfusionStoppedEarlyV1,
  NotificationFailedV1,
  PATIENT_PSEUDONYM,
  SessionAccessEstablishedV1,
} from '@chairside/contracts';
import { loadConfig } from '@chairside/platform';
import { anEvent, FAST_TIER_ENV, type AppendedEvent, type UseCaseHarness } from '@chairside/testing';
import { reportingHarness } from '../../test/builders/reporting-harness.js';
import { reportingConfigSchema } from '../config/reporting.config.js';
import { PatientPseudonyms } from './patient-pseudonym.js';
import { AnalyticsStreamConsumer } from './analytics-stream.consumer.js';

const config = loadConfig(reportingConfigSchema, FAST_TIER_ENV);
const locationId = randomUUID();
const patientId = randomUUID();
const appointmentId = randomUUID();
const chairId = randomUUID();
const nurseId = randomUUID();
// What nurses type: it must not reach analytics, whatever it says.
const TYPED = 'Mrs Alvarez felt faint, call her daughter on +15551234567';
let h: UseCaseHarness;

beforeAll(async () => {
  h = await reportingHarness('analytics');
});
afterAll(() => h?.close());

const consumer = () => h.get(AnalyticsStreamConsumer);
const ref = { appointmentId, locationId, patientId, therapyCode: 'iron' as const, chairId, nurseId, actorId: 'nurse-7f3' };

const booked = anEvent(
  AppointmentBookedV1,
  {
    appointmentId,
    locationId,
    patientId,
    therapyCode: 'iron',
    chairId,
    chairKind: 'recliner',
    nurseId,
    startsAt: '2027-03-10T14:00:00.000Z',
    endsAt: '2027-03-10T15:30:00.000Z',
    chairReleasedAt: '2027-03-10T15:45:00.000Z',
    timeZone: 'America/Chicago',
    localStart: '2027-03-10T08:00:00',
    localEnd: '2027-03-10T09:30:00',
    durationMinutes: 60,
    observationMinutes: 30,
    bookedAt: '2027-03-01T09:12:41.512Z',
  },
  { aggregateId: appointmentId, locationId },
);

describe('the analytics stream (reporting publishes de-identified copies through its outbox)', () => {
  it('publishes a planned visit with a keyed pseudonym instead of the patient id, times to the minute', async () => {
    await h.deliver(booked, (e, ctx) => Promise.resolve(consumer().onBooked(e, ctx)));
    const [planned] = await h.appendedEvents();
    expect(planned).toMatchObject({
      type: 'chairside.analytics.visit.planned.v1',
      source: '/chairside/reporting',
      aggregateid: appointmentId,
      aggregatesequence: booked.aggregatesequence,
      causationid: booked.id,
      data: {
        visitId: appointmentId,
        serviceDate: '2027-03-10',
        startsAt: '2027-03-10T14:00Z',
        leadDays: 9,
        pseudonymKeyId: config.ANALYTICS_PSEUDONYM_KEY_ID,
        patientPseudonym: new PatientPseudonyms(config.ANALYTICS_PSEUDONYM_KEY, config.ANALYTICS_PSEUDONYM_KEY_ID).of(patientId)
          .patientPseudonym,
      },
    });
    expect(planned!.data.patientPseudonym).toMatch(PATIENT_PSEUDONYM);
    expect(JSON.stringify(planned)).not.toContain(patientId);
  });

  it('publishes nothing twice when the same event is applied again (a replay or a rebuild)', async () => {
    await h.deliver(booked, (e, ctx) => Promise.resolve(consumer().onBooked(e, ctx)));
    expect(await h.appendedEvents()).toEqual([]);
  });

  it('drops what a nurse typed: pause and stop reasons, the access site; a provider error too', async () => {
    let sequence = 1;
    const step = { ...ref, occurredAt: '2027-03-10T14:20:31.000Z' };
    const meta = () => ({ aggregateId: appointmentId, aggregateSequence: ++sequence, locationId });
    await h.deliver(
      anEvent(SessionAccessEstablishedV1, { ...step, route: 'iv', site: TYPED, attempts: 2, numbingSprayUsed: true }, meta()),
      (e, ctx) => Promise.resolve(consumer().onAccess(e, ctx)),
    );
    await h.deliver(anEvent(InfusionPausedV1, { ...step, reason: TYPED }, meta()), (e, ctx) =>
      Promise.resolve(consumer().onPaused(e, ctx)),
    );
    await h.deliver(anEvent(InfusionStoppedEarlyV1, { ...step, reason: TYPED }, meta()), (e, ctx) =>
      Promise.resolve(consumer().onStoppedEarly(e, ctx)),
    );
    const messageId = randomUUID();
    await h.deliver(
      anEvent(
        NotificationFailedV1,
        {
          messageId,
          appointmentId,
          patientId,
          locationId,
          kind: 'reminder',
          channel: 'sms',
          occurrence: '2027-03-10T14:00:00.000Z',
          offsetHours: 24,
          failedAt: '2027-03-09T14:00:05.000Z',
          attempts: 5,
          error: `550 mailbox ${TYPED} unavailable`,
        },
        { aggregateId: messageId, locationId },
      ),
      (e, ctx) => Promise.resolve(consumer().onFailed(e, ctx)),
    );
    const published: AppendedEvent[] = await h.appendedEvents();
    expect(published.map((e) => e.type)).toEqual([
      'chairside.analytics.session.access-established.v1',
      'chairside.analytics.infusion.paused.v1',
      'chairside.analytics.infusion.stopped-early.v1',
      'chairside.analytics.message.outcome.v1',
    ]);
    expect(published[0]!.data).toEqual({
      visitId: appointmentId,
      locationId,
      therapyCode: 'iron',
      chairId,
      at: '2027-03-10T14:20Z',
      route: 'iv',
      attempts: 2,
      numbingSprayUsed: true,
    });
    for (const event of published) {
      const text = JSON.stringify(event);
      for (const secret of ['Alvarez', '+15551234567', patientId, 'nurse-7f3', 'mailbox']) expect(text).not.toContain(secret);
    }
  });
});
