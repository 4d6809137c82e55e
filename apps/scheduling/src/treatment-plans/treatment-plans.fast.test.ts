import { randomUUID } from 'node:crypto';
import { AppointmentBookedV1, AppointmentCancelledV1, TreatmentPlanBookedV1 } from '@chairside/contracts';
import type { UseCaseHarness } from '@chairside/testing';
import { aLocation, aPatient, at, localDayAhead, schedulingHarness } from '../../test/builders/index.js';
import { BookTreatmentPlanUseCase } from './book-treatment-plan/book-treatment-plan.use-case.js';
import { CancelTreatmentPlanUseCase } from './cancel-treatment-plan/cancel-treatment-plan.use-case.js';

const ZONE = 'Europe/Madrid';
let h: UseCaseHarness;
beforeAll(async () => {
  h = await schedulingHarness('plans');
});
afterAll(() => h?.close());

describe('treatment plans (fast tier)', () => {
  it('books the doses it can place and lists the others with the reason', async () => {
    const day = localDayAhead(ZONE, 3);
    // Staffed on the first dose's day only: the second dose, a week later, has no nurse.
    const center = await aLocation().inZone(ZONE).withChairs(2).withNurses(1).staffedOn(day).build(h.dataSource);
    const patient = await aPatient().inOrganisation(center.organisationId).build(h.dataSource);
    const { placed, unplaced } = await h.get(BookTreatmentPlanUseCase).execute({
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
    const { plan, placed } = await h.get(BookTreatmentPlanUseCase).execute({
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
    expect((await h.appendedEvents()).map((e) => [e.type, e.data.reason])).toEqual([[AppointmentCancelledV1.type, 'clinical']]);
    await expect(h.get(CancelTreatmentPlanUseCase).execute(command)).rejects.toMatchObject({
      problem: { status: 409, type: '/problems/invalid-transition' },
    });
  });
});
