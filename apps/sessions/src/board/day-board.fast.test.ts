import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { UseCaseHarness } from '@chairside/testing';
import { anExpectedSession, sessionsHarness } from '../../test/builders/index.js';
import { ExpectSessionUseCase } from '../appointment-intake/expect-session/expect-session.use-case.js';
import { DayBoardQuery } from './day-board.query.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await sessionsHarness('day_board');
});
afterAll(() => h?.close());

describe('the day board names each session’s therapy (fast tier)', () => {
  it('a booking of a therapy the organisation defined keeps its id on the board; a built-in one has none', async () => {
    const zone = 'Europe/Madrid';
    const {
      organisationId,
      locationId,
      session: builtIn,
    } = await anExpectedSession().inZone(zone).startingIn(60).build(h.dataSource);
    const therapyId = randomUUID();
    const appointmentId = randomUUID();
    // At the same instant (another chair): the same local day, whenever this runs.
    const start = DateTime.fromJSDate(builtIn.plannedStartsAt);
    const end = start.plus({ minutes: 120 });
    const local = (t: DateTime) => t.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm:ss");
    await h.get(ExpectSessionUseCase).execute({
      at: new Date(),
      booking: {
        appointmentId,
        locationId,
        patientId: randomUUID(),
        therapyCode: 'hydration',
        chairId: randomUUID(),
        chairKind: 'recliner',
        nurseId: randomUUID(),
        startsAt: start.toUTC().toISO({ suppressMilliseconds: false })!,
        endsAt: end.toUTC().toISO()!,
        chairReleasedAt: end.plus({ minutes: 10 }).toUTC().toISO()!,
        timeZone: zone,
        localStart: local(start),
        localEnd: local(end),
        durationMinutes: 90,
        observationMinutes: 30,
        bookedAt: new Date().toISOString(),
        therapy: {
          therapyId,
          code: 'saline-loading',
          name: 'Saline loading',
          preparation: {
            fasting: false,
            labsDayBefore: false,
            premedication: false,
            hydration: true,
            bringCompanion: false,
            mayDrive: true,
          },
        },
      },
    });
    const board = await h.get(DayBoardQuery).execute({ organisationId, locationId, date: builtIn.localDate, now: new Date() });
    const byId = new Map(board.sessions.map((s) => [s.appointmentId, s]));
    expect(byId.get(appointmentId)).toMatchObject({ therapyCode: 'hydration', therapyId });
    expect(byId.get(builtIn.appointmentId)).toMatchObject({ therapyCode: 'biologics', therapyId: null });
  });
});

describe('the day board’s reaction flags (fast tier)', () => {
  it('flags a severe reaction (CTCAE grade 3 and above) besides the reaction, and a grade 2 as a reaction only', async () => {
    // All three start now, so they share a local day even near midnight.
    const first = await anExpectedSession().startingIn(0).build(h.dataSource);
    const { organisationId, locationId } = first;
    const second = await anExpectedSession().atLocation(organisationId, locationId).startingIn(0).build(h.dataSource);
    const third = await anExpectedSession().atLocation(organisationId, locationId).startingIn(0).build(h.dataSource);
    const grade = (appointmentId: string, g: number) =>
      h.dataSource.query(
        `UPDATE session SET state = jsonb_set(state, '{highestReactionGrade}', to_jsonb($2::int)) WHERE appointment_id = $1`,
        [appointmentId, g],
      );
    await grade(first.session.appointmentId, 2);
    await grade(second.session.appointmentId, 3);

    const board = await h.get(DayBoardQuery).execute({
      organisationId,
      locationId,
      date: first.session.localDate,
      now: new Date(),
    });
    const flagsOf = (id: string) => board.sessions.find((s) => s.appointmentId === id)?.flags;
    expect(flagsOf(first.session.appointmentId)).toEqual(['reaction']);
    expect(flagsOf(second.session.appointmentId)).toEqual(['reaction', 'severe-reaction']);
    expect(flagsOf(third.session.appointmentId)).toEqual([]);
  });
});
