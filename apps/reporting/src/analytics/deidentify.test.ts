import { AnalyticsReactionRecordedV1, AnalyticsSessionDischargedV1, AnalyticsVisitPlannedV1 } from '@chairside/contracts';
import { discharged, reaction, toMinute, visitPlanned } from './deidentify.js';

const ids = {
  appointmentId: '6f0c1a52-3d4e-4f5a-8b6c-7d8e9f0a1b2c',
  locationId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  patientId: '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b',
  chairId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  nurseId: '3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f',
  therapyCode: 'iron' as const,
  actorId: 'nurse-1',
};
const pseudonym = { patientPseudonym: 'a'.repeat(64), pseudonymKeyId: 'k1' };

describe('de-identification', () => {
  it('cuts instants to the minute, in UTC', () => {
    expect(toMinute('2026-11-30T09:15:42.123Z')).toBe('2026-11-30T09:15Z');
    expect(toMinute('2026-11-30T23:59:59.999Z')).toBe('2026-11-30T23:59Z');
  });

  it('plans a visit on its local date with the lead time in whole days, and no patient id', () => {
    const planned = visitPlanned(
      {
        ...ids,
        chairKind: 'recliner',
        startsAt: '2027-03-28T22:30:00.000Z',
        endsAt: '2027-03-29T00:00:00.000Z',
        chairReleasedAt: '2027-03-29T00:15:00.000Z',
        timeZone: 'Australia/Sydney',
        localStart: '2027-03-29T09:30:00',
        localEnd: '2027-03-29T11:00:00',
        durationMinutes: 60,
        observationMinutes: 30,
        bookedAt: '2027-03-26T23:00:00.000Z',
        overbooked: true,
      },
      pseudonym,
    );
    expect(planned).toMatchObject({ serviceDate: '2027-03-29', startsAt: '2027-03-28T22:30Z', leadDays: 1, overbooked: true });
    expect(AnalyticsVisitPlannedV1.schema.parse(planned)).toEqual(planned);
    expect(JSON.stringify(planned)).not.toContain(ids.patientId);
  });

  it('tells whether a protocol was overridden, not who authorised it nor why', () => {
    const copy = reaction({
      ...ids,
      occurredAt: '2027-03-29T10:01:10.000Z',
      reactionId: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a',
      kind: 'infusion_reaction',
      ctcaeGrade: 3,
      actions: ['paused', 'medication_given'],
      outcome: 'resolved',
      protocolAction: 'stop',
      override: { authorisedBy: 'Dr Moreau', reason: 'patient insisted, daughter present' },
    });
    expect(copy.protocolOverridden).toBe(true);
    expect(JSON.stringify(copy)).not.toMatch(/Moreau|daughter|nurse-1/);
    expect(AnalyticsReactionRecordedV1.schema.parse(copy)).toEqual(copy);
  });

  it('gives the discharge against the planned end in minutes, and never the instructions the nurse typed', () => {
    const copy = discharged({
      ...ids,
      occurredAt: '2027-03-29T11:12:00.000Z',
      plannedEndsAt: '2027-03-29T11:00:00.000Z',
      actualEndsAt: '2027-03-29T11:12:29.000Z',
      mayDrive: true,
      escortRequired: false,
      stoppedEarly: false,
      instructions: 'Mrs Moreau: keep the arm up tonight.',
    });
    expect(copy).toMatchObject({ minutesAfterPlannedEnd: 12, stoppedEarly: false, at: '2027-03-29T11:12Z' });
    expect(JSON.stringify(copy)).not.toMatch(/Moreau|arm up|instructions/);
    expect(AnalyticsSessionDischargedV1.schema.parse(copy)).toEqual(copy);
  });
});
