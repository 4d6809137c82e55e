import { randomUUID } from 'node:crypto';
import { TherapyDefinedV1 } from '@chairside/contracts';
import type { PreparationRequirements } from '@chairside/domain';
import { created, type UseCaseHarness } from '@chairside/testing';
import { schedulingHarness } from '../../test/builders/index.js';
import { DefineTherapyUseCase } from './define-therapy/define-therapy.use-case.js';
import { ReviseTherapyUseCase } from './revise-therapy/revise-therapy.use-case.js';
import type { TherapyValues } from './organisation-therapies.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await schedulingHarness('own_therapies');
});
afterAll(() => h?.close());

const values: TherapyValues = {
  name: 'Ocrelizumab infusion',
  defaultDurationMinutes: 210,
  minDurationMinutes: 150,
  maxDurationMinutes: 270,
  routes: ['iv'],
  chairKinds: ['recliner'],
  certification: 'infusion',
  pharmacyLeadMinutes: 60,
  observationMinutes: 60,
  turnoverMinutes: 20,
  vitals: { firstHourEveryMinutes: 15, thenEveryMinutes: 30 },
};
const preparation: PreparationRequirements = {
  fasting: false,
  labsDayBefore: true,
  premedication: true,
  hydration: true,
  bringCompanion: true,
  mayDrive: false,
};

describe('therapies an organisation defines (fast tier)', () => {
  it('defines a therapy counted as a built-in, then revises it at the version the admin saw', async () => {
    const organisationId = randomUUID();
    const defined = await created(
      h.get(DefineTherapyUseCase).execute({ organisationId, code: 'ocrelizumab', countedAs: 'biologics', values, preparation }),
    );
    expect(defined).toMatchObject({ code: 'ocrelizumab', countedAs: 'biologics', version: 1 });
    // Fasting and driving live in the preparation; the placement values keep them in step.
    expect(defined.settings).toMatchObject({
      code: 'biologics',
      requiresFasting: false,
      mayDriveAfter: false,
      turnoverMinutes: 20,
    });

    const revised = await h.get(ReviseTherapyUseCase).execute({
      organisationId,
      therapyId: defined.id,
      countedAs: 'biologics',
      values: { ...values, observationMinutes: 30 },
      preparation: { ...preparation, fasting: true },
      expectedVersion: 1,
    });
    expect(revised).toMatchObject({ version: 2, preparation: { fasting: true }, settings: { observationMinutes: 30 } });
    await expect(
      h.get(ReviseTherapyUseCase).execute({
        organisationId,
        therapyId: defined.id,
        countedAs: 'biologics',
        values,
        preparation,
        expectedVersion: 1,
      }),
    ).rejects.toMatchObject({ problem: { status: 409, type: expect.stringContaining('version-mismatch') } });

    const events = await h.appendedEvents();
    expect(events.map((e) => [e.type, e.aggregateid, e.aggregatesequence])).toEqual([
      [TherapyDefinedV1.type, defined.id, 1],
      [TherapyDefinedV1.type, defined.id, 2],
    ]);
    expect(events[1]!.data).toMatchObject({
      code: 'ocrelizumab',
      countedAs: 'biologics',
      preparation: { fasting: true, bringCompanion: true },
    });
  });

  it('refuses a built-in code, unusable values, a second therapy with the same code, and another organisation’s therapy', async () => {
    const organisationId = randomUUID();
    const define = h.get(DefineTherapyUseCase);
    await expect(define.execute({ organisationId, code: 'iron', countedAs: 'iron', values, preparation })).rejects.toMatchObject({
      problem: { status: 400, errors: [expect.objectContaining({ field: 'code' })] },
    });
    await expect(
      define.execute({
        organisationId,
        code: 'short-iron',
        countedAs: 'iron',
        values: { ...values, defaultDurationMinutes: 400 },
        preparation,
      }),
    ).rejects.toMatchObject({ problem: { status: 400, errors: [expect.objectContaining({ field: 'defaultDurationMinutes' })] } });
    const first = await created(
      define.execute({
        organisationId,
        code: 'vedolizumab',
        countedAs: 'biologics',
        values,
        preparation,
      }),
    );
    await expect(
      define.execute({ organisationId, code: 'vedolizumab', countedAs: 'biologics', values, preparation }),
    ).rejects.toMatchObject({ problem: { status: 409, therapyId: first.id } });
    await expect(
      h.get(ReviseTherapyUseCase).execute({
        organisationId: randomUUID(),
        therapyId: first.id,
        countedAs: 'biologics',
        values,
        preparation,
      }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    expect((await h.appendedEvents()).map((e) => e.data.code)).toEqual(['vedolizumab']);
  });
});
