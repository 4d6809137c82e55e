import { randomUUID } from 'node:crypto';
import {
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentRescheduledV1,
  TreatmentPlanBookedV1,
  TreatmentPlanCancelledV1,
  TreatmentPlanRescheduledV1,
} from '@chairside/contracts';
import type { UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import {
  type BookedPlan,
  type BookTreatmentPlanCommand,
  BookTreatmentPlanUseCase,
} from './book-treatment-plan/book-treatment-plan.use-case.js';
import { RescheduleTreatmentPlanUseCase } from './reschedule-treatment-plan/reschedule-treatment-plan.use-case.js';
import { CancelTreatmentPlanUseCase } from './cancel-treatment-plan/cancel-treatment-plan.use-case.js';

const ZONE = 'Europe/Madrid';
let h: UseCaseHarness;
beforeAll(async () => {
  h = await schedulingHarness('plans');
});
afterAll(() => h?.close());

const bookPlan = async (command: BookTreatmentPlanCommand): Promise<BookedPlan> =>
  (await h.get(BookTreatmentPlanUseCase).execute(command)).body as BookedPlan;

describe('treatment plans (fast tier)', () => {
  it('books the doses it can place and lists the others with the reason', async () => {
    const day = localDayAhead(ZONE, 3);
    // Staffed on the first dose's day only: the second dose, a week later, has no nurse.
    const center = await aLocation().inZone(ZONE).withChairs(2).withNurses(1).staffedOn(day).build(h.dataSource);
    const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
    const { placed, unplaced } = await bookPlan({
      organisationId: center.organisationId,
      locationId: center.location.id,
      patientId: patient.id,
      therapyCode: 'iron',
      doses: 2,
      intervalDays: 7,
      firstStartsAt: at(ZONE, day, '09:00'),
      toleranceDays: 0,
      now: new Date(),
    });
    expect(placed.map((p) => p.dose)).toEqual([1]);
    expect(unplaced.map((u) => u.dose)).toEqual([2]);
    const types = (await h.appendedEvents()).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining([AppointmentBookedV1.type, TreatmentPlanBookedV1.type]));
  });

  it('cancels a plan with its doses still to come, once', async () => {
    const day = localDayAhead(ZONE, 4);
    const center = await aLocation().inZone(ZONE).withChairs(2).withNurses(1).staffedOn(day).build(h.dataSource);
    const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
    const { plan, placed } = await bookPlan({
      organisationId: center.organisationId,
      locationId: center.location.id,
      patientId: patient.id,
      therapyCode: 'iron',
      doses: 2,
      intervalDays: 7,
      firstStartsAt: at(ZONE, day, '09:00'),
      toleranceDays: 0,
      now: new Date(),
    });
    await h.appendedEvents();
    const command = {
      organisationId: center.organisationId,
      locationId: center.location.id,
      planId: plan.id,
      reason: 'clinical' as const,
      now: new Date(),
    };
    await expect(h.get(CancelTreatmentPlanUseCase).execute({ ...command, organisationId: randomUUID() })).rejects.toMatchObject({
      problem: { status: 404 },
    });
    const cancelled = await h.get(CancelTreatmentPlanUseCase).execute(command);
    expect(cancelled).toMatchObject({
      plan: { status: 'cancelled', cancellationReason: 'clinical' },
      cancelledAppointmentIds: placed.map((p) => p.appointmentId),
    });
    expect((await h.appendedEvents()).map((e) => [e.type, e.data.reason, e.aggregatesequence])).toEqual([
      [AppointmentCancelledV1.type, 'clinical', 2],
      [TreatmentPlanCancelledV1.type, 'clinical', 2],
    ]);
    await expect(h.get(CancelTreatmentPlanUseCase).execute(command)).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/invalid-transition' },
    });
  });

  it('moves every remaining dose later, all or none, and names the dose that cannot go', async () => {
    const days = [localDayAhead(ZONE, 5), localDayAhead(ZONE, 12), localDayAhead(ZONE, 19)];
    const center = await aLocation()
      .inZone(ZONE)
      .withChairs(1)
      .withNurses(1)
      .staffedOn(days[0]!)
      .staffedOn(days[1]!)
      .staffedOn(days[2]!)
      .build(h.dataSource);
    const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
    const { plan, placed } = await bookPlan({
      organisationId: center.organisationId,
      locationId: center.location.id,
      patientId: patient.id,
      therapyCode: 'iron',
      doses: 2,
      intervalDays: 7,
      firstStartsAt: at(ZONE, days[0]!, '09:00'),
      toleranceDays: 0,
      now: new Date(),
    });
    expect(placed).toHaveLength(2);
    await h.appendedEvents();
    const command = {
      organisationId: center.organisationId,
      locationId: center.location.id,
      planId: plan.id,
      now: new Date(),
    };
    // A week later: dose 1 lands where dose 2 is now, which moves first.
    const moved = await h.get(RescheduleTreatmentPlanUseCase).execute({ ...command, firstStartsAt: at(ZONE, days[1]!, '09:00') });
    expect(moved.moved.map((m) => [m.dose, m.startsAt])).toEqual([
      [1, at(ZONE, days[1]!, '09:00').toISOString()],
      [2, at(ZONE, days[2]!, '09:00').toISOString()],
    ]);
    expect(moved.plan.version).toBe(2);
    expect((await h.appendedEvents()).map((e) => e.type)).toEqual([
      AppointmentRescheduledV1.type,
      AppointmentRescheduledV1.type,
      TreatmentPlanRescheduledV1.type,
    ]);
    // A week later again: dose 2 would fall on a day nobody works; nothing moves.
    await expect(
      h.get(RescheduleTreatmentPlanUseCase).execute({ ...command, firstStartsAt: at(ZONE, days[2]!, '09:00') }),
    ).rejects.toMatchObject({ problem: { status: 409, type: '/problems/dose-unavailable', dose: 2 } });
    expect(await h.appendedEvents()).toEqual([]);
    const rows = (await h.dataSource.query(
      'SELECT dose_number, starts_at FROM appointment WHERE treatment_plan_id = $1 ORDER BY dose_number',
      [plan.id],
    )) as Array<{ dose_number: number; starts_at: Date }>;
    expect(rows.map((r) => r.starts_at.toISOString())).toEqual(moved.moved.map((m) => m.startsAt));
    await expect(
      h
        .get(RescheduleTreatmentPlanUseCase)
        .execute({ ...command, expectedVersion: 1, firstStartsAt: at(ZONE, days[1]!, '10:00') }),
    ).rejects.toMatchObject({ problem: { status: 409, type: '/problems/version-mismatch' } });
  });

  it('moves a dose onto the time a later dose of the plan leaves, whatever the order', async () => {
    // Doses on D, D+7, D+14; the new series starts a day earlier every 15 days: dose 2's new time
    // is dose 3's old one, which moves away only after dose 2 was first tried.
    const offsets = [20, 21, 28, 35, 50];
    const days = offsets.map((o) => localDayAhead(ZONE, o));
    const builder = aLocation().inZone(ZONE).withChairs(1).withNurses(1);
    for (const d of days) builder.staffedOn(d);
    const center = await builder.build(h.dataSource);
    const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
    const { plan, placed } = await bookPlan({
      organisationId: center.organisationId,
      locationId: center.location.id,
      patientId: patient.id,
      therapyCode: 'iron',
      doses: 3,
      intervalDays: 7,
      firstStartsAt: at(ZONE, days[1]!, '09:00'),
      toleranceDays: 0,
      now: new Date(),
    });
    expect(placed).toHaveLength(3);
    const { moved } = await h.get(RescheduleTreatmentPlanUseCase).execute({
      organisationId: center.organisationId,
      locationId: center.location.id,
      planId: plan.id,
      firstStartsAt: at(ZONE, days[0]!, '09:00'),
      intervalDays: 15,
      now: new Date(),
    });
    expect(moved.map((m) => m.startsAt)).toEqual([
      at(ZONE, days[0]!, '09:00').toISOString(),
      at(ZONE, days[3]!, '09:00').toISOString(),
      at(ZONE, days[4]!, '09:00').toISOString(),
    ]);
    await h.appendedEvents();
  });
});
