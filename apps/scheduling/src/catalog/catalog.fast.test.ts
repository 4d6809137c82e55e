import { randomUUID } from 'node:crypto';
import { TherapySettingsChangedV1 } from '@chairside/contracts';
import { DEFAULT_THERAPIES } from '@chairside/domain';
import type { UseCaseHarness } from '@chairside/testing';
import { schedulingHarness } from '../../test/builders/index.js';
import { ReplaceTherapySettingsUseCase } from './replace-therapy-settings/replace-therapy-settings.use-case.js';
import { ResetTherapySettingsUseCase } from './reset-therapy-settings/reset-therapy-settings.use-case.js';

let h: UseCaseHarness;
beforeAll(async () => {
  h = await schedulingHarness('catalog');
});
afterAll(() => h?.close());

describe('therapy catalog (fast tier)', () => {
  it("replaces an organisation's values for a therapy, then resets them to the default", async () => {
    const organisationId = randomUUID();
    const iron = DEFAULT_THERAPIES.iron;
    const replaced = await h.get(ReplaceTherapySettingsUseCase).execute({
      organisationId,
      definition: { ...iron, observationMinutes: iron.observationMinutes + 15 },
      expectedVersion: 0,
    });
    expect(replaced.version).toBe(1);
    const reset = await h.get(ResetTherapySettingsUseCase).execute({ organisationId, code: 'iron', expectedVersion: 1 });
    expect(reset).toMatchObject({ version: 2, settings: iron });
    expect((await h.appendedEvents()).map((e) => [e.type, e.aggregatesequence, e.data.isDefault])).toEqual([
      [TherapySettingsChangedV1.type, 1, false],
      [TherapySettingsChangedV1.type, 2, true],
    ]);
  });

  it('has nothing to reset for a therapy never changed, and refuses a stale version', async () => {
    const organisationId = randomUUID();
    expect(await h.get(ResetTherapySettingsUseCase).execute({ organisationId, code: 'steroids' })).toBeNull();
    await expect(
      h
        .get(ReplaceTherapySettingsUseCase)
        .execute({ organisationId, definition: DEFAULT_THERAPIES.steroids, expectedVersion: 3 }),
    ).rejects.toMatchObject({ problem: { status: 409 } });
    expect(await h.appendedEvents()).toEqual([]);
  });
});
